/**
 * Delivery status notifications (RFC 3464): the `multipart/report; report-type=delivery-status` messages a mail
 * server sends to the envelope sender when it cannot deliver. We read the machine part (`message/delivery-status`)
 * rather than the human text, and match the report to our message by the Message-ID of the returned message or
 * headers, falling back to the ENVID we set on the envelope. Works on the raw bytes, so an IMAP poll and a
 * webhook (a provider forwarding bounces) can both use it.
 */
import { simpleParser } from 'mailparser';
import type { StatusUpdate } from '../contract.ts';

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export type DsnEntry = {
  /** `<id@domain>`, as we set it; null when the report carries neither the returned headers nor our ENVID. */
  originalMessageId: string | null;
  recipient: string;
  action: DsnAction;
  /** Enhanced status code (RFC 3463): `5.1.1` unknown user, `4.2.2` mailbox full. */
  status: string;
  /** The remote server's words, `smtp; 550 5.1.1 … User unknown`, unfolded. */
  diagnostic: string | null;
  /** A 5.x.x status: the address will not work on a retry. */
  permanent: boolean;
  remoteMta: string | null;
  reportingMta: string | null;
  /** When the report says the attempt ended (`Last-Attempt-Date`), else when the report was written. */
  at: Date | null;
};

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);
const ACTIONS = new Set<DsnAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/**
 * Reads a DSN. Returns one entry per recipient it reports on; an empty list when the message is not a DSN.
 * `await parseDsn(raw)` → `[{ originalMessageId: '<…@crm.example.hu>', recipient: 'x@y.hu', action: 'failed', status: '5.1.1', … }]`
 */
export async function parseDsn(raw: string | Uint8Array): Promise<DsnEntry[]> {
  const mail = await simpleParser(typeof raw === 'string' ? raw : Buffer.from(raw), {
    keepDeliveryStatus: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  });
  const statusPart = mail.attachments.find((a) => STATUS_TYPES.has(a.contentType.toLowerCase()));
  if (!statusPart) return [];
  const returned = mail.attachments.find((a) => RETURNED_TYPES.has(a.contentType.toLowerCase()));
  const returnedHeaders = returned
    ? headerFields(headerBlock(returned.content.toString('utf8')))
    : new Map<string, string>();

  const [perMessage, ...perRecipient] = fieldGroups(statusPart.content.toString('utf8'));
  const envid = perMessage?.get('original-envelope-id');
  const originalMessageId =
    normaliseMessageId(returnedHeaders.get('message-id')) ?? normaliseMessageId(envid ? decodeXText(envid) : undefined);
  const reportingMta = typed(perMessage?.get('reporting-mta'));
  const reportDate = mail.date ?? null;

  const entries: DsnEntry[] = [];
  for (const f of perRecipient) {
    const recipient = typed(f.get('final-recipient')) ?? typed(f.get('original-recipient'));
    const action = f.get('action')?.trim().toLowerCase() as DsnAction | undefined;
    const status = f
      .get('status')
      ?.trim()
      .match(/^\d\.\d{1,3}\.\d{1,3}/)?.[0];
    if (!recipient || !action || !ACTIONS.has(action) || !status) continue;
    const lastAttempt = f.get('last-attempt-date');
    const at = lastAttempt && !Number.isNaN(Date.parse(lastAttempt)) ? new Date(lastAttempt) : reportDate;
    entries.push({
      originalMessageId,
      recipient: recipient.toLowerCase(),
      action,
      status,
      diagnostic: f.get('diagnostic-code') ?? null,
      permanent: status.startsWith('5.'),
      remoteMta: typed(f.get('remote-mta')),
      reportingMta,
      at,
    });
  }
  return entries;
}

/**
 * Turns a DSN entry into the connector's status shape: `failed` → `bounced`, `delivered`/`relayed`/`expanded` →
 * `delivered`; `delayed` is no status change (null), the server is still trying.
 */
export function dsnToStatusUpdate(entry: DsnEntry, now: Date): StatusUpdate | null {
  if (!entry.originalMessageId || entry.action === 'delayed') return null;
  const failed = entry.action === 'failed';
  return {
    providerId: entry.originalMessageId,
    status: failed ? 'bounced' : 'delivered',
    at: entry.at ?? now,
    recipient: entry.recipient,
    ...(failed ? { error: { code: entry.status, ...(entry.diagnostic ? { message: entry.diagnostic } : {}) } } : {}),
    raw: entry,
  };
}

/** `<ABC@x.hu>` from `ABC@x.hu`, ` <ABC@x.hu> ` or a header with comments; null when there is none. */
export function normaliseMessageId(v: string | undefined | null): string | null {
  if (!v) return null;
  const m = v.match(/<([^<>\s]+@[^<>\s]+)>/) ?? v.trim().match(/^([^<>\s]+@[^<>\s]+)$/);
  return m ? `<${m[1]}>` : null;
}

/** The header block of a message: everything up to the first empty line. */
function headerBlock(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** `Name: value` fields with folded lines joined; the first occurrence of a name wins. */
function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const m = line.match(/^([A-Za-z0-9-]+):\s*(.*)$/);
    if (m && !fields.has(m[1].toLowerCase())) fields.set(m[1].toLowerCase(), m[2].trim());
  }
  return fields;
}

/** A delivery-status body is groups of fields separated by empty lines: per-message first, then per-recipient. */
function fieldGroups(body: string): Map<string, string>[] {
  return body
    .replace(/^\s+/, '')
    .split(/\r?\n(?:[ \t]*\r?\n)+/)
    .map(headerFields)
    .filter((g) => g.size > 0);
}

/** `rfc822; a@b.hu` → `a@b.hu`, `dns; mx.example.hu` → `mx.example.hu`. */
function typed(v: string | undefined): string | null {
  if (!v) return null;
  const i = v.indexOf(';');
  const value = (i === -1 ? v : v.slice(i + 1)).trim();
  return value || null;
}

/** RFC 3461 xtext: `+3C` → `<`. */
function decodeXText(v: string): string {
  return v.trim().replace(/\+([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
