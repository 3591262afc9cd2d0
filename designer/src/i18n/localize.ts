/**
 * Picks a metadata label for the UI locale. A copy of the metamodel's `localize`, kept here so the initial bundle
 * does not pull in zod through the metamodel's schemas.
 */
import type { LocalizedText } from '@folyam/metamodel';
import { currentLocale } from './index.ts';

export function localize(text: LocalizedText | undefined | null, locale: string = currentLocale.value): string {
  if (!text) return '';
  return text[locale as keyof LocalizedText] || text.hu || text.en;
}
