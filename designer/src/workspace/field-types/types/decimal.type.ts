import { formatNumber } from '../../../i18n/format.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';
import { NUMBER_FILTER_OPS } from './integer.type.ts';

export default defineFieldType({
  type: 'decimal',
  list: (value, field, { locale }) =>
    formatNumber(value, locale, {
      minimumFractionDigits: field.scale ?? 0,
      maximumFractionDigits: field.scale ?? 8,
    }),
  input: lazyInput(() => import('../inputs/NumberInput.vue')),
  filterOps: [...NUMBER_FILTER_OPS],
  filterValue: 'number',
  align: 'end',
});
