/** Ctrl+K (⌘K on a Mac) opens the command palette from anywhere in the shell. */
import { onBeforeUnmount, onMounted } from 'vue';

export function usePaletteHotkey(open: () => void): void {
  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      open();
    }
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
