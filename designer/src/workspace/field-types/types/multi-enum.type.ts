import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';
import { optionLabel } from './enum.type.ts';

export default defineFieldType({
  type: 'multiEnum',
  list: (value, field, { locale }) =>
    (Array.isArray(value) ? value : [value]).map((v) => optionLabel(field.options, v, locale)).join(', '),
  input: lazyInput(() => import('../inputs/EnumInput.vue')),
  filterOps: ['contains', 'isEmpty', 'isNotEmpty'],
  filterValue: 'enum',
  sortable: false,
});
