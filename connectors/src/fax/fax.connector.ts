/** The fax connector behind the common contract. */
import { defineConnector, refuse, type Webhook } from '../contract.ts';
import { dsnToStatusUpdate, parseDsn } from '../email/dsn.parse.ts';
import { FAX_SECRET_KEYS, FaxConfig } from './fax.config.ts';
import { faxReportToStatusUpdate, parseFaxReport } from './fax.report.ts';
import { sendFax } from './fax.send.ts';
import { messageIdDomain } from '../email/email.send.ts';

/**
 * Reads a report email from the gateway (raw MIME, from the mailbox the gateway answers to). A bounce of the
 * gateway address itself is a DSN and is read as one.
 */
const report: Webhook<FaxConfig> = async (config, request, ctx) => {
  if (typeof request.body !== 'string' && !(request.body instanceof Uint8Array)) {
    return refuse('malformed', { hu: 'Nyers e-mail-üzenet várt.', en: 'Expected a raw email message.' });
  }
  const now = ctx.clock.now();
  const dsn = await parseDsn(request.body);
  if (dsn.length) return { ok: true, updates: dsn.flatMap((e) => dsnToStatusUpdate(e, now) ?? []) };
  const parsed =
    config.mode === 'email'
      ? await parseFaxReport(request.body, config.report, messageIdDomain(config.email))
      : await parseFaxReport(request.body);
  const update = faxReportToStatusUpdate(parsed, now);
  return { ok: true, updates: update ? [update] : [] };
};

export const faxConnector = defineConnector({
  id: 'fax',
  label: { hu: 'Fax', en: 'Fax' },
  configSchema: FaxConfig,
  secretKeys: FAX_SECRET_KEYS,
  actions: { send: sendFax },
  webhooks: { report },
});
