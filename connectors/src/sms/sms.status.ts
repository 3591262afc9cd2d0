/**
 * Twilio status callbacks: verified with `X-Twilio-Signature` (HMAC-SHA1 of the URL and the sorted form fields
 * under the auth token, checked by `twilio.validateRequest`), then read into the connector's status shape.
 */
import twilio from 'twilio';
import { refuse, type DeliveryStatus, type MessageStatus, type Webhook } from '../contract.ts';
import type { SmsConfig } from './sms.config.ts';

/** Twilio's MessageStatus values onto ours; null for those nobody acts on (`receiving`, `scheduled`, …). */
export function fromTwilioStatus(status: string): MessageStatus | null {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
    case 'partially_delivered':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

const REPORTED = new Set<MessageStatus>(['sent', 'delivered', 'undelivered', 'failed']);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
}

function formFields(body: Record<string, string> | string | Uint8Array): Record<string, string> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    return Object.fromEntries(new URLSearchParams(text));
  }
  return body;
}

/**
 * The `status` webhook. `request.url` must be the URL exactly as given to Twilio (the public one, with its query
 * string), not the one the request arrived at behind a proxy.
 */
export const smsStatusWebhook: Webhook<SmsConfig> = async (config, request, ctx) => {
  const params = formFields(request.body);
  const signature = header(request.headers, 'x-twilio-signature');
  if (!signature || !twilio.validateRequest(config.authToken, signature, request.url, params)) {
    return refuse('signature', { hu: 'Érvénytelen Twilio-aláírás.', en: 'Invalid Twilio signature.' });
  }
  if (params.AccountSid && params.AccountSid !== config.accountSid) {
    return refuse('signature', { hu: 'Idegen Twilio-fiók.', en: 'The report belongs to another Twilio account.' });
  }
  const sid = params.MessageSid ?? params.SmsSid;
  const raw = params.MessageStatus ?? params.SmsStatus;
  if (!sid || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid) || !raw) {
    return refuse('malformed', {
      hu: 'Hiányzó MessageSid vagy MessageStatus.',
      en: 'MessageSid or MessageStatus is missing.',
    });
  }
  const status = fromTwilioStatus(raw);
  if (!status || !REPORTED.has(status)) return { ok: true, updates: [] };
  return {
    ok: true,
    updates: [
      {
        providerId: sid,
        status: status as DeliveryStatus,
        at: ctx.clock.now(),
        ...(params.ErrorCode
          ? { error: { code: params.ErrorCode, ...(params.ErrorMessage ? { message: params.ErrorMessage } : {}) } }
          : {}),
        raw: { MessageSid: sid, MessageStatus: raw, ErrorCode: params.ErrorCode, To: params.To, From: params.From },
      },
    ],
  };
};
