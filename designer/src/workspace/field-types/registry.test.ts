import { FIELD_TYPES, type Field } from '@folyam/metamodel';
import { describe, expect, it } from 'vitest';
import { fieldType, formatValue } from './index.ts';

describe('field-type registry', () => {
  it('has a definition, an input and filter operators for every metamodel field type', () => {
    for (const type of FIELD_TYPES) {
      const def = fieldType(type);
      expect(def.type, type).toBe(type);
      expect(def.input, type).toBeTruthy();
      expect(def.filterOps.length, type).toBeGreaterThan(0);
    }
  });

  it('formats values for lists in the given locale', () => {
    const money = { id: 'm', name: 'revenue', type: 'money', label: { hu: 'Árbevétel', en: 'Revenue' } } as const;
    expect(formatValue(money, { amount: 1234567, currency: 'HUF' }, { locale: 'hu' }).replace(/\s/g, ' ')).toBe(
      '1 234 567 Ft',
    );
    const ref = {
      id: 'r',
      name: 'company',
      type: 'reference',
      target: 'company',
      label: { hu: 'Cég', en: 'Company' },
    } as const;
    expect(
      formatValue(ref, 'id1', { locale: 'hu', record: { id: 'x', version: 1, _titles: { company: 'Alfa Kft.' } } }),
    ).toBe('Alfa Kft.');
    const status: Field = {
      id: 's',
      name: 'status',
      type: 'enum',
      label: { hu: 'Státusz', en: 'Status' },
      options: [{ value: 'active', label: { hu: 'Aktív', en: 'Active' } }],
    };
    expect(formatValue(status, 'active', { locale: 'en' })).toBe('Active');
    expect(formatValue(status, null, { locale: 'en' })).toBe('');
  });
});
