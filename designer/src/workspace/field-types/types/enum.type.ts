import type { EnumOption } from '@folyam/metamodel';
import { localize } from '../../../i18n/localize.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

/** The localised label of an option value, or the value itself when the option is gone. */
export function optionLabel(options: EnumOption[], value: unknown, locale: string): string {
  const o = options.find((x) => x.value === value);
  return o ? localize(o.label, locale) : String(value);
}

export default defineFieldType({
  type: 'enum',
  list: (value, field, { locale }) => optionLabel(field.options, value, locale),
  input: lazyInput(() => import('../inputs/EnumInput.vue')),
  filterOps: ['eq', 'ne', 'in', 'isEmpty', 'isNotEmpty'],
  filterValue: 'enum',
});
