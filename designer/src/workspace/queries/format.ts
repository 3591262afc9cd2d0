/** Formats one result cell by its column type in the UI locale (`1 234 568 Ft`, `2025. 03. 05.`). */
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '../../i18n/format.ts';
import { localize } from '../../i18n/localize.ts';
import type { ResultColumn } from './queries.api.ts';

export function formatCell(col: ResultColumn, value: unknown, locale: string, yesNo: [string, string]): string {
  if (value === null || value === undefined || value === '') return '';
  switch (col.type) {
    case 'integer':
      return formatNumber(value, locale, { maximumFractionDigits: 0 });
    case 'decimal':
      return formatNumber(value, locale, { maximumFractionDigits: col.scale ?? 2 });
    case 'percent':
      return formatPercent(value, locale);
    case 'money':
      return formatMoney(value, locale);
    case 'date':
      return formatDate(value, locale);
    case 'datetime':
      return formatDateTime(value, locale);
    case 'boolean':
      return value ? yesNo[0] : yesNo[1];
    case 'enum': {
      const o = col.options?.find((x) => x.value === value);
      return o ? localize(o.label, locale) : String(value);
    }
    case 'multiEnum':
      return (Array.isArray(value) ? value : [value])
        .map((v) => {
          const o = col.options?.find((x) => x.value === v);
          return o ? localize(o.label, locale) : String(v);
        })
        .join(', ');
    case 'reference':
    case 'user':
    case 'file':
      return typeof value === 'object'
        ? String((value as { title?: unknown }).title ?? (value as { id?: unknown }).id ?? '')
        : String(value);
    case 'json':
      return JSON.stringify(value);
    default:
      if (typeof value === 'number') return formatNumber(value, locale);
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export const isNumericType = (type: string) => ['integer', 'decimal', 'percent', 'money'].includes(type);
