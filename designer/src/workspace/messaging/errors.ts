/** A failure as one line for the user, in their language. */
import { ApiError } from '../../api/client.ts';
import { issueText } from '../../api/client.ts';
import { i18n } from '../../i18n/index.ts';

export function errorText(e: unknown, locale: string): string {
  if (e instanceof ApiError) {
    const first = e.details[0];
    const detail = first ? `${first.path ? `${first.path}: ` : ''}${issueText(first, locale)}` : '';
    const main = e.text(locale);
    return detail && detail !== main ? `${main} (${detail})` : main;
  }
  if (e instanceof Error && e.message) return e.message;
  return String(i18n.global.t('common.unknownError'));
}
