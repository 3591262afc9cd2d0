/** Short messages at the bottom of the screen (saved, deleted, failed). */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Notice = { id: number; text: string; color: 'success' | 'error' | 'info' };

export const useNotifyStore = defineStore('notify', () => {
  const current = ref<Notice | null>(null);
  let seq = 0;

  function show(text: string, color: Notice['color'] = 'info'): void {
    current.value = { id: ++seq, text, color };
  }

  return {
    current,
    success: (text: string) => show(text, 'success'),
    error: (text: string) => show(text, 'error'),
    info: (text: string) => show(text, 'info'),
    dismiss: () => (current.value = null),
  };
});
