import { formatMoney } from '../../../i18n/format.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';
import { NUMBER_FILTER_OPS } from './integer.type.ts';

export default defineFieldType({
  type: 'money',
  list: (value, field, { locale }) =>
    formatMoney(typeof value === 'number' ? { amount: value, currency: field.currency ?? 'HUF' } : value, locale),
  input: lazyInput(() => import('../inputs/MoneyInput.vue')),
  // the filter compares the amount
  filterOps: [...NUMBER_FILTER_OPS],
  filterValue: 'number',
  align: 'end',
});
