/** Users' mobile numbers, kept in E.164 (the form SMS providers take); Hungarian is the default region. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** `06 30 123 4567`, `+36 30 123 4567`, `30/123-4567` → `+36301234567`; null when it is not a valid number. */
export function toE164(value: string): string | null {
  if (typeof value !== 'string' || value.length > 40 || /[\r\n]/.test(value)) return null;
  const p = parsePhoneNumberFromString(value.trim(), 'HU');
  return p && p.isValid() ? p.number : null;
}
