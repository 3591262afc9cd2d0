/** Settings of the SMS connector (Twilio). */
import { z } from 'zod';
import { CredentialSafeUrl } from '../urls.ts';
import { toE164 } from './phone.ts';

export const SmsConfig = z
  .object({
    /** `AC` and 32 hex digits; twilio refuses anything else. */
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: 'pattern' }),
    authToken: z.string().min(8),
    /**
     * The sender: a number (`+36 30 …`, normalised to E.164), an alphanumeric sender id (`FolyamCRM`, up to 11
     * characters, at least one letter), or a messaging service (`MG…`).
     */
    from: z.string().transform((v, ctx) => {
      const sender = normaliseSender(v);
      if (!sender) ctx.addIssue({ code: 'custom', message: 'phone' });
      return sender ?? v;
    }),
    /** Another origin for the REST API (a regional edge, a proxy, the loopback fake in tests); https, or http on loopback. */
    apiUrl: CredentialSafeUrl.optional(),
    /** Where Twilio posts status reports, unless a message names its own. */
    statusCallbackUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Refuse texts longer than this many parts (Twilio's own limit is 10 for 1600 characters). */
    maxSegments: z.number().int().min(1).max(10).optional(),
  })
  .strict();
export type SmsConfig = z.output<typeof SmsConfig>;

export const SMS_SECRET_KEYS = ['authToken'] as const;

function normaliseSender(v: string): string | null {
  if (/^MG[0-9a-fA-F]{32}$/.test(v)) return v;
  if (/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(v)) return v;
  return toE164(v);
}
