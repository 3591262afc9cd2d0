import { FIELD_TYPES, formComponentType, type Field } from '@folyam/metamodel';
import { describe, expect, it, vi } from 'vitest';
import type { FolyamFormContext } from './context.ts';
import { formFieldDefinition, formFieldDefinitions } from './index.ts';
import { folyamFieldsModule } from './module.ts';
import { translateValidation } from './texts.ts';

// form-js needs a browser to load; these tests are about our definitions, so its parts are stand-ins here
vi.mock('@bpmn-io/form-js-viewer', () => ({
  FormContext: {},
  Label: () => null,
  Errors: () => null,
  Description: () => null,
}));

const field = (type: string, extra: Record<string, unknown> = {}) =>
  ({
    id: 'x',
    name: 'x',
    type,
    label: { hu: 'X', en: 'X' },
    options: [],
    target: 'company',
    ...extra,
  }) as unknown as Field;

const ctx = { locale: () => 'hu', entity: () => undefined } as unknown as FolyamFormContext;

describe('Folyam form-js field types', () => {
  it('has a definition for every folyam- component the metamodel generates, bound to that field type', () => {
    const fields = [...FIELD_TYPES.map((t) => field(t)), field('text', { format: 'huTaxNumber' })];
    for (const f of fields) {
      const type = formComponentType(f);
      if (!type.startsWith('folyam-')) continue;
      expect(formFieldDefinition(type)?.binds, type).toContain(f.type);
    }
  });

  it('registers each of them with form-js, with a palette entry', () => {
    // given form-js's field registry
    const registered = new Map<string, { config: { keyed: boolean; name: string; iconUrl: string } }>();
    const formFields = { register: (type: string, c: never) => registered.set(type, c) };
    const module = folyamFieldsModule(ctx);
    const [, FolyamFormFields] = module.folyamFormFields as [string, new (f: unknown, c: unknown) => unknown];
    // when the module starts
    new FolyamFormFields(formFields, ctx);
    // then
    expect([...registered.keys()].sort()).toEqual(
      formFieldDefinitions()
        .map((d) => d.type)
        .sort(),
    );
    expect(registered.get('folyam-money')?.config).toMatchObject({ keyed: true, name: 'Pénzösszeg' });
    expect(registered.get('folyam-money')?.config.iconUrl).toMatch(/^data:image\/svg\+xml,/);
  });

  it('checks tax numbers and phone numbers like the server', () => {
    const tax = formFieldDefinition('folyam-tax-number')!;
    expect(tax.validate!('12345676-2-41', undefined, ctx)).toEqual([]);
    expect(tax.validate!('12345678-2-41', undefined, ctx)[0].hu).toMatch(/Érvénytelen adószám/);
    const phone = formFieldDefinition('folyam-phone')!;
    expect(phone.validate!('+36 30 123 4567', undefined, ctx)).toEqual([]);
    expect(phone.validate!('12', undefined, ctx)).toHaveLength(1);
  });

  it('keeps values in their shapes', () => {
    expect(formFieldDefinition('folyam-money')!.sanitizeValue!({ amount: 5, currency: 'EUR' })).toEqual({
      amount: 5,
      currency: 'EUR',
    });
    expect(formFieldDefinition('folyam-money')!.sanitizeValue!('junk')).toBeNull();
    expect(formFieldDefinition('folyam-reference')!.sanitizeValue!('')).toBeNull();
  });

  it('puts form-js validation messages into Hungarian', () => {
    expect(translateValidation('Field is required.', 'hu')).toBe('Kötelező mező.');
    expect(translateValidation('Field must have maximum length of 40.', 'hu')).toBe('Legfeljebb 40 karakter lehet.');
    expect(translateValidation('Field is required.', 'en')).toBe('Field is required.');
  });
});
