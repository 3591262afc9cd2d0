/**
 * Sends a fax: a PDF to an email-to-fax gateway (`{number}@fax.example.hu`, through the email connector), or a
 * JSON POST to an HTTP fax API with a bearer token. The API is only ever called at its configured URL: redirects
 * are refused rather than followed.
 */
import { z } from 'zod';
import { fromZod } from '@folyam/metamodel';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ConnectorContext, SendResult } from '../contract.ts';
import { ConnectorError, customIssue, inputError } from '../errors.ts';
import { sendEmail } from '../email/email.send.ts';
import { requireE164 } from '../sms/phone.ts';
import type { FaxConfig, FaxEmailGatewayConfig, FaxHttpApiConfig } from './fax.config.ts';

export const FaxMessage = z
  .object({
    to: z.string().min(3).max(40),
    document: z
      .object({
        filename: z.string().min(1).max(255),
        /** The PDF: bytes, or base64 (what survives a JSON outbox). */
        content: z.union([
          z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'invalid' }),
          z.string().min(1),
        ]),
      })
      .strict(),
    /** Cover line for the gateway (subject of the email); many gateways print it on the cover page. */
    subject: z.string().max(200).optional(),
    text: z.string().max(10_000).optional(),
  })
  .strict();
export type FaxMessage = z.infer<typeof FaxMessage>;

function pdfBytes(content: Uint8Array | string): Buffer {
  const bytes =
    typeof content === 'string'
      ? Buffer.from(content, 'base64')
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw inputError('FAX_NOT_PDF', { hu: 'A fax dokumentuma PDF legyen.', en: 'The fax document must be a PDF.' }, [
      customIssue('document.content', 'pdf', 'Nem PDF-fájl.', 'Not a PDF file.'),
    ]);
  }
  return bytes;
}

/** `{number}@fax.example.hu` with `+36 1 234 5678` → `3612345678@fax.example.hu`. */
export function gatewayAddress(pattern: string, e164: string): string {
  const national = parsePhoneNumberFromString(e164)?.format('NATIONAL').replace(/\D/g, '') ?? e164.slice(1);
  return pattern.replace('{number}', e164.slice(1)).replace('{e164}', e164).replace('{national}', national);
}

/** `await sendFax(config, { to: '06 1 234 5678', document: { filename: 'ajanlat.pdf', content } }, ctx)` */
export async function sendFax(config: FaxConfig, input: FaxMessage, ctx: ConnectorContext): Promise<SendResult> {
  const r = FaxMessage.safeParse(input);
  if (!r.success)
    throw inputError('FAX_INVALID_MESSAGE', { hu: 'A fax hibás.', en: 'The fax is not valid.' }, fromZod(r.error));
  const m = r.data;
  const to = requireE164(m.to);
  const pdf = pdfBytes(m.document.content);
  return config.mode === 'email' ? viaEmail(config, m, to, pdf, ctx) : viaHttp(config, m, to, pdf, ctx);
}

async function viaEmail(
  config: FaxEmailGatewayConfig,
  m: FaxMessage,
  to: string,
  pdf: Buffer,
  ctx: ConnectorContext,
): Promise<SendResult> {
  const sent = await sendEmail(
    config.email,
    {
      to: gatewayAddress(config.addressPattern, to),
      subject: m.subject ?? '',
      text: m.text ?? '',
      attachments: [{ filename: m.document.filename, content: pdf, contentType: 'application/pdf' }],
    },
    ctx,
  );
  return { ...sent, raw: { ...(sent.raw as object), fax: { to, mode: 'email' } } };
}

async function viaHttp(
  config: FaxHttpApiConfig,
  m: FaxMessage,
  to: string,
  pdf: Buffer,
  ctx: ConnectorContext,
): Promise<SendResult> {
  const timeout = AbortSignal.timeout(60_000);
  let res: Response;
  try {
    res = await fetch(config.url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        authorization: `Bearer ${config.token}`,
        'content-type': 'application/json',
        ...(ctx.idempotencyKey ? { 'idempotency-key': ctx.idempotencyKey } : {}),
      },
      body: JSON.stringify({
        to,
        filename: m.document.filename,
        contentType: 'application/pdf',
        document: pdf.toString('base64'),
        ...(m.subject ? { subject: m.subject } : {}),
        ...(config.statusCallbackUrl ? { callbackUrl: config.statusCallbackUrl } : {}),
      }),
      signal: ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout,
    });
  } catch (e) {
    throw new ConnectorError(
      'FAX_UNREACHABLE',
      { hu: 'A faxszolgáltató nem érhető el.', en: 'The fax service cannot be reached.' },
      {
        kind: 'transport',
        retryable: true,
        cause: e,
      },
    );
  }
  const text = await res.text();
  const provider = { status: res.status, response: text.slice(0, 500) };
  if (res.status >= 300 && res.status < 400) {
    throw new ConnectorError(
      'FAX_REDIRECT_REFUSED',
      {
        hu: 'A faxszolgáltató máshová irányított; nem követjük.',
        en: 'The fax service redirected elsewhere; not followed.',
      },
      { kind: 'config', provider },
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new ConnectorError(
      'FAX_AUTH_FAILED',
      { hu: 'A faxszolgáltató elutasította a tokent.', en: 'The fax service refused the token.' },
      { kind: 'config', provider },
    );
  }
  if (!res.ok) {
    const retryable = res.status === 429 || res.status >= 500;
    throw new ConnectorError(
      retryable ? 'FAX_PROVIDER_UNAVAILABLE' : 'FAX_REJECTED',
      retryable
        ? {
            hu: 'A faxszolgáltató átmenetileg nem vette át a faxot.',
            en: 'The fax service did not take the fax for now.',
          }
        : { hu: 'A faxszolgáltató elutasította a faxot.', en: 'The fax service refused the fax.' },
      { kind: 'provider', retryable, provider },
    );
  }
  let body: { id?: unknown; status?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  if (typeof body.id !== 'string' || !body.id) {
    throw new ConnectorError(
      'FAX_BAD_RESPONSE',
      { hu: 'A faxszolgáltató válasza érthetetlen.', en: 'The fax service answered something unreadable.' },
      { kind: 'provider', provider },
    );
  }
  return {
    providerId: body.id,
    status: body.status === 'sent' ? 'sent' : 'queued',
    raw: { id: body.id, status: body.status, to, mode: 'http' },
  };
}
