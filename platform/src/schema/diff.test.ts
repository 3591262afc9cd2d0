import { describe, expect, it } from 'vitest';
import type { Entity } from '@folyam/metamodel';
import { schemaDiff } from './diff.ts';

const label = { hu: 'x', en: 'x' };
const company: Entity = {
  id: 'company',
  name: 'company',
  label,
  pluralLabel: label,
  fields: [
    { id: 'c_name', name: 'name', type: 'text', label, required: true },
    { id: 'c_tax', name: 'taxNumber', type: 'text', label, unique: true },
  ],
};
const contact: Entity = {
  id: 'contact',
  name: 'contact',
  label,
  pluralLabel: label,
  fields: [{ id: 'p_company', name: 'company', type: 'reference', target: 'company', label }],
};
const ops = (e: Entity[], f: Entity[]) => schemaDiff(e, f).steps.map((s) => s.op);

describe('schemaDiff', () => {
  it('creates tables in reference order, with their indexes', () => {
    const plan = schemaDiff([], [contact, company]);
    expect(plan.steps.map((s) => ('table' in s ? s.table : ''))).toEqual(['company', 'contact']);
    const create = plan.steps[0];
    expect(create.op === 'createTable' && create.indexes).toEqual([
      { name: 'ix_company_u_c_tax', columns: ['tax_number'], unique: true },
    ]);
    expect(plan.dataLoss).toBe(false);
  });

  it('adds a column for a new field', () => {
    const next = {
      ...company,
      fields: [...company.fields, { id: 'c_emp', name: 'employees', type: 'integer' as const, label }],
    };
    const plan = schemaDiff([company], [next]);
    expect(plan.steps).toMatchObject([
      { op: 'addColumn', table: 'company', column: { name: 'employees', type: { kind: 'integer' } } },
    ]);
  });

  it('renames a column when a field with the same id gets a new name, keeping its index', () => {
    const next = { ...company, fields: [company.fields[0], { ...company.fields[1], name: 'vatId' }] };
    const plan = schemaDiff([company], [next]);
    expect(plan.steps).toMatchObject([{ op: 'renameColumn', from: 'tax_number', to: 'vat_id' }]);
    expect(plan.dataLoss).toBe(false);
  });

  it('flags dropping a removed field as data loss', () => {
    const plan = schemaDiff([company], [{ ...company, fields: [company.fields[0]] }]);
    expect(plan.steps.map((s) => [s.op, s.dataLoss])).toEqual([
      ['dropIndex', false],
      ['dropColumn', true],
    ]);
    expect(plan.dataLoss).toBe(true);
  });

  it('treats widening as safe and narrowing as data loss', () => {
    const wider = { ...company, fields: [{ ...company.fields[0], maxLength: 500 }, company.fields[1]] };
    const narrower = { ...company, fields: [{ ...company.fields[0], maxLength: 20 }, company.fields[1]] };
    expect(schemaDiff([company], [wider]).dataLoss).toBe(false);
    expect(ops([company], [wider])).toEqual(['alterColumn']);
    expect(schemaDiff([company], [narrower]).dataLoss).toBe(true);
  });

  it('renames a table when an entity with the same id gets a new name', () => {
    expect(ops([company], [{ ...company, name: 'firm' }])).toEqual(['renameTable', 'dropIndex', 'addIndex']);
  });

  it('drops a removed entity only as flagged data loss', () => {
    const plan = schemaDiff([company, contact], [company]);
    expect(plan.steps.map((s) => s.op)).toEqual(['dropTable']);
    expect(plan.dataLoss).toBe(true);
  });

  it('adds a foreign key for a new reference field', () => {
    const next = {
      ...contact,
      fields: [
        ...contact.fields,
        { id: 'p_parent', name: 'parent', type: 'reference' as const, target: 'company', label },
      ],
    };
    expect(ops([company, contact], [company, next])).toEqual(['addColumn', 'addIndex']);
  });

  it('is empty when nothing changed', () => {
    expect(schemaDiff([company, contact], [company, contact]).steps).toEqual([]);
  });
});
