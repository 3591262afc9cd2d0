import { formatDateTime } from '../../../i18n/format.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';
import { DATE_FILTER_OPS } from './date.type.ts';

export default defineFieldType({
  type: 'datetime',
  list: (value, _field, { locale }) => formatDateTime(value, locale),
  input: lazyInput(() => import('../inputs/DateTimeInput.vue')),
  filterOps: [...DATE_FILTER_OPS],
  filterValue: 'datetime',
});
