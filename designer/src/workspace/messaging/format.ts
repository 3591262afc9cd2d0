/**
 * Pure helpers of the messaging screens: status colours and finality, SMS segment counting as the phone company
 * counts it, the skipped total of an audience, campaign progress, and cleaning Quill's HTML for an email body.
 */
import type { Audience, MessageStatus, Recipients, SkipReason } from './messaging.api.ts';

/** The chip colour of a message or recipient status; `held` is a warning: nothing was delivered. */
export function statusColor(status: string): string {
  switch (status) {
    case 'delivered':
    case 'opened':
    case 'clicked':
      return 'success';
    case 'sent':
      return 'info';
    case 'bounced':
    case 'failed':
    case 'undeliverable':
      return 'error';
    case 'held':
    case 'skipped':
    case 'unsubscribed':
      return 'warning';
    default:
      return 'default';
  }
}

/** `held` means no transport was configured: the message was never handed to a provider. */
export const isHeld = (status: MessageStatus | string) => status === 'held';

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('\f^{}\\[~]|€');

export type Segments = { encoding: 'GSM-7' | 'UCS-2'; segments: number; chars: number; perSegment: number };

/**
 * How many SMS parts a text costs: GSM-7 holds 160 characters (153 per part when split, extension characters
 * take two); one character outside it (á, í, ó, ú, ő, ű) makes the whole text UCS-2 with 70 (67 per part).
 * `smsSegments('Szép napot!')` → `{ encoding: 'GSM-7', segments: 1, chars: 11, perSegment: 160 }`
 */
export function smsSegments(text: string): Segments {
  const chars = [...text];
  const gsm = chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENDED.has(c));
  const widths = chars.map((c) => (gsm ? (GSM7_EXTENDED.has(c) ? 2 : 1) : c.length));
  const units = widths.reduce((a, b) => a + b, 0);
  const single = gsm ? 160 : 70;
  const part = gsm ? 153 : 67;
  if (units === 0) return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: 0, chars: 0, perSegment: single };
  if (units <= single)
    return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: 1, chars: chars.length, perSegment: single };
  // Split without cutting an escape pair or a surrogate pair in two.
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > part) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments, chars: chars.length, perSegment: part };
}

export const SKIP_REASONS: SkipReason[] = ['noConsent', 'suppressed', 'noAddress', 'duplicate'];

/** Skipped recipients in all, whatever the reason. */
export function skippedTotal(a: Pick<Audience, 'skipped'>): number {
  return SKIP_REASONS.reduce((n, r) => n + (a.skipped[r] ?? 0), 0);
}

/** A progress value (0–100, possibly missing or out of range) as a whole percentage. */
export function percent(progress: unknown): number {
  const n = typeof progress === 'number' && Number.isFinite(progress) ? progress : 0;
  return Math.max(0, Math.min(100, Math.round(n)));
}

/**
 * Quill 2.0's semantic HTML writes every space as `&nbsp;`, so mail clients cannot wrap lines: a lone one becomes
 * a space again, a run keeps its width (space, then non-breaking ones). An empty editor gives an empty string.
 */
export function cleanEditorHtml(html: string): string {
  const trimmed = html.trim();
  if (!trimmed || /^(<p>(<br\s*\/?>)?<\/p>)+$/i.test(trimmed)) return '';
  return trimmed.replace(/(?:&nbsp;)+/g, (run) => {
    const n = run.length / 6;
    return n === 1 ? ' ' : ' ' + '&nbsp;'.repeat(n - 1);
  });
}

/** Whether a recipient choice names anyone at all (the editor refuses to save an empty one). */
export function recipientsChosen(r: Recipients): boolean {
  switch (r.kind) {
    case 'contacts':
    case 'companies':
      return r.ids.length > 0;
    case 'companyGroups':
      return r.groups.length > 0;
    case 'query':
      return !!r.queryId;
  }
}

/** A `datetime-local` value (`2026-12-01T09:30`, local time) as an ISO instant, or null when empty or invalid. */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
