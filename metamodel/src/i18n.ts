import { z } from 'zod';

/** The locales Folyam speaks. Hungarian is first-class, English second. */
export const LOCALES = ['hu', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A label in every locale: `{ hu: 'Cég', en: 'Company' }`. */
export const LocalizedText = z.object({
  hu: z.string().min(1),
  en: z.string().min(1),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Picks the text for a locale, falling back to Hungarian, then English. */
export function localize(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.hu || text.en;
}

/** Replaces `{name}` placeholders in both locales. */
export function format(text: LocalizedText, params: Record<string, unknown> = {}): LocalizedText {
  const value = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? value(params[k]) : `{${k}}`));
  return { hu: fill(text.hu), en: fill(text.en) };
}
