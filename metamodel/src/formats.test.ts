import { describe, expect, it } from 'vitest';
import {
  huTaxCheckDigit,
  isValidEuVatNumber,
  isValidHuCompanyRegistrationNumber,
  isValidHuTaxNumber,
  isValidTeaor,
} from './formats.ts';

describe('Hungarian tax number', () => {
  it('accepts a number whose base passes the 9-7-3-1 checksum, with VAT code 1–5 and a tax-office code', () => {
    expect(isValidHuTaxNumber('12345676-2-41')).toBe(true);
    expect(isValidHuTaxNumber('123456762 41'.replace(' ', ''))).toBe(true);
  });
  it('refuses a wrong check digit, VAT code or tax-office code', () => {
    expect(isValidHuTaxNumber('12345678-2-41')).toBe(false);
    expect(isValidHuTaxNumber('12345676-6-41')).toBe(false);
    expect(isValidHuTaxNumber('12345676-2-21')).toBe(false);
    expect(isValidHuTaxNumber('12345676-2-45')).toBe(false);
    expect(isValidHuTaxNumber('1234567-2-41')).toBe(false);
  });
  it('computes the check digit', () => {
    expect(huTaxCheckDigit('1234567')).toBe(6);
  });
});

describe('other identifiers', () => {
  it('checks company registration numbers', () => {
    expect(isValidHuCompanyRegistrationNumber('01-09-123456')).toBe(true);
    expect(isValidHuCompanyRegistrationNumber('21-09-123456')).toBe(false);
    expect(isValidHuCompanyRegistrationNumber('01-24-123456')).toBe(false);
  });
  it('checks EU VAT numbers, with the checksum for Hungarian ones', () => {
    expect(isValidEuVatNumber('HU12345676')).toBe(true);
    expect(isValidEuVatNumber('HU12345678')).toBe(false);
    expect(isValidEuVatNumber('DE123456789')).toBe(true);
    expect(isValidEuVatNumber('XX123')).toBe(false);
  });
  it('checks TEÁOR codes', () => {
    expect(isValidTeaor('62.10')).toBe(true);
    expect(isValidTeaor('6210')).toBe(false);
  });
});
