import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

const MAX_LIST = 80;

export default defineFieldType({
  type: 'json',
  list: (value) => {
    const text = JSON.stringify(value) ?? '';
    return text.length > MAX_LIST ? `${text.slice(0, MAX_LIST)}…` : text;
  },
  input: lazyInput(() => import('../inputs/JsonInput.vue')),
  filterOps: ['isEmpty', 'isNotEmpty'],
  filterValue: 'none',
  wide: true,
  sortable: false,
});
