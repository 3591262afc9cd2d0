/** Settings of the email connector: where the SMTP server is, who the mail is from, where bounces go. */
import { z } from 'zod';
import addressparser from 'nodemailer/lib/addressparser';

/** One mailbox, `noreply@example.hu` or `Folyam CRM <noreply@example.hu>`. */
export function parseMailbox(value: string): { name: string; address: string } | null {
  if (/[\r\n\0]/.test(value)) return null;
  const list = addressparser(value, { flatten: true });
  if (list.length !== 1) return null;
  const { name, address } = list[0];
  return /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(address) ? { name, address } : null;
}

const Mailbox = z.string().refine((v) => parseMailbox(v) !== null, { message: 'email' });
const BareAddress = z.string().refine((v) => parseMailbox(v)?.address === v, { message: 'email' });

export const EmailConfig = z
  .object({
    /** `smtp://user:pass@smtp.example.hu:587` (STARTTLS when offered) or `smtps://…:465`. */
    smtpUrl: z.string().regex(/^smtps?:\/\/[^\s]+$/, { message: 'url' }),
    /** The From header: `Folyam CRM <noreply@example.hu>`. */
    from: Mailbox,
    /** The envelope sender (Return-Path) where bounces go; defaults to the From address. */
    envelopeFrom: BareAddress.optional(),
    /** The right-hand side of the Message-IDs we set; defaults to the From domain. */
    messageIdDomain: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, { message: 'pattern' })
      .optional(),
    dkim: z
      .object({
        domainName: z.string().regex(/^[A-Za-z0-9.-]+$/, { message: 'pattern' }),
        keySelector: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'pattern' }),
        privateKey: z.string().min(1),
      })
      .strict()
      .optional(),
    pool: z
      .object({
        maxConnections: z.number().int().min(1).max(50).optional(),
        maxMessages: z.number().int().min(1).max(10_000).optional(),
        /** At most this many messages per second across the pool (a provider's sending limit). */
        rateLimit: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type EmailConfig = z.infer<typeof EmailConfig>;

/** Dotted paths of secrets; the SMTP URL's password is stripped by the generic URL redaction. */
export const EMAIL_SECRET_KEYS = ['dkim.privateKey'] as const;
