/**
 * Sends one email over SMTP through a pooled nodemailer transport kept in the caller's resource pool, so a
 * campaign of thousands reuses a few connections instead of opening one per message.
 */
import { createHash, randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions, SMTPPoolSentMessageInfo, Transporter } from 'nodemailer';
import { configKey, type ConnectorContext, type SendResult } from '../contract.ts';
import { ConnectorError } from '../errors.ts';
import { parseMailbox, type EmailConfig } from './email.config.ts';
import { addressList, checkEmailMessage, type EmailMessage } from './email.message.ts';

type Pool = Transporter<SMTPPoolSentMessageInfo>;

/** The pooled transport for a configuration; created on first use, closed with the resource pool. */
export function emailTransport(config: EmailConfig, ctx: ConnectorContext): Pool {
  return ctx.resources.get(
    configKey('email', config),
    () =>
      nodemailer.createTransport({
        pool: true,
        url: config.smtpUrl,
        maxConnections: config.pool?.maxConnections ?? 3,
        maxMessages: config.pool?.maxMessages ?? 100,
        ...(config.pool?.rateLimit ? { rateLimit: config.pool.rateLimit, rateDelta: 1000 } : {}),
        // Defence in depth: the message check already refuses paths and URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
        ...(config.dkim ? { dkim: config.dkim } : {}),
      }),
    (t) => t.close(),
  );
}

/** The right-hand side of our Message-IDs: the configured one, else the From domain. */
export function messageIdDomain(config: EmailConfig): string {
  return config.messageIdDomain ?? parseMailbox(config.from)!.address.split('@')[1];
}

/** `<3f1c…@example.hu>`: stable for one idempotency key, so a retried send keeps its Message-ID. */
export function makeMessageId(config: EmailConfig, idempotencyKey?: string): string {
  const domain = messageIdDomain(config);
  const local = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32) : randomUUID();
  return `<${local}@${domain}>`;
}

/** Builds nodemailer's options from a checked message. Exposed for tests and previews. */
export function toMailOptions(config: EmailConfig, m: EmailMessage, messageId: string): SendMailOptions {
  const from = parseMailbox(config.from)!;
  const headers: Record<string, string> = { ...(m.headers ?? {}) };
  const unsubscribe = [
    // The parsed form: characters such as `>` come out percent-encoded and cannot break the angle brackets.
    m.unsubscribeUrl && `<${new URL(m.unsubscribeUrl).href}>`,
    m.unsubscribeMailto && `<mailto:${parseMailbox(m.unsubscribeMailto)!.address}>`,
  ]
    .filter(Boolean)
    .join(', ');
  if (unsubscribe) headers['List-Unsubscribe'] = unsubscribe;
  // RFC 8058 one-click only makes sense with an https target a mail client can POST to.
  if (m.unsubscribeUrl) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  const recipients = [...addressList(m.to), ...addressList(m.cc), ...addressList(m.bcc)].map(
    (a) => parseMailbox(a)!.address,
  );
  return {
    from: { name: m.fromName ?? from.name, address: from.address },
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    replyTo: m.replyTo,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId,
    headers,
    envelope: { from: config.envelopeFrom ?? from.address, to: recipients },
    // Where the server speaks DSN: bounces carry our Message-ID as ENVID and only the headers of the message.
    dsn: { id: messageId, return: 'headers', notify: ['FAILURE', 'DELAY'] },
    attachments: m.attachments?.map((a) => ({
      filename: a.filename,
      content:
        typeof a.content === 'string'
          ? a.content
          : Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
      encoding: a.encoding,
      contentType: a.contentType,
      cid: a.cid,
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * Sends one message. Resolves with the Message-ID as `providerId` once the SMTP server took it; recipients the
 * server refused while it took the others come back in `rejected`. Throws a `ConnectorError` otherwise.
 * `await sendEmail(config, { to: 'anna@example.hu', subject: 'Szia', text: '…' }, ctx)` → `{ providerId: '<…@example.hu>', status: 'sent' }`
 */
export async function sendEmail(config: EmailConfig, input: EmailMessage, ctx: ConnectorContext): Promise<SendResult> {
  const m = checkEmailMessage(input);
  const messageId = m.messageId ?? makeMessageId(config, ctx.idempotencyKey);
  const options = toMailOptions(config, m, messageId);
  if (ctx.signal) options.signal = ctx.signal;
  let info: SMTPPoolSentMessageInfo;
  try {
    info = await emailTransport(config, ctx).sendMail(options);
  } catch (e) {
    throw smtpError(e as NodemailerError);
  }
  const rejectedErrors = (info.rejectedErrors ?? []) as NodemailerError[];
  const rejected = (info.rejected ?? []).map((recipient) => {
    const err = rejectedErrors.find((r) => r.recipient === recipient);
    return { recipient: String(recipient), code: err?.responseCode, response: err?.response };
  });
  return {
    providerId: info.messageId,
    status: 'sent',
    raw: { messageId: info.messageId, response: info.response, accepted: info.accepted, envelope: info.envelope },
    ...(rejected.length ? { rejected } : {}),
  };
}

const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'ECONNREFUSED']);

/** Maps nodemailer's errors onto ours: a 5xx is final, a 4xx and a dropped connection are worth a retry. */
export function smtpError(e: NodemailerError): ConnectorError {
  // A 535 carries a response code too, but it is a settings problem, not the recipient's.
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new ConnectorError(
      'EMAIL_AUTH_FAILED',
      {
        hu: 'Az SMTP-bejelentkezés nem sikerült: ellenőrizze a felhasználónevet és a jelszót.',
        en: 'SMTP login failed: check the user name and password.',
      },
      { kind: 'config', cause: e },
    );
  }
  if (typeof e.responseCode === 'number') {
    const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
    const recipient = e.recipient ?? e.rejected?.[0];
    const who = recipient ? ` (${recipient})` : '';
    return new ConnectorError(
      permanent ? 'EMAIL_REJECTED' : 'EMAIL_DEFERRED',
      permanent
        ? { hu: `A levelezőkiszolgáló elutasította a levelet${who}.`, en: `The mail server refused the message${who}.` }
        : {
            hu: `A levelezőkiszolgáló átmenetileg nem vette át a levelet${who}.`,
            en: `The mail server did not take the message for now${who}.`,
          },
      {
        kind: 'provider',
        retryable: !permanent,
        provider: { code: e.responseCode, response: e.response, recipient },
        cause: e,
      },
    );
  }
  if (e.code === 'EABORT') {
    return new ConnectorError(
      'EMAIL_ABORTED',
      { hu: 'A küldés megszakadt.', en: 'Sending was aborted.' },
      { kind: 'transport', retryable: true, cause: e },
    );
  }
  if (e.code && UNREACHABLE.has(e.code)) {
    return new ConnectorError(
      'EMAIL_UNREACHABLE',
      { hu: 'A levelezőkiszolgáló nem érhető el.', en: 'The mail server cannot be reached.' },
      { kind: 'transport', retryable: true, provider: { code: e.code }, cause: e },
    );
  }
  return new ConnectorError(
    'EMAIL_SEND_FAILED',
    { hu: 'A levél küldése nem sikerült.', en: 'Sending the email failed.' },
    { kind: 'transport', retryable: true, provider: { code: e.code }, cause: e },
  );
}
