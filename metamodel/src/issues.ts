import type { z } from 'zod';
import { format, type LocalizedText } from './i18n.ts';

/** One problem found in user input or metadata: where it is, a stable code, and the message in both locales. */
export type Issue = { path: string; code: string; message: LocalizedText };

const MESSAGES: Record<string, LocalizedText> = {
  required: { hu: 'Kötelező mező.', en: 'This field is required.' },
  invalidType: { hu: 'Hibás típus: {expected} várt.', en: 'Wrong type: expected {expected}.' },
  tooShort: { hu: 'Legalább {min} karakter legyen.', en: 'Must be at least {min} characters.' },
  tooLong: { hu: 'Legfeljebb {max} karakter lehet.', en: 'Must be at most {max} characters.' },
  tooSmall: { hu: 'Legalább {min} legyen.', en: 'Must be at least {min}.' },
  tooBig: { hu: 'Legfeljebb {max} lehet.', en: 'Must be at most {max}.' },
  tooFewItems: { hu: 'Legalább {min} elem kell.', en: 'Needs at least {min} items.' },
  tooManyItems: { hu: 'Legfeljebb {max} elem lehet.', en: 'At most {max} items are allowed.' },
  pattern: { hu: 'A formátum nem megfelelő.', en: 'The format is not valid.' },
  invalidOption: { hu: 'Nem választható érték: {value}.', en: 'Not an allowed value: {value}.' },
  enum: { hu: 'Csak ezek egyike lehet: {values}.', en: 'Must be one of: {values}.' },
  unknownKey: { hu: 'Ismeretlen mező: {key}.', en: 'Unknown field: {key}.' },
  identifier: {
    hu: 'Kisbetűvel kezdődő, ékezet nélküli azonosító kell (pl. taxNumber).',
    en: 'Must be an identifier starting with a lowercase letter (e.g. taxNumber).',
  },
  stableId: { hu: 'Érvénytelen azonosító.', en: 'Not a valid id.' },
  fieldPath: { hu: 'Érvénytelen mezőútvonal.', en: 'Not a valid field path.' },
  invalid: { hu: 'Érvénytelen érték.', en: 'Invalid value.' },
  integer: { hu: 'Egész szám kell.', en: 'Must be a whole number.' },
  number: { hu: 'Szám kell.', en: 'Must be a number.' },
  boolean: { hu: 'Igen/nem érték kell.', en: 'Must be true or false.' },
  date: { hu: 'Dátum kell ÉÉÉÉ-HH-NN alakban.', en: 'Must be a date as YYYY-MM-DD.' },
  datetime: { hu: 'Időpont kell ISO 8601 alakban.', en: 'Must be a date and time in ISO 8601.' },
  email: { hu: 'Érvénytelen e-mail-cím.', en: 'Not a valid email address.' },
  phone: { hu: 'Érvénytelen telefonszám.', en: 'Not a valid phone number.' },
  url: { hu: 'Érvénytelen webcím (http vagy https).', en: 'Not a valid web address (http or https).' },
  currency: { hu: 'Érvénytelen pénznem.', en: 'Not a valid currency.' },
  money: { hu: 'Összeg és pénznem kell.', en: 'Needs an amount and a currency.' },
  reference: { hu: 'Érvénytelen hivatkozás.', en: 'Not a valid reference.' },
  referenceMissing: { hu: 'A hivatkozott rekord nem létezik.', en: 'The referenced record does not exist.' },
  unique: { hu: 'Ez az érték már foglalt.', en: 'This value is already taken.' },
  readOnly: { hu: 'Ez a mező nem módosítható.', en: 'This field cannot be changed.' },
  huTaxNumber: {
    hu: 'Érvénytelen adószám (formátum: 12345676-2-41, ellenőrző számjegy, áfakód 1–5).',
    en: 'Not a valid Hungarian tax number (format 12345676-2-41, check digit, VAT code 1–5).',
  },
  huCompanyRegistrationNumber: {
    hu: 'Érvénytelen cégjegyzékszám (formátum: 01-09-123456).',
    en: 'Not a valid company registration number (format 01-09-123456).',
  },
  euVatNumber: {
    hu: 'Érvénytelen közösségi adószám (pl. HU12345676).',
    en: 'Not a valid EU VAT number (e.g. HU12345676).',
  },
  huPostcode: { hu: 'Érvénytelen irányítószám (négy számjegy).', en: 'Not a valid Hungarian postcode (four digits).' },
  teaor: { hu: 'Érvénytelen TEÁOR-kód (pl. 62.01).', en: 'Not a valid TEÁOR activity code (e.g. 62.01).' },
  duplicate: { hu: 'Ismétlődő név vagy azonosító: {value}.', en: 'Duplicate name or id: {value}.' },
  unknownEntity: { hu: 'Ismeretlen entitás: {value}.', en: 'Unknown entity: {value}.' },
  unknownField: { hu: 'Ismeretlen mező: {value}.', en: 'Unknown field: {value}.' },
  feel: { hu: 'Hibás FEEL-kifejezés: {detail}', en: 'Invalid FEEL expression: {detail}' },
  rule: { hu: 'A szabály nem teljesül.', en: 'The rule does not hold.' },
  reserved: { hu: 'Foglalt név: {value}.', en: 'Reserved name: {value}.' },
  notReadable: { hu: 'Ehhez nincs olvasási joga: {value}.', en: 'You may not read this: {value}.' },
  tooDeep: {
    hu: 'Túl mélyen egymásba ágyazva (legfeljebb {max} szint).',
    en: 'Nested too deeply (at most {max} levels).',
  },
  unknownParam: { hu: 'Nem deklarált paraméter: {value}.', en: 'Undeclared parameter: {value}.' },
  notAggregatable: {
    hu: 'Erre a mezőre nem számolható {fn}: {value}.',
    en: 'Cannot compute {fn} of this field: {value}.',
  },
};

/** Builds an issue from a message code in the catalogue. */
export function issue(path: string, code: string, params: Record<string, unknown> = {}): Issue {
  const text = MESSAGES[code] ?? MESSAGES.invalid;
  return { path, code, message: format(text, params) };
}

/** Joins path segments as a JSON path: `fields[2].name`. */
export function joinPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}

/** Turns zod's issues into ours, with Hungarian and English messages. */
export function fromZod(error: z.ZodError, prefix: PropertyKey[] = []): Issue[] {
  return error.issues.map((i) => {
    const path = joinPath([...prefix, ...i.path]);
    const raw = i as unknown as Record<string, unknown>;
    switch (i.code) {
      case 'invalid_type':
        return raw.input === undefined
          ? issue(path, 'required')
          : issue(path, 'invalidType', { expected: raw.expected });
      case 'too_small':
        return raw.origin === 'string'
          ? issue(path, 'tooShort', { min: raw.minimum })
          : raw.origin === 'array'
            ? issue(path, 'tooFewItems', { min: raw.minimum })
            : issue(path, 'tooSmall', { min: raw.minimum });
      case 'too_big':
        return raw.origin === 'string'
          ? issue(path, 'tooLong', { max: raw.maximum })
          : raw.origin === 'array'
            ? issue(path, 'tooManyItems', { max: raw.maximum })
            : issue(path, 'tooBig', { max: raw.maximum });
      case 'invalid_format':
        return issue(path, i.message in MESSAGES ? i.message : 'pattern');
      case 'invalid_value':
        return issue(path, 'invalidOption', { value: JSON.stringify(raw.input) });
      case 'unrecognized_keys':
        return issue(path, 'unknownKey', { key: (raw.keys as string[]).join(', ') });
      case 'invalid_union': {
        return issue(path, 'invalid');
      }
      default:
        return issue(path, i.message in MESSAGES ? i.message : 'invalid');
    }
  });
}
