/** Sends one SMS through Twilio's Messages API with the twilio package. */
import { z } from 'zod';
import { fromZod } from '@folyam/metamodel';
import type { ConnectorContext, SendResult } from '../contract.ts';
import { ConnectorError, customIssue, inputError } from '../errors.ts';
import { requireE164 } from './phone.ts';
import { countSegments } from './segments.ts';
import type { SmsConfig } from './sms.config.ts';
import { twilioClient } from './twilio.client.ts';

export const SmsMessage = z
  .object({
    to: z.string().min(3).max(40),
    body: z.string().min(1).max(1600),
    /** Overrides the configured status callback URL. */
    statusCallback: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type SmsMessage = z.infer<typeof SmsMessage>;

/**
 * `await sendSms(config, { to: '06 30 123 4567', body: 'Holnap 10-kor várjuk.' }, ctx)`
 * → `{ providerId: 'SM…', status: 'queued', raw: { segments: 1, encoding: 'UCS-2', … } }`
 */
export async function sendSms(config: SmsConfig, input: SmsMessage, ctx: ConnectorContext): Promise<SendResult> {
  const r = SmsMessage.safeParse(input);
  if (!r.success)
    throw inputError('SMS_INVALID_MESSAGE', { hu: 'Az SMS hibás.', en: 'The SMS is not valid.' }, fromZod(r.error));
  const m = r.data;
  const to = requireE164(m.to);
  const count = countSegments(m.body);
  const max = config.maxSegments ?? 10;
  if (count.segments > max) {
    throw inputError(
      'SMS_TOO_LONG',
      {
        hu: `Az üzenet ${count.segments} SMS-be férne (${count.encoding}), legfeljebb ${max} lehet.`,
        en: `The text needs ${count.segments} messages (${count.encoding}); at most ${max} are allowed.`,
      },
      [customIssue('body', 'tooLong', 'Túl hosszú üzenet.', 'The text is too long.')],
    );
  }
  const statusCallback = m.statusCallback ?? config.statusCallbackUrl;
  const sender = config.from.startsWith('MG') ? { messagingServiceSid: config.from } : { from: config.from };
  try {
    const msg = await twilioClient(config, ctx).messages.create({
      to,
      body: m.body,
      ...sender,
      ...(statusCallback ? { statusCallback } : {}),
    });
    return {
      providerId: msg.sid,
      status: msg.status === 'sent' ? 'sent' : 'queued',
      raw: {
        sid: msg.sid,
        status: msg.status,
        to: msg.to,
        from: msg.from,
        numSegments: msg.numSegments,
        dateCreated: msg.dateCreated,
        segments: count.segments,
        encoding: count.encoding,
      },
    };
  } catch (e) {
    throw twilioError(e);
  }
}

/** Twilio error codes that mean "this number will not take SMS", not "try later". */
const NUMBER_CODES = new Set([21211, 21214, 21408, 21610, 21612, 21614]);

/** Maps what the twilio package throws: a RestException (with Twilio's code) or a network error. */
export function twilioError(e: unknown): ConnectorError {
  const err = e as { status?: number; code?: number | string; message?: string; moreInfo?: string };
  if (typeof err?.status === 'number') {
    const provider = { status: err.status, code: err.code, response: err.message };
    if (err.status === 401 || err.status === 403) {
      return new ConnectorError(
        'SMS_AUTH_FAILED',
        {
          hu: 'A Twilio elutasította a hitelesítést: ellenőrizze a fiókazonosítót és a tokent.',
          en: 'Twilio refused the credentials: check the account SID and auth token.',
        },
        { kind: 'config', provider, cause: e },
      );
    }
    const retryable = err.status === 429 || err.status >= 500;
    if (typeof err.code === 'number' && NUMBER_CODES.has(err.code)) {
      return new ConnectorError(
        'SMS_RECIPIENT_REFUSED',
        { hu: 'Erre a számra nem küldhető SMS.', en: 'SMS cannot be sent to this number.' },
        { kind: 'provider', provider, cause: e },
      );
    }
    return new ConnectorError(
      retryable ? 'SMS_PROVIDER_UNAVAILABLE' : 'SMS_REJECTED',
      retryable
        ? { hu: 'A Twilio átmenetileg nem vette át az üzenetet.', en: 'Twilio did not take the message for now.' }
        : { hu: 'A Twilio elutasította az üzenetet.', en: 'Twilio refused the message.' },
      { kind: 'provider', retryable, provider, cause: e },
    );
  }
  return new ConnectorError(
    'SMS_UNREACHABLE',
    { hu: 'A Twilio nem érhető el.', en: 'Twilio cannot be reached.' },
    { kind: 'transport', retryable: true, provider: { code: err?.code }, cause: e },
  );
}
