import { describe, expect, it } from 'vitest';
import { blankField } from './field-kinds.ts';
import { fieldIssues, mapIssues } from './issues.ts';
import { stableFieldId, toIdentifier, uniqueName } from './naming.ts';

describe('names and ids the entity designer proposes', () => {
  it('makes identifiers from labels', () => {
    expect(toIdentifier('Due date')).toBe('dueDate');
    expect(toIdentifier('Határidő')).toBe('hatarido');
    expect(toIdentifier('  Ügyfél neve ')).toBe('ugyfelNeve');
    expect(toIdentifier('2nd phone')).toBe('f2ndPhone');
    expect(toIdentifier('—')).toBe('');
  });

  it('keeps names and ids unique', () => {
    expect(uniqueName('status', ['name', 'status', 'status2'])).toBe('status3');
    expect(stableFieldId('project', 'due', ['project_name'])).toBe('project_due');
    expect(stableFieldId('project', 'due', ['project_due'])).toBe('project_due_2');
  });
});

describe('server issues on the designer inputs', () => {
  it('keys field issues by the field, not by its index', () => {
    // given the fields as they were sent, and the server's answer
    const map = mapIssues(
      [
        { path: 'fields[1].label.en', code: 'tooShort', message: { hu: 'Kötelező.', en: 'Required.' } },
        { path: 'label.hu', code: 'required', message: 'Required' },
      ],
      ['project_name', 'new_1'],
    );
    // then
    expect(fieldIssues(map, 'new_1')).toEqual({ 'label.en': [{ hu: 'Kötelező.', en: 'Required.' }] });
    expect(map['label.hu']).toEqual([{ hu: 'Required', en: 'Required' }]);
  });
});

describe('changing a field type', () => {
  it('keeps what every type shares and drops the rest', () => {
    const f = blankField('enum', {
      id: 'x_a',
      name: 'a',
      type: 'text',
      maxLength: 5,
      required: true,
      label: { hu: 'A', en: 'A' },
    });
    expect(f).toEqual({
      id: 'x_a',
      name: 'a',
      type: 'enum',
      required: true,
      label: { hu: 'A', en: 'A' },
      options: [{ value: '', label: { hu: '', en: '' } }],
    });
  });
});
