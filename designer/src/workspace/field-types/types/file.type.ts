import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

export default defineFieldType({
  type: 'file',
  list: (value, field, { record }) => record?._titles?.[field.name] ?? String(value),
  input: lazyInput(() => import('../inputs/FileInput.vue')),
  filterOps: ['isEmpty', 'isNotEmpty'],
  filterValue: 'none',
  sortable: false,
});
