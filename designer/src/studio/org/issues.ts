/** Server validation errors (`details[].path`) shown on the inputs they concern; anything else as one message. */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../api/client.ts';
import { localize } from '../../i18n/localize.ts';
import { mapIssues, type IssueMap } from '../entity/issues.ts';

export function useServerIssues() {
  const { t, locale } = useI18n();
  const issues = ref<IssueMap>({});
  const general = ref('');

  /** The messages of a path and of the paths below it (`roles` also shows `roles[1]`). */
  const err = (path: string): string[] =>
    Object.entries(issues.value)
      .filter(([k]) => k === path || k.startsWith(`${path}[`) || k.startsWith(`${path}.`))
      .flatMap(([, v]) => v.map((m) => localize(m, locale.value)));

  function reset(): void {
    issues.value = {};
    general.value = '';
  }

  /** Takes a failure: field issues onto the fields, the rest as the general message. */
  function fail(e: unknown, known: string[] = []): void {
    if (e instanceof ApiError && e.details.length) {
      issues.value = mapIssues(e.details, []);
      const unplaced = e.details.filter(
        (d) => !known.some((k) => d.path === k || d.path.startsWith(`${k}[`) || d.path.startsWith(`${k}.`)),
      );
      general.value = unplaced.length
        ? unplaced.map((d) => `${d.path}: ${localize(issues.value[d.path]?.[0], locale.value)}`).join(' ')
        : '';
    } else general.value = e instanceof ApiError ? e.text(locale.value) : t('common.unknownError');
  }

  return { issues, general, err, reset, fail };
}
