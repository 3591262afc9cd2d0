/**
 * Merge fields in a campaign's subject and bodies: `{{contact.givenName}}`, `{{company.name}}`,
 * `{{unsubscribeUrl}}`. A tiny substitution, not a template language: no expressions, no loops, no helpers, so a
 * template can never run code. Values are HTML-escaped in HTML; a field nobody knows becomes empty and is reported.
 */
import { escapeHtml } from '../html.ts';

export type MergeValues = Record<string, string | number | boolean | null | undefined>;

const FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)\s*\}\}/g;

/** The field names a text uses, in order of first use. */
export function mergeFieldsOf(text: string): string[] {
  return [...new Set([...text.matchAll(FIELD)].map((m) => m[1]))];
}

/**
 * `merge('Kedves {{contact.givenName}}!', { 'contact.givenName': 'Anna' }, { known, html: false })` →
 * `{ text: 'Kedves Anna!', unknown: [] }`. `known` names every field that may appear (a known field without a
 * value becomes empty without a warning).
 */
export function merge(
  text: string,
  values: MergeValues,
  options: { known: ReadonlySet<string>; html: boolean },
): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const out = text.replace(FIELD, (_m, name: string) => {
    if (!options.known.has(name)) {
      unknown.add(name);
      return '';
    }
    const v = values[name];
    const s = v === null || v === undefined ? '' : String(v);
    return options.html ? escapeHtml(s) : s;
  });
  return { text: out, unknown: [...unknown] };
}
