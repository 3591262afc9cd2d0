/** The email connector: SMTP sending and bounce (DSN) reading behind the common contract. */
import { defineConnector, refuse, type Webhook } from '../contract.ts';
import { EMAIL_SECRET_KEYS, EmailConfig } from './email.config.ts';
import { dsnToStatusUpdate, parseDsn } from './dsn.parse.ts';
import { sendEmail } from './email.send.ts';

/**
 * Reads a bounce as raw MIME (from an IMAP poll of the bounce mailbox, or a provider forwarding bounces). There
 * is no signature on a bounce: the caller decides which source it trusts. A message that is not a DSN gives no
 * updates, so a poll can hand over everything it finds.
 */
const dsn: Webhook<EmailConfig> = async (_config, request, ctx) => {
  if (typeof request.body !== 'string' && !(request.body instanceof Uint8Array)) {
    return refuse('malformed', { hu: 'Nyers e-mail-üzenet várt.', en: 'Expected a raw email message.' });
  }
  const entries = await parseDsn(request.body);
  const now = ctx.clock.now();
  return { ok: true, updates: entries.flatMap((e) => dsnToStatusUpdate(e, now) ?? []) };
};

export const emailConnector = defineConnector({
  id: 'email',
  label: { hu: 'E-mail', en: 'Email' },
  configSchema: EmailConfig,
  secretKeys: EMAIL_SECRET_KEYS,
  actions: { send: sendEmail },
  webhooks: { dsn },
});
