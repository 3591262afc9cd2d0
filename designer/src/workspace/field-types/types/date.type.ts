import { formatDate } from '../../../i18n/format.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

export const DATE_FILTER_OPS = ['eq', 'gte', 'lte', 'gt', 'lt', 'between', 'isEmpty', 'isNotEmpty'] as const;

export default defineFieldType({
  type: 'date',
  list: (value, _field, { locale }) => formatDate(value, locale),
  input: lazyInput(() => import('../inputs/DateInput.vue')),
  filterOps: [...DATE_FILTER_OPS],
  filterValue: 'date',
});
