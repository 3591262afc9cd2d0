import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

export const TEXT_FILTER_OPS = ['contains', 'startsWith', 'eq', 'ne', 'isEmpty', 'isNotEmpty'] as const;

export default defineFieldType({
  type: 'text',
  list: (value) => String(value),
  input: lazyInput(() => import('../inputs/TextInput.vue')),
  filterOps: [...TEXT_FILTER_OPS],
  filterValue: 'text',
});
