/** What every input component shares: its props, and the value it emits (null for empty). */
import type { Field } from '@folyam/metamodel';
import type { DataRecord } from '../../../api/types.ts';

export type InputProps<F extends Field = Field> = {
  field: F;
  modelValue: unknown;
  label: string;
  errorMessages?: string[];
  readonly?: boolean;
  record?: DataRecord | null;
};

/** Placeholders that show the expected shape of Hungarian identifiers. */
export const FORMAT_PLACEHOLDERS: Record<string, string> = {
  huTaxNumber: '12345676-2-41',
  huCompanyRegistrationNumber: '01-09-123456',
  euVatNumber: 'HU12345676',
  huPostcode: '1051',
  teaor: '62.01',
};
