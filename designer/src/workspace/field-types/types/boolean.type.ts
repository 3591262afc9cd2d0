import { i18n, type UiLocale } from '../../../i18n/index.ts';
import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

export default defineFieldType({
  type: 'boolean',
  list: (value, _field, { locale }) =>
    i18n.global.t(value ? 'common.yes' : 'common.no', {}, { locale: locale as UiLocale }),
  input: lazyInput(() => import('../inputs/BooleanInput.vue')),
  filterOps: ['eq', 'isEmpty', 'isNotEmpty'],
  filterValue: 'boolean',
  align: 'start',
});
