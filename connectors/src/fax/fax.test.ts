import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectorContext, type ConnectorContext } from '../contract.ts';
import { ConnectorError } from '../errors.ts';
import { buildDsn, startCallbackReceiver, startSmtpServer, type SmtpServerFake } from '../testing/index.ts';
import type { FaxConfig } from './fax.config.ts';
import { faxConnector } from './fax.connector.ts';
import { gatewayAddress, sendFax } from './fax.send.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const NOW = new Date('2025-03-01T10:00:00Z');

async function refusal(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a ConnectorError');
}

function report(headers: Record<string, string>, text: string): string {
  const lines = Object.entries({
    From: 'fax@fax.example.hu',
    To: 'crm@folyam.example.hu',
    Date: 'Sat, 01 Mar 2025 10:05:00 +0000',
    ...headers,
  });
  return `${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
}

describe('fax through an email-to-fax gateway', () => {
  let smtp: SmtpServerFake;
  let ctx: ConnectorContext;
  let config: FaxConfig;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    config = faxConnector.parseConfig({
      mode: 'email',
      addressPattern: '{number}@fax.example.hu',
      email: { smtpUrl: smtp.url, from: 'Folyam CRM <crm@folyam.example.hu>' },
    });
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(() => {
    ctx = connectorContext({ clock: { now: () => NOW } });
    smtp.messages.length = 0;
  });
  afterEach(async () => {
    await ctx.resources.close();
  });

  it('mails the PDF to the gateway address of the number', async () => {
    // when
    const result = await faxConnector.actions.send(
      config,
      { to: '06 1 234 5678', subject: 'Árajánlat', document: { filename: 'ajanlat.pdf', content: PDF } },
      ctx,
    );

    // then
    expect(result).toMatchObject({ status: 'sent', raw: { fax: { to: '+3612345678', mode: 'email' } } });
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelope.to).toEqual(['3612345678@fax.example.hu']);
    expect(mail.parsed.subject).toBe('Árajánlat');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'ajanlat.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0].content.equals(PDF)).toBe(true);
    expect(mail.parsed.messageId).toBe(result.providerId);
  });

  it('takes the PDF as base64 too, and refuses what is not a PDF or not a number', async () => {
    await sendFax(
      config,
      { to: '+36 1 234 5678', document: { filename: 'a.pdf', content: PDF.toString('base64') } },
      ctx,
    );
    expect(smtp.messages).toHaveLength(1);

    const notPdf = await refusal(
      sendFax(config, { to: '+3612345678', document: { filename: 'a.pdf', content: Buffer.from('<html>') } }, ctx),
    );
    const badNumber = await refusal(
      sendFax(config, { to: '06 1 234', document: { filename: 'a.pdf', content: PDF } }, ctx),
    );
    expect(notPdf.code).toBe('FAX_NOT_PDF');
    expect(badNumber.code).toBe('PHONE_INVALID');
    expect(smtp.messages).toHaveLength(1);
  });

  it('fills the other address placeholders', () => {
    expect(gatewayAddress('{e164}@fax.example.hu', '+3612345678')).toBe('+3612345678@fax.example.hu');
    expect(gatewayAddress('fax-{national}@gw.example.hu', '+3612345678')).toBe('fax-0612345678@gw.example.hu');
  });

  it('reads the gateway reports, in English and Hungarian, matched by In-Reply-To', async () => {
    // given
    const { providerId } = await sendFax(
      config,
      { to: '+3612345678', document: { filename: 'a.pdf', content: PDF } },
      ctx,
    );
    const ok = report({ Subject: 'Fax to 3612345678 delivered', 'In-Reply-To': providerId }, 'Pages: 2');
    const busy = report(
      { Subject: 'Faxküldés sikertelen: a vonal foglalt', References: `<other@x.hu> ${providerId}` },
      'Szám: +36 1 234 5678',
    );
    const unrelated = report({ Subject: 'Heti összesítő' }, 'Nincs teendő.');

    // when
    const [a, b, c] = await Promise.all(
      [ok, busy, unrelated].map((body) =>
        faxConnector.webhooks.report(config, { url: 'imap://fax', headers: {}, body }, ctx),
      ),
    );

    // then
    expect(a).toEqual({
      ok: true,
      updates: [
        expect.objectContaining({
          providerId,
          status: 'delivered',
          recipient: '+3612345678',
          at: new Date('2025-03-01T10:05:00Z'),
        }),
      ],
    });
    expect(b).toEqual({
      ok: true,
      updates: [
        expect.objectContaining({
          providerId,
          status: 'failed',
          error: expect.objectContaining({ code: 'FAX_FAILED' }),
        }),
      ],
    });
    expect(c).toEqual({ ok: true, updates: [] });
  });

  it('uses configured report patterns, and reads a bounce of the gateway address as a DSN', async () => {
    // given
    const custom: FaxConfig = {
      ...config,
      report: { deliveredPattern: 'STATUS=OK', failedPattern: 'STATUS=ERR' },
    } as FaxConfig;
    const body = report({ Subject: 'Job 4711', 'In-Reply-To': '<abc@folyam.example.hu>' }, 'STATUS=ERR 3');
    const bounce = buildDsn({
      envelopeId: '+3Cdef@folyam.example.hu+3E',
      recipients: [{ address: '3612345678@fax.example.hu' }],
    });

    // when
    const a = await faxConnector.webhooks.report(custom, { url: 'imap://fax', headers: {}, body }, ctx);
    const b = await faxConnector.webhooks.report(custom, { url: 'imap://fax', headers: {}, body: bounce }, ctx);

    // then
    expect(a.ok && a.updates.map((u) => [u.providerId, u.status])).toEqual([['<abc@folyam.example.hu>', 'failed']]);
    expect(b.ok && b.updates.map((u) => [u.providerId, u.status])).toEqual([['<def@folyam.example.hu>', 'bounced']]);
  });
});

describe('fax through an HTTP fax API', () => {
  it('POSTs JSON with the bearer token to the configured URL and takes the id', async () => {
    // given
    const api = await startCallbackReceiver((req) =>
      req.headers.authorization === 'Bearer fax-token-123'
        ? {
            status: 201,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: 'fx_42', status: 'queued' }),
          }
        : 401,
    );
    const ctx = connectorContext({ idempotencyKey: 'outbox:7' });
    const settings = { mode: 'http' as const, url: `${api.url}/v1/faxes`, token: 'fax-token-123' };
    const config = faxConnector.parseConfig(settings);
    try {
      // when
      const result = await sendFax(config, { to: '06 1 234 5678', document: { filename: 'a.pdf', content: PDF } }, ctx);
      const wrong = await refusal(
        sendFax(
          { ...settings, token: 'other-token' },
          { to: '06 1 234 5678', document: { filename: 'a.pdf', content: PDF } },
          ctx,
        ),
      );

      // then
      expect(result).toMatchObject({ providerId: 'fx_42', status: 'queued' });
      const sent = JSON.parse(api.received[0].body) as Record<string, string>;
      expect(api.received[0]).toMatchObject({ method: 'POST', path: '/v1/faxes' });
      expect(api.received[0].headers['idempotency-key']).toBe('outbox:7');
      expect(sent).toMatchObject({ to: '+3612345678', filename: 'a.pdf', contentType: 'application/pdf' });
      expect(Buffer.from(sent.document, 'base64').equals(PDF)).toBe(true);
      expect(wrong.code).toBe('FAX_AUTH_FAILED');
    } finally {
      await api.close();
    }
  });

  it('does not follow a redirect to another origin', async () => {
    // given
    const elsewhere = await startCallbackReceiver(() => 200);
    const api = await startCallbackReceiver(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    const ctx = connectorContext();
    try {
      // when
      const e = await refusal(
        sendFax(
          { mode: 'http', url: api.url, token: 'fax-token-123' },
          { to: '+3612345678', document: { filename: 'a.pdf', content: PDF } },
          ctx,
        ),
      );

      // then
      expect(e.code).toBe('FAX_REDIRECT_REFUSED');
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await api.close();
      await elsewhere.close();
    }
  });

  it('refuses an API URL that would send the token in clear text over the network', () => {
    expect(() =>
      faxConnector.parseConfig({ mode: 'http', url: 'http://fax.example.hu/api', token: 'fax-token-123' }),
    ).toThrow(ConnectorError);
    expect(
      faxConnector.parseConfig({ mode: 'http', url: 'https://fax.example.hu/api', token: 'fax-token-123' }),
    ).toMatchObject({ mode: 'http' });
  });
});
