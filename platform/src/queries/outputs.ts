/**
 * Query results as files: xlsx through exceljs's streaming writer (typed cells — numbers, real dates, money with
 * its currency's number format — a bold, frozen, filterable header) and CSV (UTF-8 with BOM, `;` or `,`). Rows
 * arrive as an async stream and leave for disk one by one.
 *
 * Formula injection: a text that starts with `=`, `+`, `-`, `@`, tab or CR stays text. In xlsx every text is a
 * string cell (never a formula object); in CSV such a text gets a leading `'`, which spreadsheet programs show as
 * text instead of evaluating.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { localize, type Locale } from '@folyam/metamodel';
import type { ResultColumn, ResultRow } from './result.ts';
import { DEFAULT_TIME_ZONE } from './values.ts';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const DANGEROUS_START = /^[=+\-@\t\r]/;

/** `'=1+1` for `=1+1`: what CSV needs so a spreadsheet never evaluates a text as a formula. */
export function neutralizeFormula(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}

const tag = (locale: Locale | 'en') => (locale === 'hu' ? 'hu-HU' : 'en-GB');
type Money = { amount: number; currency: string | null };

function enumText(c: ResultColumn, v: unknown, locale: Locale): string {
  const o = c.options?.find((x) => x.value === v);
  return o ? localize(o.label, locale) : String(v);
}

// Building an Intl formatter costs far more than using one: exports format every cell, so they are kept.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}
const numberFormat = (locale: Locale, options: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(tag(locale), options));
const dateFormat = (locale: Locale, options: Intl.DateTimeFormatOptions) =>
  cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(tag(locale), options));

// A zone's offset changes only at transitions, which fall on quarter hours: one formatToParts per zone and
// quarter hour instead of one per cell (it cost as much as writing the cell).
const offsets = new Map<string, number>();
function zoneOffsetMs(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / 900_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = dateFormat('en', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
    const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
    offset = wall - Math.floor(ms / 1000) * 1000;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock time in `timeZone` of an instant, as a Date whose UTC fields read that time (what Excel shows). */
export function wallClock(iso: string, timeZone: string): Date {
  const ms = Date.parse(iso);
  return new Date(ms + zoneOffsetMs(ms, timeZone));
}

/** A value as a person reads it (print, CSV text columns): `1 234 568 Ft`, `2025. 03. 05.`, `Aktív ügyfél`. */
export function cellText(c: ResultColumn, v: unknown, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  if (v === null || v === undefined) return '';
  switch (c.type) {
    case 'integer':
    case 'decimal':
    case 'percent': {
      const s = numberFormat(locale, { maximumFractionDigits: c.scale ?? (c.type === 'integer' ? 0 : 4) }).format(
        Number(v),
      );
      return c.type === 'percent' ? `${s} %` : s;
    }
    case 'money': {
      const m = v as Money;
      if (!m.currency)
        return `${numberFormat(locale, { maximumFractionDigits: 2 }).format(m.amount)} ${locale === 'hu' ? '(vegyes pénznem)' : '(mixed currencies)'}`;
      return numberFormat(locale, {
        style: 'currency',
        currency: m.currency,
        maximumFractionDigits: m.currency === 'HUF' ? 0 : 2,
      }).format(m.amount);
    }
    case 'boolean':
      return v ? (locale === 'hu' ? 'Igen' : 'Yes') : locale === 'hu' ? 'Nem' : 'No';
    case 'date':
      return dateFormat(locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
        new Date(`${v}T00:00:00Z`),
      );
    case 'datetime':
      return dateFormat(locale, {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(String(v)));
    case 'enum':
      return enumText(c, v, locale);
    case 'multiEnum':
      return Array.isArray(v) ? v.map((x) => enumText(c, x, locale)).join(', ') : String(v);
    case 'reference':
    case 'user': {
      const r = v as { id: string; title: unknown };
      return r.title === null || r.title === undefined ? r.id : String(r.title);
    }
    case 'json':
      return JSON.stringify(v);
    default:
      return String(v);
  }
}

const CURRENCY_FORMATS: Record<string, string> = {
  HUF: '#,##0 "Ft"',
  EUR: '#,##0.00 "€"',
  USD: '"$"#,##0.00',
  GBP: '"£"#,##0.00',
};

function decimalFormat(scale: number | undefined): string {
  const s = scale ?? 2;
  return s > 0 ? `#,##0.${'0'.repeat(s)}` : '#,##0';
}

/** A cell for exceljs: always a primitive or a Date, so no value can turn into a formula, link or rich text. */
function xlsxCell(
  c: ResultColumn,
  v: unknown,
  locale: Locale,
  timeZone: string,
): { value: string | number | boolean | Date | null; numFmt?: string } {
  if (v === null || v === undefined) return { value: null };
  switch (c.type) {
    case 'integer':
      return { value: Number(v), numFmt: '#,##0' };
    case 'decimal':
      return { value: Number(v), numFmt: decimalFormat(c.scale) };
    case 'percent':
      return { value: Number(v), numFmt: `${decimalFormat(c.scale ?? 2)}" %"` };
    case 'money': {
      const m = v as Money;
      if (!m.currency) return { value: m.amount, numFmt: '#,##0.00' };
      return {
        value: m.amount,
        numFmt: CURRENCY_FORMATS[m.currency] ?? `#,##0.00 "${m.currency.replace(/[^A-Z]/g, '')}"`,
      };
    }
    case 'boolean':
      return { value: Boolean(v) };
    case 'date':
      return {
        value: new Date(`${String(v).slice(0, 10)}T00:00:00Z`),
        numFmt: locale === 'hu' ? 'yyyy. mm. dd.' : 'yyyy-mm-dd',
      };
    case 'datetime':
      return {
        value: wallClock(String(v), timeZone),
        numFmt: locale === 'hu' ? 'yyyy. mm. dd. hh:mm' : 'yyyy-mm-dd hh:mm',
      };
    default: {
      const text = cellText(c, v, locale, timeZone);
      return { value: text.length > 32_767 ? text.slice(0, 32_767) : text };
    }
  }
}

const WIDTH: Partial<Record<ResultColumn['type'], number>> = {
  integer: 12,
  decimal: 14,
  percent: 10,
  money: 18,
  boolean: 8,
  date: 13,
  datetime: 18,
  enum: 18,
  id: 38,
  user: 24,
};

/** Excel's rules for sheet names: at most 31 characters, none of `[]:*?/\`. */
export function sheetName(name: string): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || 'Query';
}

export type WriteOptions = {
  columns: ResultColumn[];
  rows: AsyncIterable<ResultRow>;
  locale: Locale;
  timeZone?: string;
  /** Aggregates over every row, written below the table as label–value pairs. */
  totals?: { columns: ResultColumn[]; row: ResultRow } | null;
  /** Called after every row with the count so far (for progress). */
  onRow?: (n: number) => void | Promise<void>;
};

/**
 * exceljs writes the sheet into the zip compressor without back-pressure, so a fast producer piles up megabytes
 * of uncompressed XML (measured: ~180 MB external memory at 400k rows). This waits while more than 4 MB wait to be
 * compressed. It reads exceljs's and archiver's internal stream state (pinned exceljs 4.4.0); if that ever changes
 * shape the wait just does nothing.
 */
async function zipCatchUp(ws: unknown): Promise<void> {
  type Pending = { _writableState?: { length?: number }; _readableState?: { length?: number } };
  const dest = (ws as { _stream?: { pipes?: Pending[] } })._stream?.pipes?.[0];
  const backlog = () => (dest?._writableState?.length ?? 0) + (dest?._readableState?.length ?? 0);
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 2000 && backlog() > 4 << 20; i++) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** Streams rows into an xlsx file; returns the number of data rows. */
export async function writeXlsx(file: string, title: string, o: WriteOptions): Promise<number> {
  const timeZone = o.timeZone ?? DEFAULT_TIME_ZONE;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'Folyam';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName(title), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = o.columns.map((c) => ({
    key: c.key,
    header: localize(c.label, o.locale),
    width: Math.min(60, Math.max(WIDTH[c.type] ?? 24, localize(c.label, o.locale).length + 2)),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  if (o.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: o.columns.length } };
  let n = 0;
  // exceljs turns each distinct style object into a style id by serialising it, and remembers objects it has seen:
  // data cells share one frozen style per number format, which makes writing them several times faster.
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const styleOf = (numFmt: string | undefined): Partial<ExcelJS.Style> => {
    const key = numFmt ?? '';
    let style = styles.get(key);
    if (!style) {
      style = Object.freeze(numFmt ? { numFmt } : {});
      styles.set(key, style);
    }
    return style;
  };
  for await (const row of o.rows) {
    const r = ws.getRow(n + 2);
    o.columns.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      const x = xlsxCell(c, row[c.key], o.locale, timeZone);
      cell.value = x.value;
      cell.style = styleOf(x.numFmt);
    });
    r.commit();
    n++;
    await o.onRow?.(n);
    if (n % 500 === 0) await zipCatchUp(ws);
  }
  if (o.totals) {
    let at = n + 3;
    for (const c of o.totals.columns) {
      const r = ws.getRow(at++);
      const label = r.getCell(1);
      label.value = localize(c.label, o.locale);
      label.font = { bold: true };
      const x = xlsxCell(c, o.totals.row[c.key], o.locale, timeZone);
      const cell = r.getCell(2);
      cell.value = x.value;
      if (x.numFmt) cell.numFmt = x.numFmt;
      cell.font = { bold: true };
      r.commit();
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}

export type CsvSeparator = ';' | ',';

function csvField(text: string, sep: CsvSeparator): string {
  return /["\r\n]/.test(text) || text.includes(sep) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvNumber(n: number, sep: CsvSeparator): string {
  const s = String(n);
  // With `;` as the separator (Hungarian Excel's), decimals take a comma.
  return sep === ';' ? s.replace('.', ',') : s;
}

/** The CSV fields of one value; a money column is two fields (amount, currency). */
function csvCells(c: ResultColumn, v: unknown, o: WriteOptions, sep: CsvSeparator): string[] {
  const timeZone = o.timeZone ?? DEFAULT_TIME_ZONE;
  if (c.type === 'money') {
    const m = v as Money | null | undefined;
    return m ? [csvNumber(m.amount, sep), m.currency ?? ''] : ['', ''];
  }
  if (v === null || v === undefined) return [''];
  switch (c.type) {
    case 'integer':
    case 'decimal':
    case 'percent':
      return [csvNumber(Number(v), sep)];
    case 'date':
      return [String(v).slice(0, 10)];
    case 'datetime':
      return [wallClock(String(v), timeZone).toISOString().slice(0, 19).replace('T', ' ')];
    default:
      return [csvField(neutralizeFormula(cellText(c, v, o.locale, timeZone)), sep)];
  }
}

/** Streams rows into a CSV file (UTF-8 with BOM, CRLF); returns the number of data rows. */
export async function writeCsv(file: string, separator: CsvSeparator, o: WriteOptions): Promise<number> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    const headers = o.columns.flatMap((c) => {
      const label = localize(c.label, o.locale);
      return c.type === 'money' ? [label, `${label} (${o.locale === 'hu' ? 'pénznem' : 'currency'})`] : [label];
    });
    await write('\uFEFF' + headers.map((h) => csvField(neutralizeFormula(h), separator)).join(separator) + '\r\n');
    let n = 0;
    for await (const row of o.rows) {
      await write(o.columns.flatMap((c) => csvCells(c, row[c.key], o, separator)).join(separator) + '\r\n');
      n++;
      await o.onRow?.(n);
    }
    out.end();
    await once(out, 'finish');
    return n;
  } catch (e) {
    out.destroy();
    throw e;
  }
}
