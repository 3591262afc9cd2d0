import { formatNumber } from '../../../i18n/format.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

export const NUMBER_FILTER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'] as const;

export default defineFieldType({
  type: 'integer',
  list: (value, _field, { locale }) => formatNumber(value, locale, { maximumFractionDigits: 0 }),
  input: lazyInput(() => import('../inputs/NumberInput.vue')),
  filterOps: [...NUMBER_FILTER_OPS],
  filterValue: 'number',
  align: 'end',
});
