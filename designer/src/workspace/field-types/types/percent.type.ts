import { formatPercent } from '../../../i18n/format.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';
import { NUMBER_FILTER_OPS } from './integer.type.ts';

export default defineFieldType({
  type: 'percent',
  list: (value, _field, { locale }) => formatPercent(value, locale),
  input: lazyInput(() => import('../inputs/NumberInput.vue')),
  filterOps: [...NUMBER_FILTER_OPS],
  filterValue: 'number',
  align: 'end',
});
