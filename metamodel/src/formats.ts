/**
 * Validators for Hungarian and EU identifiers used by text fields with a `format`.
 * Each returns true when the value is valid.
 */
import type { TextFormat } from './field.ts';

const TAX_WEIGHTS = [9, 7, 3, 1, 9, 7, 3, 1];

/** The eight-digit base (törzsszám) checks out: weighted sum with 9,7,3,1,… is a multiple of 10. */
export function isValidHuTaxBase(base: string): boolean {
  if (!/^\d{8}$/.test(base)) return false;
  const sum = [...base].reduce((acc, d, i) => acc + Number(d) * TAX_WEIGHTS[i], 0);
  return sum % 10 === 0;
}

/** Tax-office (területi) codes: 02–20, 22–44 and 51. */
function isTaxOfficeCode(code: number): boolean {
  return (code >= 2 && code <= 20) || (code >= 22 && code <= 44) || code === 51;
}

/** `isValidHuTaxNumber('12345676-2-41')` → true */
export function isValidHuTaxNumber(value: string): boolean {
  const m = /^(\d{8})-?([1-5])-?(\d{2})$/.exec(value.trim());
  if (!m) return false;
  return isValidHuTaxBase(m[1]) && isTaxOfficeCode(Number(m[3]));
}

/** Completes an eight-digit base with its check digit: `huTaxCheckDigit('1234567')` → 6. */
export function huTaxCheckDigit(first7: string): number {
  const sum = [...first7].reduce((acc, d, i) => acc + Number(d) * TAX_WEIGHTS[i], 0);
  return (10 - (sum % 10)) % 10;
}

/** Cégjegyzékszám: court 01–20, company form 01–23, six-digit serial: `01-09-123456`. */
export function isValidHuCompanyRegistrationNumber(value: string): boolean {
  const m = /^(\d{2})-(\d{2})-(\d{6})$/.exec(value.trim());
  if (!m) return false;
  const court = Number(m[1]);
  const form = Number(m[2]);
  return court >= 1 && court <= 20 && form >= 1 && form <= 23;
}

const EU_VAT: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d[A-Z0-9+*]\d{5}[A-Z]{1,2}$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12})$/,
};

/** Közösségi adószám: country prefix and that country's pattern; Hungarian ones also pass the checksum. */
export function isValidEuVatNumber(value: string): boolean {
  const v = value.replace(/[\s.-]/g, '').toUpperCase();
  const country = v.slice(0, 2);
  const rest = v.slice(2);
  const re = EU_VAT[country];
  if (!re || !re.test(rest)) return false;
  return country === 'HU' ? isValidHuTaxBase(rest) : true;
}

export function isValidHuPostcode(value: string): boolean {
  return /^[1-9]\d{3}$/.test(value.trim());
}

/** TEÁOR'25 codes: division `62`, group `62.1` or class `62.10`. */
export function isValidTeaor(value: string): boolean {
  return /^\d{2}(\.\d{1,2})?$/.test(value.trim());
}

export const FORMAT_VALIDATORS: Record<TextFormat, (value: string) => boolean> = {
  huTaxNumber: isValidHuTaxNumber,
  huCompanyRegistrationNumber: isValidHuCompanyRegistrationNumber,
  euVatNumber: isValidEuVatNumber,
  huPostcode: isValidHuPostcode,
  teaor: isValidTeaor,
};

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]{2,}$/.test(value);
}

/** Phone numbers: `+36 30 123 4567`, `06-1-234-5678`; 7 to 15 digits. */
export function isValidPhone(value: string): boolean {
  if (!/^\+?[\d\s()./-]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15;
}

/** Hungarian numbers to international form: `06 30 123 4567` → `+36 30 123 4567`. */
export function normalizeHuPhone(value: string): string {
  const v = value.trim();
  if (/^06[\s-]?/.test(v)) return '+36 ' + v.replace(/^06[\s-]?/, '');
  return v;
}

export function isValidUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
