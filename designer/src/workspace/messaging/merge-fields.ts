/** The merge fields a campaign or template may use, as the campaign service fills them in per recipient. */
import type { Localized } from '../../api/types.ts';

export type MergeField = { token: string; label: Localized };

export const MERGE_FIELDS: MergeField[] = [
  { token: '{{contact.givenName}}', label: { hu: 'Keresztnév', en: 'Given name' } },
  { token: '{{contact.familyName}}', label: { hu: 'Vezetéknév', en: 'Family name' } },
  { token: '{{company.name}}', label: { hu: 'Cégnév', en: 'Company name' } },
  { token: '{{unsubscribeUrl}}', label: { hu: 'Leiratkozási link', en: 'Unsubscribe link' } },
];

/** The merge fields a text uses, each once, in order: `usedMergeFields('Kedves {{contact.givenName}}!')`. */
export function usedMergeFields(text: string): string[] {
  return [...new Set(text.match(/\{\{\s*[A-Za-z][A-Za-z0-9_.]*\s*\}\}/g) ?? [])].map((t) => t.replace(/\s+/g, ''));
}

/** Merge fields a text uses that the service does not know (left empty when sent). */
export function unknownMergeFields(text: string): string[] {
  const known = new Set(MERGE_FIELDS.map((f) => f.token));
  return usedMergeFields(text).filter((t) => !known.has(t));
}
