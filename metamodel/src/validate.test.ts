import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { validateRecordInput } from './record.ts';
import { validateEntity } from './validate.ts';
import type { Entity } from './entity.ts';

const company: Entity = {
  id: 'company',
  name: 'company',
  label: { hu: 'Cég', en: 'Company' },
  pluralLabel: { hu: 'Cégek', en: 'Companies' },
  fields: [
    { id: 'c_name', name: 'name', type: 'text', label: { hu: 'Név', en: 'Name' }, required: true },
    { id: 'c_tax', name: 'taxNumber', type: 'text', format: 'huTaxNumber', label: { hu: 'Adószám', en: 'Tax number' } },
    {
      id: 'c_status',
      name: 'status',
      type: 'enum',
      default: 'prospect',
      label: { hu: 'Állapot', en: 'Status' },
      options: [
        { value: 'prospect', label: { hu: 'Érdeklődő', en: 'Prospect' } },
        { value: 'active', label: { hu: 'Aktív', en: 'Active' } },
      ],
    },
    { id: 'c_rev', name: 'revenue', type: 'money', label: { hu: 'Árbevétel', en: 'Revenue' }, min: 0 },
    { id: 'c_emp', name: 'employees', type: 'integer', label: { hu: 'Létszám', en: 'Employees' }, min: 0 },
  ],
};

describe('validateEntity', () => {
  it('accepts a valid entity', () => {
    expect(validateEntity(company, ['company']).ok).toBe(true);
  });
  it('names the path of each problem, in Hungarian and English', () => {
    // given
    const badShape = {
      ...company,
      fields: [...company.fields, { id: 'x', name: 'Bad Name', type: 'text', label: { hu: 'x', en: 'x' } }],
    };
    const duplicate = { ...company, fields: [...company.fields, { ...company.fields[0], id: 'c_other' }] };
    // when
    const r = validateEntity(badShape, ['company']);
    const d = validateEntity(duplicate, ['company']);
    // then
    expect(r.ok).toBe(false);
    expect(d.ok).toBe(false);
    if (r.ok || d.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['fields[5].name']);
    expect(d.issues.map((i) => i.path)).toEqual(['fields[0].name', 'fields[5].name']);
    expect(r.issues[0].message.hu).toBeTruthy();
    expect(r.issues[0].message.en).toBeTruthy();
  });
  it('refuses references to unknown entities and FEEL that does not parse', () => {
    const r = validateEntity(
      {
        ...company,
        fields: [
          ...company.fields,
          { id: 'c_parent', name: 'parent', type: 'reference', target: 'nowhere', label: { hu: 'Anya', en: 'Parent' } },
          {
            id: 'c_calc',
            name: 'calc',
            type: 'integer',
            computed: { expression: 'employees +' },
            label: { hu: 'K', en: 'C' },
          },
        ],
      },
      ['company'],
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['fields[5].target', 'fields[6].computed.expression']);
  });
});

describe('validateRecordInput', () => {
  it('applies defaults and normalises money', () => {
    const r = validateRecordInput(company, { name: ' Kft ', revenue: 1000 }, { mode: 'create' });
    expect(r.issues).toEqual([]);
    expect(r.values).toEqual({ name: 'Kft', revenue: { amount: 1000, currency: 'HUF' }, status: 'prospect' });
  });
  it('refuses wrong types, formats, options and system fields', () => {
    const r = validateRecordInput(
      company,
      {
        name: 'X',
        taxNumber: '12345678-2-41',
        status: 'gone',
        employees: 1.5,
        id: 'x',
        version: 3,
        revenue: { amount: '1' },
      },
      { mode: 'create' },
    );
    expect(Object.fromEntries(r.issues.map((i) => [i.path, i.code]))).toEqual({
      taxNumber: 'huTaxNumber',
      status: 'invalidOption',
      employees: 'integer',
      id: 'readOnly',
      version: 'readOnly',
      'revenue.amount': 'number',
    });
  });
  it('requires required fields on create only', () => {
    expect(validateRecordInput(company, {}, { mode: 'create' }).issues.map((i) => i.path)).toEqual(['name']);
    expect(validateRecordInput(company, {}, { mode: 'update' }).issues).toEqual([]);
    expect(validateRecordInput(company, { name: null }, { mode: 'update' }).issues.map((i) => i.code)).toEqual([
      'required',
    ]);
  });
  it('refuses object-shaped values where scalars belong', () => {
    const r = validateRecordInput(company, { name: { $gt: '' } }, { mode: 'update' });
    expect(r.issues.map((i) => i.code)).toEqual(['invalidType']);
  });
});

describe('canonicalJson', () => {
  it('sorts keys and leaves out defaults', () => {
    expect(canonicalJson({ b: 1, a: { required: false, unique: true } })).toBe(
      '{\n  "a": {\n    "unique": true\n  },\n  "b": 1\n}\n',
    );
  });
});
