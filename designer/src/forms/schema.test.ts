import { defaultFormSchema, type Entity } from '@folyam/metamodel';
import { describe, expect, it } from 'vitest';
import {
  componentIdsByKey,
  fieldsNotOnForm,
  fromFormValue,
  prepareViewerSchema,
  toFormData,
  type FormSchema,
} from './schema.ts';
import type { SchemaComponent } from './registry.ts';

const project: Entity = {
  id: 'project',
  name: 'project',
  label: { hu: 'Projekt', en: 'Project' },
  pluralLabel: { hu: 'Projektek', en: 'Projects' },
  fields: [
    { id: 'project_name', name: 'name', type: 'text', required: true, maxLength: 40, label: { hu: 'Név', en: 'Name' } },
    { id: 'project_due', name: 'due', type: 'date', label: { hu: 'Határidő', en: 'Due' } },
    {
      id: 'project_status',
      name: 'status',
      type: 'enum',
      label: { hu: 'Állapot', en: 'Status' },
      options: [
        { value: 'planned', label: { hu: 'Tervezett', en: 'Planned' } },
        { value: 'active', label: { hu: 'Folyamatban', en: 'Active' } },
      ],
    },
    { id: 'project_budget', name: 'budget', type: 'integer', min: 0, label: { hu: 'Keret', en: 'Budget' } },
    {
      id: 'project_tags',
      name: 'tags',
      type: 'multiEnum',
      label: { hu: 'Címkék', en: 'Tags' },
      options: [{ value: 'a', label: { hu: 'Á', en: 'A' } }],
    },
    { id: 'project_extra', name: 'extra', type: 'json', label: { hu: 'Egyéb', en: 'Extra' } },
  ],
};

const schema = () => defaultFormSchema(project) as unknown as FormSchema;
const byKey = (s: FormSchema, key: string) => s.components.find((c) => c.key === key) as SchemaComponent;

describe('the schema the record page renders', () => {
  it('takes labels from the entity in the UI language', () => {
    // given a form that stores the Hungarian label once
    const s = schema();
    byKey(s, 'name').label = 'Projekt neve';
    // when it is prepared for English
    const out = prepareViewerSchema(s, project, 'en');
    // then bound components carry the field's English label, options too
    expect(byKey(out, 'name').label).toBe('Name');
    expect(byKey(out, 'tags').values).toEqual([{ value: 'a', label: 'A' }]);
    expect(byKey(s, 'name').label).toBe('Projekt neve');
  });

  it('lays the field rules over the component', () => {
    const out = prepareViewerSchema(schema(), project, 'hu');
    expect(byKey(out, 'name').validate).toMatchObject({ required: true, maxLength: 40 });
    expect(byKey(out, 'budget')).toMatchObject({ decimalDigits: 0, validate: { min: 0 } });
    expect(byKey(out, 'due').subtype).toBe('date');
  });

  it('puts generated components two to a row, and keeps designed rows', () => {
    const s = schema();
    byKey(s, 'extra').layout = { columns: 16, row: 'Row_mine' };
    const out = prepareViewerSchema(s, project, 'hu');
    const rows = out.components.map((c) => (c.layout as { row: string }).row);
    expect(rows[0]).toBe(rows[1]);
    expect(rows[2]).toBe(rows[3]);
    expect(rows[1]).not.toBe(rows[2]);
    expect(rows[5]).toBe('Row_mine');
  });

  it('knows which component edits which field, and which fields the form leaves out', () => {
    const s = schema();
    s.components = s.components.filter((c) => c.key !== 'due');
    expect(componentIdsByKey(s, project).get('status')).toBe('field_project_status');
    expect(fieldsNotOnForm(s, project).map((f) => f.name)).toEqual(['due']);
  });

  it('converts values between the data API and form-js', () => {
    const [name, , , budget, , extra] = project.fields;
    expect(toFormData({ extra: { a: 1 }, name: 'X' }, project)).toEqual({ extra: '{\n  "a": 1\n}', name: 'X' });
    expect(fromFormValue(extra, '{"a": 2}')).toEqual({ a: 2 });
    expect(fromFormValue(name, '')).toBeNull();
    expect(fromFormValue(budget, '12')).toBe(12);
  });
});
