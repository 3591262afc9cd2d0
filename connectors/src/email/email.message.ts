/**
 * What a caller may ask the email connector to send, and the checks that keep a message from becoming something
 * else: no line breaks in anything that lands in a header (header injection), one mailbox per address string (no
 * comma-smuggled recipients), attachments only from bytes (never a server path or a URL to fetch).
 */
import { z } from 'zod';
import { fromZod } from '@folyam/metamodel';
import { customIssue, inputError } from '../errors.ts';
import { parseMailbox } from './email.config.ts';

const Attachment = z
  .object({
    filename: z.string().min(1).max(255),
    /** Bytes, or a string: text as is, or base64 with `encoding: 'base64'` (what survives a JSON outbox). */
    content: z.union([z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'invalid' }), z.string()]),
    encoding: z.literal('base64').optional(),
    contentType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, { message: 'pattern' })
      .optional(),
    /** Content-ID for inline images referenced as `cid:…` in the HTML. */
    cid: z
      .string()
      .regex(/^[\w.@+-]+$/, { message: 'pattern' })
      .optional(),
  })
  .strict();
export type EmailAttachment = z.infer<typeof Attachment>;

const Address = z.string().min(3).max(320);
const Addresses = z.union([Address, z.array(Address).min(1).max(100)]);

/** Header names a caller may not set: we own them. */
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'sender',
  'return-path',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'dkim-signature',
]);

export const EmailMessage = z
  .object({
    to: Addresses,
    cc: Addresses.optional(),
    bcc: Addresses.optional(),
    replyTo: Address.optional(),
    /** A display name for the From header; the address itself is the configured one. */
    fromName: z.string().max(200).optional(),
    subject: z.string().max(998),
    text: z.string().optional(),
    html: z.string().optional(),
    attachments: z.array(Attachment).max(50).optional(),
    /** Extra headers, e.g. `X-Folyam-Campaign`. Names are checked; ours (From, Message-ID, …) are refused. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,76}$/, { message: 'pattern' }), z.string().max(998)).optional(),
    /** One-click unsubscribe (RFC 8058): an https URL that accepts `POST List-Unsubscribe=One-Click`. */
    unsubscribeUrl: z.url({ protocol: /^https$/ }).optional(),
    unsubscribeMailto: Address.optional(),
    /** `<id@domain>`; defaults to one derived from the idempotency key, or a random one. */
    messageId: z
      .string()
      .regex(/^<[^<>\s@]+@[^<>\s@]+>$/, { message: 'pattern' })
      .optional(),
  })
  .strict()
  .refine((m) => m.text !== undefined || m.html !== undefined, { message: 'required', path: ['text'] });
export type EmailMessage = z.infer<typeof EmailMessage>;

const LINE_BREAK = /[\r\n\0\u2028\u2029]/;

/** Checks and normalises a message; throws a `ConnectorError` with a stable code and the paths at fault. */
export function checkEmailMessage(input: unknown): EmailMessage {
  refuseFileAndUrlAttachments(input);
  refuseLineBreaks(input);
  const r = EmailMessage.safeParse(input);
  if (!r.success) {
    throw inputError(
      'EMAIL_INVALID_MESSAGE',
      { hu: 'Az e-mail hibás.', en: 'The email is not valid.' },
      fromZod(r.error),
    );
  }
  const m = r.data;
  const bad = [
    ...addressList(m.to).map((a, i) => [Array.isArray(m.to) ? `to[${i}]` : 'to', a] as const),
    ...addressList(m.cc).map((a, i) => [Array.isArray(m.cc) ? `cc[${i}]` : 'cc', a] as const),
    ...addressList(m.bcc).map((a, i) => [Array.isArray(m.bcc) ? `bcc[${i}]` : 'bcc', a] as const),
    ...(m.replyTo ? [['replyTo', m.replyTo] as const] : []),
    ...(m.unsubscribeMailto ? [['unsubscribeMailto', m.unsubscribeMailto] as const] : []),
  ].filter(([, a]) => parseMailbox(a) === null);
  if (bad.length) {
    throw inputError(
      'EMAIL_INVALID_ADDRESS',
      { hu: 'Érvénytelen e-mail-cím.', en: 'Not a valid email address.' },
      bad.map(([path, a]) =>
        customIssue(path, 'email', `Érvénytelen vagy több címet tartalmaz: ${a}`, `Not a single valid address: ${a}`),
      ),
    );
  }
  for (const name of Object.keys(m.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw inputError(
        'EMAIL_RESERVED_HEADER',
        { hu: `A(z) ${name} fejlécet a rendszer állítja be.`, en: `The ${name} header is set by the system.` },
        [customIssue(`headers.${name}`, 'reserved', `Foglalt fejléc: ${name}.`, `Reserved header: ${name}.`)],
      );
    }
  }
  return m;
}

export function addressList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function refuseFileAndUrlAttachments(input: unknown): void {
  const list = (input as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(list)) return;
  list.forEach((a, i) => {
    if (a && typeof a === 'object' && ('path' in a || 'href' in a || 'raw' in a)) {
      throw inputError(
        'EMAIL_ATTACHMENT_SOURCE',
        {
          hu: 'Melléklet csak a tartalmával adható meg, fájlútvonallal vagy webcímmel nem.',
          en: 'An attachment must carry its content; a file path or a URL is not accepted.',
        },
        [
          customIssue(
            `attachments[${i}]`,
            'attachmentSource',
            'Fájlútvonal vagy webcím nem adható meg.',
            'A path or URL is not accepted.',
          ),
        ],
      );
    }
  });
}

/** Every string that ends up in a header is checked, so the error names the field rather than a zod pattern. */
function refuseLineBreaks(input: unknown): void {
  if (!input || typeof input !== 'object') return;
  const m = input as Record<string, unknown>;
  const found: string[] = [];
  const check = (path: string, v: unknown) => {
    if (typeof v === 'string' && LINE_BREAK.test(v)) found.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => check(`${path}[${i}]`, x));
  };
  for (const key of [
    'to',
    'cc',
    'bcc',
    'replyTo',
    'fromName',
    'subject',
    'unsubscribeUrl',
    'unsubscribeMailto',
    'messageId',
  ]) {
    check(key, m[key]);
  }
  if (m.headers && typeof m.headers === 'object') {
    for (const [k, v] of Object.entries(m.headers)) {
      check(`headers.${k}`, k);
      check(`headers.${k}`, v);
    }
  }
  if (Array.isArray(m.attachments)) {
    m.attachments.forEach((a, i) => {
      if (!a || typeof a !== 'object') return;
      const att = a as Record<string, unknown>;
      for (const key of ['filename', 'contentType', 'cid']) check(`attachments[${i}].${key}`, att[key]);
    });
  }
  if (found.length) {
    throw inputError(
      'EMAIL_HEADER_LINE_BREAK',
      {
        hu: 'A címek, a tárgy és a fejlécek nem tartalmazhatnak sortörést.',
        en: 'Addresses, the subject and headers must not contain line breaks.',
      },
      found.map((p) => customIssue(p, 'lineBreak', 'Sortörés nem megengedett.', 'Line breaks are not allowed.')),
    );
  }
}
