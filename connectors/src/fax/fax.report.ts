/**
 * Delivery reports of an email-to-fax gateway: the gateway mails the sender "Fax to 3612345678: delivered" or
 * "… failed: busy". Gateways differ, so the wording is configurable; the defaults know common English and
 * Hungarian phrasings. The report is matched to our fax by In-Reply-To/References (our Message-ID), or by a
 * Message-ID quoted in the text.
 */
import { simpleParser } from 'mailparser';
import type { StatusUpdate } from '../contract.ts';
import { normaliseMessageId } from '../email/dsn.parse.ts';
import { toE164 } from '../sms/phone.ts';

export const DEFAULT_FAILED_PATTERN =
  '\\b(sikertelen|nem sikerült|hiba|failed|failure|unsuccessful|not (been )?(delivered|sent)|error|busy|foglalt|no answer)\\b';
export const DEFAULT_DELIVERED_PATTERN =
  '\\b(sikeres(en)?|elküldve|kézbesítve|delivered|success(ful(ly)?)?|sent|transmitted)\\b';

export type FaxReport = {
  providerId: string | null;
  status: 'delivered' | 'failed' | null;
  /** The fax number the report names, in E.164, when it names one. */
  number: string | null;
  subject: string;
  at: Date | null;
};

/** Reads a gateway report email; `status` is null when neither pattern matches. */
export async function parseFaxReport(
  raw: string | Uint8Array,
  patterns: { failedPattern?: string; deliveredPattern?: string } = {},
  /** The domain of our Message-IDs, to tell our reference from the gateway's own. */
  ownDomain?: string,
): Promise<FaxReport> {
  const mail = await simpleParser(typeof raw === 'string' ? raw : Buffer.from(raw), {
    skipTextToHtml: true,
    skipTextLinks: true,
  });
  const subject = mail.subject ?? '';
  const text = `${subject}\n${mail.text ?? ''}`;
  const failed = new RegExp(patterns.failedPattern ?? DEFAULT_FAILED_PATTERN, 'i');
  const delivered = new RegExp(patterns.deliveredPattern ?? DEFAULT_DELIVERED_PATTERN, 'i');
  const status = failed.test(text) ? 'failed' : delivered.test(text) ? 'delivered' : null;
  // In-Reply-To first, then References newest first; a Message-ID of our own domain wins over a foreign one.
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const candidates = [mail.inReplyTo, ...[...references].reverse(), ...(text.match(/<[^<>\s]+@[^<>\s]+>/g) ?? [])]
    .map((r) => normaliseMessageId(r))
    .filter((r): r is string => r !== null);
  const ours = ownDomain
    ? candidates.find((id) => id.toLowerCase().endsWith(`@${ownDomain.toLowerCase()}>`))
    : undefined;
  const providerId = ours ?? candidates[0] ?? null;
  // The first digit run that is a valid number (a date or a job number may come before it).
  const number = [...text.matchAll(/\+?\d[\d \t/-]{6,18}\d/g)].map((m) => toE164(m[0])).find((n) => n !== null) ?? null;
  return { providerId, status, number, subject, at: mail.date ?? null };
}

export function faxReportToStatusUpdate(report: FaxReport, now: Date): StatusUpdate | null {
  if (!report.providerId || !report.status) return null;
  return {
    providerId: report.providerId,
    status: report.status,
    at: report.at ?? now,
    ...(report.number ? { recipient: report.number } : {}),
    ...(report.status === 'failed' ? { error: { code: 'FAX_FAILED', message: report.subject } } : {}),
    raw: report,
  };
}
