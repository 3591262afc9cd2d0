import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

export default defineFieldType({
  type: 'reference',
  // the data API sends the referenced record's title beside the id
  list: (value, field, { record }) => record?._titles?.[field.name] ?? String(value),
  input: lazyInput(() => import('../inputs/ReferenceInput.vue')),
  filterOps: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  filterValue: 'reference',
});
