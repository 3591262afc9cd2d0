/**
 * Dates, numbers and money through Intl in the UI locale: `2025. 03. 05.`, `1 234 568 Ft` in Hungarian.
 * Formatters are cached per locale and option set, since building an Intl formatter is the slow part.
 */
import { currentLocale } from './index.ts';

const INTL_LOCALE: Record<string, string> = { hu: 'hu-HU', en: 'en-GB' };
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

export function intlLocale(locale: string = currentLocale.value): string {
  return INTL_LOCALE[locale] ?? locale;
}

function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(intlLocale(locale), opts)));
  return f;
}

function dateFormat(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), opts)));
  return f;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `formatDate('2025-03-05', 'hu')` → `2025. 03. 05.` (a calendar date: no time zone shift). */
export function formatDate(value: unknown, locale: string = currentLocale.value): string {
  if (typeof value !== 'string' || !value) return '';
  const m = DATE_RE.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return dateFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** `formatDateTime('2025-03-05T14:07:00Z', 'hu')` → `2025. 03. 05. 15:07` in the browser's time zone. */
export function formatDateTime(value: unknown, locale: string = currentLocale.value): string {
  if (typeof value !== 'string' || !value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return dateFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

export function formatNumber(
  value: unknown,
  locale: string = currentLocale.value,
  opts: Intl.NumberFormatOptions = {},
): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return numberFormat(locale, opts).format(value);
}

/** Currencies shown without minor units (forint amounts are whole in practice). */
const WHOLE_CURRENCIES = new Set(['HUF']);

/** `formatMoney({ amount: 1234567.5, currency: 'HUF' }, 'hu')` → `1 234 568 Ft` */
export function formatMoney(value: unknown, locale: string = currentLocale.value): string {
  if (value === null || value === undefined) return '';
  const m =
    typeof value === 'number'
      ? { amount: value, currency: 'HUF' }
      : (value as { amount?: unknown; currency?: unknown });
  if (typeof m.amount !== 'number') return '';
  const currency = typeof m.currency === 'string' && /^[A-Z]{3}$/.test(m.currency) ? m.currency : 'HUF';
  const digits = WHOLE_CURRENCIES.has(currency) ? 0 : 2;
  return numberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(m.amount);
}

/** Percent fields hold the percentage itself: 12.5 means 12,5 %. */
export function formatPercent(value: unknown, locale: string = currentLocale.value): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

/**
 * Parses a number typed in the UI locale: `1 234,5` (hu), `1,234.5` (en), `-12`. A dot typed in Hungarian is taken
 * as the decimal point too. Returns null for empty input and NaN for junk.
 */
export function parseNumber(text: string, locale: string = currentLocale.value): number | null {
  let t = text.replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return null;
  t = locale === 'hu' ? (t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t) : t.replace(/,/g, '');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

/**
 * The number as an editable string in the UI locale: `1234,5` in Hungarian, or `1 234,5` with `grouped` (shown
 * while the input is not focused; parseNumber reads both).
 */
export function numberToInput(value: unknown, locale: string = currentLocale.value, grouped = false): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  if (grouped) return formatNumber(value, locale, { maximumFractionDigits: 8 });
  const s = String(value);
  return locale === 'hu' ? s.replace('.', ',') : s;
}
