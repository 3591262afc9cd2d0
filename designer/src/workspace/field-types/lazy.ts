/** Input components load with the record form, not with lists: `lazyInput(() => import('./inputs/X.vue'))`. */
import { defineAsyncComponent, type Component } from 'vue';

export function lazyInput(loader: () => Promise<{ default: Component }>): Component {
  return defineAsyncComponent({ loader, delay: 0 });
}
