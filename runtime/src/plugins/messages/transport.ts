/**
 * The platform's `MessageTransport` built on `@folyam/connectors` and sanitize-html: which channels have a
 * provider, sending through `runAction` with the outbox's idempotency key, address checks, the HTML policy and
 * status ordering (`applyStatus`). A connector error nobody can fix by waiting becomes a 4xx FolyamError, so the
 * job runner stops retrying; the rest is thrown on for a retry with backoff.
 */
import sanitizeHtml from 'sanitize-html';
import {
  applyStatus,
  isConnectorError,
  parseMailbox,
  runAction,
  toE164,
  type Clock,
  type ConnectorRegistry,
  type ConnectorsConfig,
  type MessageStatus as ConnectorStatus,
  type ResourcePool,
} from '@folyam/connectors';
import {
  FolyamError,
  type MessageChannel,
  type MessageStatus,
  type MessageTransport,
  type OutgoingMessage,
} from '@folyam/platform';

/** What survives in a message: text formatting, links, images and simple tables; no script, style, handlers or forms. */
export const HTML_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'u', 's'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    '*': ['style'],
    td: ['colspan', 'rowspan', 'align'],
    th: ['colspan', 'rowspan', 'align'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https', 'cid', 'data'] },
  allowedStyles: {
    '*': {
      color: [/^#[0-9a-f]{3,6}$/i, /^rgb\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)$/],
      'text-align': [/^(left|right|center|justify)$/],
      'font-weight': [/^(bold|normal|\d00)$/],
      'font-style': [/^(italic|normal)$/],
    },
  },
  disallowedTagsMode: 'discard',
};

const toConnector: Record<MessageStatus, ConnectorStatus | null> = {
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  bounced: 'bounced',
  failed: 'failed',
  undeliverable: 'undelivered',
  held: null,
};

/** A provider's status in our words: Twilio's `undelivered` is our `undeliverable`. */
export function fromConnectorStatus(s: ConnectorStatus): MessageStatus | null {
  switch (s) {
    case 'sent':
    case 'delivered':
    case 'bounced':
    case 'failed':
      return s;
    case 'undelivered':
      return 'undeliverable';
    default:
      return null;
  }
}

export type ConnectorTransportOptions = {
  registry: ConnectorRegistry;
  settings: ConnectorsConfig;
  resources: ResourcePool;
  clock: Clock;
  /** Where Twilio posts status reports: `<public url>/api/webhooks/sms/status`; without it, the configured one. */
  smsStatusCallbackUrl?: string;
};

function connectorInput(channel: MessageChannel, m: OutgoingMessage, statusCallback?: string): unknown {
  switch (channel) {
    case 'email':
      return {
        to: m.to,
        subject: m.subject ?? '',
        ...(m.html !== null ? { html: m.html } : {}),
        ...(m.text !== null ? { text: m.text } : {}),
        ...(m.attachments.length
          ? { attachments: m.attachments.map((a) => ({ ...a, encoding: 'base64' as const })) }
          : {}),
        ...(m.unsubscribeUrl ? { unsubscribeUrl: m.unsubscribeUrl } : {}),
        ...(m.unsubscribeMailto ? { unsubscribeMailto: m.unsubscribeMailto } : {}),
        ...(m.headers && Object.keys(m.headers).length ? { headers: m.headers } : {}),
      };
    case 'sms':
      return { to: m.to, body: m.text ?? '', ...(statusCallback ? { statusCallback } : {}) };
    case 'fax':
      return {
        to: m.to,
        document: { filename: m.attachments[0]?.filename ?? 'fax.pdf', content: m.attachments[0]?.content ?? '' },
        ...(m.subject ? { subject: m.subject } : {}),
        ...(m.text !== null ? { text: m.text } : {}),
      };
  }
}

export function connectorTransport(opts: ConnectorTransportOptions): MessageTransport {
  return {
    configured: (channel) => opts.settings[channel] !== undefined,
    async send(channel, message, ctx) {
      try {
        const r = await runAction(
          opts.registry,
          channel,
          'send',
          opts.settings[channel],
          connectorInput(channel, message, opts.smsStatusCallbackUrl),
          {
            clock: opts.clock,
            resources: opts.resources,
            idempotencyKey: ctx.idempotencyKey,
            signal: ctx.signal,
          },
        );
        return { providerId: r.providerId, raw: r.raw };
      } catch (e) {
        if (isConnectorError(e) && !e.retryable) {
          throw new FolyamError(422, e.code, e.messages, e.details, e.provider ? { provider: e.provider } : undefined);
        }
        throw e;
      }
    },
    normaliseAddress(channel, address) {
      if (channel === 'email') {
        return parseMailbox(address.trim()) ? address.trim() : null;
      }
      return toE164(address);
    },
    sanitizeHtml: (html) => sanitizeHtml(html, HTML_POLICY),
    shouldApply(current, incoming) {
      const from = toConnector[current];
      const to = toConnector[incoming];
      return from !== null && to !== null && applyStatus(from, to).apply;
    },
  };
}
