import { describe, expect, it } from 'vitest';
import { caretAfterFormat, formatPhoneAsYouType } from './phone.format.ts';
import { formatTaxNumberAsYouType } from './tax-number.format.ts';

describe('phone numbers as they are typed', () => {
  it('puts Hungarian numbers into +36 form with groups', () => {
    expect(formatPhoneAsYouType('06301234567')).toBe('+36 30 123 4567');
    expect(formatPhoneAsYouType('+36 1 2345678')).toBe('+36 1 234 5678');
    expect(formatPhoneAsYouType('06-62-123-456')).toBe('+36 62 123 456');
    expect(formatPhoneAsYouType('301234567')).toBe('+36 30 123 4567');
    expect(formatPhoneAsYouType('0036 20 1112222')).toBe('+36 20 111 2222');
  });

  it('keeps partial input usable while typing', () => {
    expect(formatPhoneAsYouType('0')).toBe('0');
    expect(formatPhoneAsYouType('06')).toBe('+36');
    expect(formatPhoneAsYouType('+36 3')).toBe('+36 3');
    expect(formatPhoneAsYouType('+36 30 12')).toBe('+36 30 12');
    expect(formatPhoneAsYouType('')).toBe('');
  });

  it('leaves numbers of other countries as typed', () => {
    expect(formatPhoneAsYouType('+49 30 123456')).toBe('+49 30 123456');
    expect(formatPhoneAsYouType('+43x1')).toBe('+431');
  });

  it('keeps the caret after the same digit', () => {
    // given "+36 30 123 4567" with the caret after "+36 30 1" and a digit inserted there
    const raw = '+36 30 19234567';
    const formatted = formatPhoneAsYouType(raw);
    expect(formatted).toBe('+36 30 192 34567');
    expect(formatted.slice(0, caretAfterFormat(raw, 9, formatted))).toBe('+36 30 19');
  });
});

describe('tax numbers as they are typed', () => {
  it('inserts the dashes', () => {
    expect(formatTaxNumberAsYouType('1234567')).toBe('1234567');
    expect(formatTaxNumberAsYouType('123456762')).toBe('12345676-2');
    expect(formatTaxNumberAsYouType('12345676241')).toBe('12345676-2-41');
    expect(formatTaxNumberAsYouType('12345676-2-419')).toBe('12345676-2-41');
  });
});
