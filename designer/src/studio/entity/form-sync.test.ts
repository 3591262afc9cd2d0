import type { Entity } from '@folyam/metamodel';
import { describe, expect, it } from 'vitest';
import type { FormMeta } from '../../api/meta.api.ts';
import { renameInFeel, syncForm } from './form-sync.ts';

const entity = (fields: [string, string][], name = 'project'): Entity => ({
  id: 'project',
  name,
  label: { hu: 'Projekt', en: 'Project' },
  pluralLabel: { hu: 'Projektek', en: 'Projects' },
  fields: fields.map(([id, n]) => ({ id, name: n, type: 'text', label: { hu: n, en: n } })),
});

const form: FormMeta = {
  id: 'project_form',
  name: 'project',
  entity: 'project',
  schema: {
    components: [
      { type: 'textfield', key: 'status', id: 'a' },
      { type: 'textarea', key: 'lessons', id: 'b', conditional: { hide: '=status != "status"' } },
      { type: 'group', id: 'g', components: [{ type: 'textfield', key: 'old', id: 'c' }] },
    ],
  },
};

describe('a designed form follows its entity', () => {
  it('renames keys and FEEL names, and drops removed fields', () => {
    // given status renamed to state and old removed
    const before = entity([
      ['p_status', 'status'],
      ['p_lessons', 'lessons'],
      ['p_old', 'old'],
    ]);
    const after = entity([
      ['p_status', 'state'],
      ['p_lessons', 'lessons'],
    ]);
    // when
    const out = syncForm(form, before, after)!;
    // then
    expect(out.schema.components).toEqual([
      { type: 'textfield', key: 'state', id: 'a' },
      { type: 'textarea', key: 'lessons', id: 'b', conditional: { hide: '=state != "status"' } },
      { type: 'group', id: 'g', components: [] },
    ]);
  });

  it('follows an entity rename, and leaves an untouched form alone', () => {
    const fields: [string, string][] = [['p_status', 'status']];
    expect(syncForm(form, entity(fields), entity(fields, 'job'))).toMatchObject({ name: 'job', entity: 'job' });
    expect(syncForm(form, entity(fields), entity(fields))).toBeNull();
  });

  it('renames only whole names outside strings', () => {
    expect(renameInFeel('statusCode = status and x = "status"', new Map([['status', 'state']]))).toBe(
      'statusCode = state and x = "status"',
    );
  });
});
