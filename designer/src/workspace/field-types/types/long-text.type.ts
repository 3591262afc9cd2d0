import { defineFieldType } from '../registry.ts';
import { lazyInput } from '../lazy.ts';

const MAX_LIST = 120;

export default defineFieldType({
  type: 'longText',
  list: (value) => {
    // rich text is stored sanitised HTML; lists show its text only
    const text = String(value)
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return text.length > MAX_LIST ? `${text.slice(0, MAX_LIST)}…` : text;
  },
  input: lazyInput(() => import('../inputs/LongTextInput.vue')),
  filterOps: ['contains', 'isEmpty', 'isNotEmpty'],
  filterValue: 'text',
  wide: true,
});
