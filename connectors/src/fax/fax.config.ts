/** Settings of the fax connector: an email-to-fax gateway (through the email connector) or an HTTP fax API. */
import { z } from 'zod';
import { EmailConfig } from '../email/email.config.ts';
import { CredentialSafeUrl } from '../urls.ts';

const Pattern = z
  .string()
  .max(500)
  .refine(
    (s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'pattern' },
  );

/** How to read the gateway's report emails; regular expressions, matched case-insensitively. */
const ReportPatterns = z
  .object({
    /** Matched against the subject and text first: a hit means the fax failed. */
    failedPattern: Pattern.optional(),
    deliveredPattern: Pattern.optional(),
  })
  .strict();

export const FaxEmailGatewayConfig = z
  .object({
    mode: z.literal('email'),
    /**
     * The gateway address: `{number}@fax.example.hu`. `{number}` is the E.164 number without `+` (3612345678),
     * `{e164}` with it, `{national}` the national form with trunk prefix (0612345678).
     */
    addressPattern: z
      .string()
      .regex(/^[^\s@<>]*\{(number|e164|national)\}[^\s@<>]*@[A-Za-z0-9.-]+$/, { message: 'pattern' }),
    email: EmailConfig,
    report: ReportPatterns.optional(),
  })
  .strict();

export const FaxHttpApiConfig = z
  .object({
    mode: z.literal('http'),
    /** The endpoint faxes are POSTed to as JSON; nothing else is ever called. https (http on loopback only). */
    url: CredentialSafeUrl,
    token: z.string().min(8),
    /** Passed to the API as `callbackUrl`, for its delivery reports. */
    statusCallbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

export const FaxConfig = z.discriminatedUnion('mode', [FaxEmailGatewayConfig, FaxHttpApiConfig]);
export type FaxConfig = z.infer<typeof FaxConfig>;
export type FaxEmailGatewayConfig = z.infer<typeof FaxEmailGatewayConfig>;
export type FaxHttpApiConfig = z.infer<typeof FaxHttpApiConfig>;

export const FAX_SECRET_KEYS = ['token', 'email.dkim.privateKey'] as const;
