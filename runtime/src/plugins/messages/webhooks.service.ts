/**
 * Provider callbacks: Twilio status reports (signature checked by the sms connector) and bounce reports (raw
 * message/rfc822 behind a shared secret). A refused callback changes nothing. No hapi here.
 */
import { runWebhook, type StatusUpdate } from '@folyam/connectors';
import { FolyamError, type MessageChannel, type Platform, type ProviderUpdate } from '@folyam/platform';
import { EMAIL_DSN_PATH, SMS_STATUS_PATH, type Messaging } from './messaging.ts';
import { fromConnectorStatus } from './transport.ts';

export type WebhookInput = {
  /** The query string as received (`?a=b` or ''), appended to the public URL for the signature. */
  search: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, string> | string | Uint8Array;
};

const notConfigured = (channel: string) =>
  new FolyamError(404, 'WEBHOOK_NOT_CONFIGURED', {
    hu: `A(z) ${channel} csatornához nincs beállított szolgáltató.`,
    en: `No provider is configured for the ${channel} channel.`,
  });

const refused = (code: string, status: number, messages: { hu: string; en: string }) =>
  new FolyamError(status, code, messages);

function ours(updates: StatusUpdate[]): ProviderUpdate[] {
  return updates.flatMap((u) => {
    const status = fromConnectorStatus(u.status);
    return status
      ? [
          {
            providerId: u.providerId,
            status,
            at: u.at,
            raw: {
              ...(u.raw as object),
              ...(u.error ? { error: u.error } : {}),
              ...(u.recipient ? { recipient: u.recipient } : {}),
            },
          },
        ]
      : [];
  });
}

export class WebhooksService {
  constructor(
    private readonly platform: Platform,
    private readonly messaging: Messaging,
  ) {}

  private async run(channel: MessageChannel, webhook: string, path: string, input: WebhookInput) {
    const settings = this.messaging.settings[channel];
    // Twilio signs over the public URL, so SMS needs one; a bounce report carries no signature.
    const url = this.messaging.webhookUrl(path) ?? (channel === 'sms' ? null : path);
    if (!settings || !url) throw notConfigured(channel);
    const outcome = await runWebhook(
      this.messaging.registry,
      channel,
      webhook,
      settings,
      { url: `${url}${input.search}`, headers: input.headers, body: input.body },
      {
        clock: this.platform.clock,
        resources: this.messaging.resources,
      },
    );
    if (!outcome.ok) {
      throw refused(
        outcome.reason === 'signature' ? 'INVALID_SIGNATURE' : 'MALFORMED_WEBHOOK',
        outcome.httpStatus,
        outcome.message,
      );
    }
    return this.messaging.service.applyUpdates(channel, ours(outcome.updates));
  }

  /** `POST /api/webhooks/sms/status`: a Twilio status report, refused with 403 `INVALID_SIGNATURE` unless signed. */
  smsStatus(input: WebhookInput) {
    return this.run('sms', 'status', SMS_STATUS_PATH, input);
  }

  /** `POST /api/webhooks/email/dsn`: a bounce report, accepted only with the shared secret. */
  async emailDsn(input: WebhookInput) {
    const given = input.headers['x-folyam-webhook-secret'];
    if (!this.messaging.webhookSecretMatches(Array.isArray(given) ? given[0] : given)) {
      throw refused('INVALID_WEBHOOK_SECRET', 403, {
        hu: 'Hibás vagy hiányzó webhook-titok.',
        en: 'Missing or wrong webhook secret.',
      });
    }
    return this.run('email', 'dsn', EMAIL_DSN_PATH, input);
  }
}
