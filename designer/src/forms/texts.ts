/**
 * UI texts of Folyam's form-js fields (form-js renders outside vue-i18n), and Hungarian for form-js's own
 * validation messages, which it only knows in English.
 */
import type { LocalizedText } from '@folyam/metamodel';

const TEXTS = {
  typeToSearch: { hu: 'Gépeljen a kereséshez…', en: 'Type to search…' },
  searching: { hu: 'Keresés…', en: 'Searching…' },
  noResults: { hu: 'Nincs találat.', en: 'No results.' },
  results: { hu: '{n} találat', en: '{n} results' },
  clear: { hu: 'Érték törlése', en: 'Clear the value' },
  openRecord: { hu: 'A hivatkozott rekord megnyitása', en: 'Open the referenced record' },
  choose: { hu: 'Válasszon…', en: 'Choose…' },
  currency: { hu: 'Pénznem', en: 'Currency' },
  notANumber: { hu: 'Számot adjon meg.', en: 'Enter a number.' },
  noFile: { hu: 'Nincs fájl.', en: 'No file.' },
  upload: { hu: 'Fájl feltöltése', en: 'Upload a file' },
  uploading: { hu: 'Feltöltés…', en: 'Uploading…' },
  uploadFailed: { hu: 'A feltöltés nem sikerült.', en: 'The upload failed.' },
  taxNumberInvalid: {
    hu: 'Érvénytelen adószám (formátum: 12345676-2-41, ellenőrző számjegy, áfakód 1–5).',
    en: 'Not a valid Hungarian tax number (format 12345676-2-41, check digit, VAT code 1–5).',
  },
  phoneInvalid: { hu: 'Érvénytelen telefonszám.', en: 'Not a valid phone number.' },
} satisfies Record<string, LocalizedText>;

export type TextKey = keyof typeof TEXTS;

export function text(key: TextKey, locale: string, params: Record<string, string | number> = {}): string {
  const t = TEXTS[key];
  const s = (t as Record<string, string>)[locale] ?? t.hu;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

const HU_VALIDATION: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Field is required\.$/, () => 'Kötelező mező.'],
  [/^Field must have minimum value of (.+)\.$/, (m) => `Legalább ${m[1]} legyen.`],
  [/^Field must have maximum value of (.+)\.$/, (m) => `Legfeljebb ${m[1]} lehet.`],
  [/^Field must have minimum length of (.+)\.$/, (m) => `Legalább ${m[1]} karakter legyen.`],
  [/^Field must have maximum length of (.+)\.$/, (m) => `Legfeljebb ${m[1]} karakter lehet.`],
  [/^Field must match pattern .+\.$/s, () => 'A formátum nem megfelelő.'],
  [/^Field must be a valid email\.$/, () => 'Érvénytelen e-mail-cím.'],
  [/^Field must be a valid\s+international phone number/, () => 'Érvénytelen telefonszám.'],
  [/^Value is expected to be an integer\.$/, () => 'Egész szám kell.'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (m) => `Legfeljebb ${m[1]} tizedesjegy lehet.`],
  [
    /^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    (m) => `Érvénytelen érték; a két legközelebbi érvényes: ${m[1]} és ${m[2]}.`,
  ],
];

/** A form-js validation message in the UI locale (English ones pass through). */
export function translateValidation(message: string, locale: string): string {
  if (locale !== 'hu') return message;
  for (const [re, make] of HU_VALIDATION) {
    const m = message.match(re);
    if (m) return make(m);
  }
  return message;
}
