/** Phone numbers to E.164, the only form Twilio and fax gateways take. Hungarian is the default region. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { customIssue, inputError } from '../errors.ts';

/**
 * `06 30 123 4567`, `+36 30 123 4567`, `0036301234567`, `30/123-4567` → `+36301234567`; null when it is not a
 * valid number (wrong length, unknown prefix, letters).
 */
export function toE164(value: string, defaultRegion: CountryCode = 'HU'): string | null {
  if (typeof value !== 'string' || value.length > 40 || /[\r\n]/.test(value)) return null;
  // "00" is the international prefix in Hungary and most of Europe; libphonenumber reads it for the region given.
  const p = parsePhoneNumberFromString(value.trim(), defaultRegion);
  return p && p.isValid() ? p.number : null;
}

/** Like `toE164`, but throws `PHONE_INVALID` naming the field, for send paths. */
export function requireE164(value: string, path = 'to', defaultRegion: CountryCode = 'HU'): string {
  const e164 = toE164(value, defaultRegion);
  if (e164) return e164;
  throw inputError(
    'PHONE_INVALID',
    { hu: `Érvénytelen telefonszám: ${value}`, en: `Not a valid phone number: ${value}` },
    [
      customIssue(
        path,
        'phone',
        'Érvénytelen telefonszám (pl. +36 30 123 4567).',
        'Not a valid phone number (e.g. +36 30 123 4567).',
      ),
    ],
  );
}
