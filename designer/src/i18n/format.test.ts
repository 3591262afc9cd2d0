import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  numberToInput,
  parseNumber,
} from './format.ts';

// Intl separates groups with narrow no-break spaces; compare with plain ones
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formats in the UI locale', () => {
  it('writes Hungarian dates, money and numbers the Hungarian way', () => {
    expect(formatDate('2025-03-05', 'hu')).toBe('2025. 03. 05.');
    expect(plain(formatMoney({ amount: 1234567.5, currency: 'HUF' }, 'hu'))).toBe('1 234 568 Ft');
    // Hungarian CLDR groups from five digits and writes the euro as EUR
    expect(plain(formatMoney({ amount: 12345.5, currency: 'EUR' }, 'hu'))).toBe('12 345,50 EUR');
    expect(plain(formatNumber(12345.5, 'hu'))).toBe('12 345,5');
    expect(formatNumber(1234.5, 'hu')).toBe('1234,5');
    expect(plain(formatPercent(12.5, 'hu'))).toBe('12,5%');
  });

  it('writes English ones the British way', () => {
    expect(formatDate('2025-03-05', 'en')).toBe('05/03/2025');
    expect(plain(formatMoney({ amount: 1234567.5, currency: 'HUF' }, 'en'))).toBe('HUF 1,234,568');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });

  it('keeps calendar dates on their day in any time zone and shows empty values as nothing', () => {
    expect(formatDate('2025-01-01', 'hu')).toBe('2025. 01. 01.');
    expect(formatDate(null, 'hu')).toBe('');
    expect(formatDateTime(undefined, 'hu')).toBe('');
    expect(formatMoney(null, 'hu')).toBe('');
  });
});

describe('parseNumber', () => {
  it('reads numbers as typed in Hungarian', () => {
    expect(parseNumber('1 234,5', 'hu')).toBe(1234.5);
    expect(parseNumber('1\u00a0234', 'hu')).toBe(1234);
    expect(parseNumber('12.5', 'hu')).toBe(12.5);
    expect(parseNumber('-3', 'hu')).toBe(-3);
  });

  it('reads numbers as typed in English', () => {
    expect(parseNumber('1,234.5', 'en')).toBe(1234.5);
  });

  it('says null for nothing and NaN for junk', () => {
    expect(parseNumber('  ', 'hu')).toBeNull();
    expect(parseNumber('12a', 'hu')).toBeNaN();
  });

  it('reads back what numberToInput writes, grouped or not', () => {
    for (const locale of ['hu', 'en']) {
      for (const n of [0, 17156000, -1234.75]) {
        expect(parseNumber(numberToInput(n, locale), locale)).toBe(n);
        expect(parseNumber(numberToInput(n, locale, true), locale)).toBe(n);
      }
    }
  });
});
