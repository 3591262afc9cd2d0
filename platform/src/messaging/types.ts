/**
 * Messaging's vocabulary, and the port through which the outbox reaches a provider. The platform does not import
 * the connectors: the runtime hands in a `MessageTransport` built on them (and on sanitize-html), so this folder
 * stays free of SMTP, Twilio and HTML parsing.
 */
import type { LocalizedText } from '@folyam/metamodel';

export const MESSAGE_CHANNELS = ['email', 'sms', 'fax'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'bounced', 'failed', 'undeliverable', 'held'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type MessageError = { code: string; messages: LocalizedText };

export type Message = {
  id: string;
  channel: MessageChannel;
  to: { address: string; entity: string | null; recordId: string | null };
  subject: string | null;
  html: string | null;
  text: string | null;
  /** Stored file ids. */
  attachments: string[];
  status: MessageStatus;
  error: MessageError | null;
  providerId: string | null;
  idempotencyKey: string;
  campaignId: string | null;
  /** `marketing` (skipped for a suppressed address), `service`, or null for a message a person or workflow wrote. */
  purpose: MessagePurpose | null;
  /** One-click unsubscribe and extra headers of an email. */
  options: MessageOptions | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export const MESSAGE_PURPOSES = ['marketing', 'service'] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

export type MessageOptions = {
  /** RFC 8058 one-click target (https), sent as `List-Unsubscribe` with `List-Unsubscribe-Post`. */
  unsubscribeUrl?: string;
  unsubscribeMailto?: string;
  /** Extra headers such as `X-Folyam-Campaign`. */
  headers?: Record<string, string>;
  /** `markSanitized(html)`: the HTML was built from sanitised parts by this process (see send.job.ts). */
  sanitized?: string;
};

export type MessageEvent = { status: MessageStatus; at: string; provider: unknown };

/** What the transport is asked to send: attachments already read from the file store, base64-encoded. */
export type OutgoingMessage = {
  to: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  /** With `cid`: an inline image the HTML refers to as `cid:…`. */
  attachments: { filename: string; contentType: string; content: string; cid?: string }[];
} & Omit<MessageOptions, 'sanitized'>;

/** A provider's later report, in our vocabulary. */
export type ProviderUpdate = { providerId: string; status: MessageStatus; at: Date; raw: unknown };

export type MessageTransport = {
  /** Whether the channel has a provider configured; without one, messages are held, never reported as sent. */
  configured(channel: MessageChannel): boolean;
  /**
   * Sends one message; the same `idempotencyKey` on a retry (email derives its Message-ID from it). Throws a
   * FolyamError with a 4xx status when trying again cannot help, anything else to be retried with backoff.
   */
  send(
    channel: MessageChannel,
    message: OutgoingMessage,
    ctx: { idempotencyKey: string; signal?: AbortSignal },
  ): Promise<{ providerId: string; raw: unknown }>;
  /** The address in its canonical form (E.164 for phone numbers), or null when it is not one. */
  normaliseAddress(channel: MessageChannel, address: string): string | null;
  /** Rich text made safe: applied when a message is saved and again when it is sent. */
  sanitizeHtml(html: string): string;
  /** Whether a report moves a message on: duplicates, stale and post-final reports do not. */
  shouldApply(current: MessageStatus, incoming: MessageStatus): boolean;
};
