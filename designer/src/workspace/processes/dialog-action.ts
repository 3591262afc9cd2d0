/**
 * What a process action's dialog does around its call: one call at a time, `busy` meanwhile, and the runtime's
 * refusal as `problems` lines (field path and message in the user's language) while the dialog stays open.
 */
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorLines } from '../../api/client.ts';

export function useDialogAction(): {
  busy: Ref<boolean>;
  problems: Ref<string[]>;
  /** Runs `call` unless one is running; its refusal becomes `problems`. */
  act: (call: () => Promise<void>) => Promise<void>;
} {
  const { t, locale } = useI18n();
  const busy = ref(false);
  const problems = ref<string[]>([]);
  async function act(call: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    problems.value = [];
    busy.value = true;
    try {
      await call();
    } catch (e) {
      problems.value = errorLines(e, locale.value, t('common.unknownError'));
    } finally {
      busy.value = false;
    }
  }
  return { busy, problems, act };
}
