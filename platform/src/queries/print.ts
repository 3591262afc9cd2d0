/**
 * A query result as a print-ready HTML page: title, filter summary and date in the reader's language, a header
 * row repeated on every page (`thead`), page numbers from CSS `@page` counters. Every text is escaped; no script.
 */
import { localize, type Locale } from '@folyam/metamodel';
import type { ResultColumn, ResultRow } from './result.ts';
import { cellText } from './outputs.ts';
import { DEFAULT_TIME_ZONE } from './values.ts';
import { escapeHtml } from '../html.ts';

export const PRINT_MAX_ROWS = 5000;

const NUMERIC = new Set(['integer', 'decimal', 'percent', 'money']);

export type PrintInput = {
  title: string;
  columns: ResultColumn[];
  rows: AsyncIterable<ResultRow>;
  total: number;
  filterSummary: string;
  params: { label: string; value: string }[];
  totals?: { columns: ResultColumn[]; row: ResultRow } | null;
  locale: Locale;
  now: Date;
  timeZone?: string;
};

/** Renders the page; returns the HTML and how many rows it holds. */
export async function renderPrintHtml(p: PrintInput): Promise<{ html: string; rows: number }> {
  const hu = p.locale === 'hu';
  const tz = p.timeZone ?? DEFAULT_TIME_ZONE;
  const t = (s: string) => escapeHtml(s);
  const printedAt = new Intl.DateTimeFormat(hu ? 'hu-HU' : 'en-GB', {
    timeZone: tz,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(p.now);
  const meta: string[] = [];
  meta.push(
    `<span>${hu ? 'Szűrés' : 'Filter'}: ${p.filterSummary ? t(p.filterSummary) : hu ? 'nincs' : 'none'}</span>`,
  );
  if (p.params.length)
    meta.push(
      `<span>${hu ? 'Paraméterek' : 'Parameters'}: ${p.params.map((x) => `${t(x.label)} = ${t(x.value)}`).join('; ')}</span>`,
    );
  meta.push(`<span>${hu ? 'Készült' : 'Printed'}: ${t(printedAt)}</span>`);
  meta.push(
    `<span>${hu ? 'Sorok' : 'Rows'}: ${t(new Intl.NumberFormat(hu ? 'hu-HU' : 'en-GB').format(p.total))}</span>`,
  );
  const head = p.columns
    .map((c) => `<th${NUMERIC.has(c.type) ? ' class="num"' : ''}>${t(localize(c.label, p.locale))}</th>`)
    .join('');
  const body: string[] = [];
  let n = 0;
  for await (const row of p.rows) {
    body.push(
      `<tr>${p.columns.map((c) => `<td${NUMERIC.has(c.type) ? ' class="num"' : ''}>${t(cellText(c, row[c.key], p.locale, tz))}</td>`).join('')}</tr>`,
    );
    n++;
  }
  const totals = p.totals
    ? `<table class="totals"><tbody>${p.totals.columns
        .map(
          (c) =>
            `<tr><th>${t(localize(c.label, p.locale))}</th><td class="num">${t(cellText(c, p.totals!.row[c.key], p.locale, tz))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const cut =
    p.total > n
      ? `<p class="note">${
          hu
            ? `Az első ${n} sor látható a(z) ${p.total} közül; a teljes eredményhez használja az Excel-exportot.`
            : `Showing the first ${n} of ${p.total} rows; use the Excel export for all of them.`
        }</p>`
      : '';
  const page = hu ? '"Oldal " counter(page) " / " counter(pages)' : '"Page " counter(page) " of " counter(pages)';
  const html = `<!doctype html>
<html lang="${p.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(p.title)}</title>
<style>
@page { size: A4 landscape; margin: 14mm 12mm 16mm; @bottom-right { content: ${page}; font: 8pt sans-serif; color: #444; } }
* { box-sizing: border-box; }
body { font: 9pt/1.35 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #000; margin: 0; }
@media screen { body { max-width: 297mm; margin: 1.5em auto; padding: 0 1em; } }
h1 { font-size: 14pt; margin: 0 0 3pt; }
.meta { margin: 0 0 8pt; color: #333; }
.meta span { display: block; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 2pt 4pt; border-bottom: 0.5pt solid #bbb; }
thead th { border-bottom: 1pt solid #000; font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
table.totals { width: auto; margin-top: 8pt; }
table.totals th { font-weight: 600; }
.note { margin-top: 8pt; font-style: italic; }
</style>
</head>
<body>
<header><h1>${t(p.title)}</h1><p class="meta">${meta.join('')}</p></header>
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>
${totals}${cut}
</body>
</html>
`;
  return { html, rows: n };
}
