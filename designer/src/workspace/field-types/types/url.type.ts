import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';
import { TEXT_FILTER_OPS } from './text.type.ts';

export default defineFieldType({
  type: 'url',
  list: (value) =>
    String(value)
      .replace(/^https?:\/\//, '')
      .replace(/\/$/, ''),
  input: lazyInput(() => import('../inputs/TextInput.vue')),
  filterOps: [...TEXT_FILTER_OPS],
  filterValue: 'text',
});
