import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectorContext, createResourcePool, type ConnectorContext } from '../contract.ts';
import { ConnectorError } from '../errors.ts';
import { startSmtpServer, type SmtpServerFake } from '../testing/index.ts';
import type { EmailConfig } from './email.config.ts';
import { emailConnector } from './email.connector.ts';
import { sendEmail } from './email.send.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function refusal(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a ConnectorError');
}

describe('email connector over loopback SMTP', () => {
  let smtp: SmtpServerFake;
  let ctx: ConnectorContext;
  let config: EmailConfig;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(() => {
    ctx = connectorContext({ resources: createResourcePool() });
    config = {
      smtpUrl: smtp.url,
      from: 'Folyam CRM <crm@folyam.example.hu>',
      envelopeFrom: 'bounces@folyam.example.hu',
    };
    smtp.messages.length = 0;
    smtp.dropConnections(false);
  });
  afterEach(async () => {
    await ctx.resources.close();
  });

  it('delivers html, text, headers, unsubscribe headers and a buffer attachment', async () => {
    // given
    const message = {
      to: 'Kovács Anna <anna@ugyfel.example.hu>',
      subject: 'Árajánlat – őszi akció',
      text: 'Kedves Anna!',
      html: '<p>Kedves <b>Anna</b>! Ünnepi ajánlatunk: árvíztűrő tükörfúrógép.</p>',
      headers: { 'X-Folyam-Campaign': 'osz-2025' },
      unsubscribeUrl: 'https://crm.example.hu/u/abc123',
      unsubscribeMailto: 'leiratkozas@folyam.example.hu',
      attachments: [
        { filename: 'ajánlat.pdf', content: PDF, contentType: 'application/pdf' },
        {
          filename: 'feltételek.txt',
          content: Buffer.from('Általános feltételek').toString('base64'),
          encoding: 'base64' as const,
        },
      ],
    };

    // when
    const result = await emailConnector.actions.send(config, message, ctx);

    // then
    expect(result.status).toBe('sent');
    expect(result.providerId).toMatch(/^<[0-9a-f-]+@folyam\.example\.hu>$/);
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelope).toMatchObject({ from: 'bounces@folyam.example.hu', to: ['anna@ugyfel.example.hu'] });
    expect(mail.parsed.messageId).toBe(result.providerId);
    expect(mail.parsed.subject).toBe('Árajánlat – őszi akció');
    expect(mail.parsed.from?.value[0]).toEqual({ name: 'Folyam CRM', address: 'crm@folyam.example.hu' });
    expect(mail.header('list-unsubscribe')).toBe(
      '<https://crm.example.hu/u/abc123>, <mailto:leiratkozas@folyam.example.hu>',
    );
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.header('x-folyam-campaign')).toBe('osz-2025');
    expect(mail.html).toContain('árvíztűrő tükörfúrógép');
    expect(mail.text).toContain('Kedves Anna!');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['ajánlat.pdf', 'application/pdf'],
      ['feltételek.txt', 'text/plain'],
    ]);
    expect(mail.attachments[0].content.equals(PDF)).toBe(true);
    expect(mail.attachments[1].content.toString('utf8')).toBe('Általános feltételek');
  });

  it('derives a stable Message-ID from the idempotency key, so a retry keeps it', async () => {
    // given
    const again = { ...ctx, idempotencyKey: 'outbox:42' };
    const message = { to: 'anna@ugyfel.example.hu', subject: 'Szia', text: '…' };

    // when
    const first = await sendEmail(config, message, again);
    const second = await sendEmail(config, message, again);

    // then
    expect(first.providerId).toBe(second.providerId);
    expect(first.providerId).toMatch(/^<[0-9a-f]{32}@folyam\.example\.hu>$/);
  });

  it('refuses line breaks in addresses, subject and headers before anything is sent', async () => {
    const cases = [
      { to: 'anna@ugyfel.example.hu', subject: 'Szia\r\nBcc: victim@example.com', text: 'x' },
      { to: 'anna@ugyfel.example.hu\nBcc: victim@example.com', subject: 'Szia', text: 'x' },
      {
        to: 'anna@ugyfel.example.hu',
        subject: 'Szia',
        text: 'x',
        headers: { 'X-Tag': 'a\r\nBcc: victim@example.com' },
      },
      { to: 'anna@ugyfel.example.hu', subject: 'Szia', text: 'x', fromName: 'CRM\r\nX-Evil: 1' },
    ];
    for (const message of cases) {
      const e = await refusal(sendEmail(config, message, ctx));
      expect(e.code).toBe('EMAIL_HEADER_LINE_BREAK');
      expect(e.kind).toBe('input');
      expect(e.retryable).toBe(false);
      expect(e.messages.hu).toContain('sortörés');
    }
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses attachments given as a path or URL, and comma-smuggled recipients', async () => {
    // when
    const path = await refusal(
      sendEmail(
        config,
        {
          to: 'a@ugyfel.example.hu',
          subject: 's',
          text: 't',
          attachments: [{ filename: 'x', path: '/etc/passwd' }],
        } as never,
        ctx,
      ),
    );
    const href = await refusal(
      sendEmail(
        config,
        {
          to: 'a@ugyfel.example.hu',
          subject: 's',
          text: 't',
          attachments: [{ filename: 'x', href: 'http://169.254.169.254/' }],
        } as never,
        ctx,
      ),
    );
    const smuggled = await refusal(
      sendEmail(config, { to: 'a@ugyfel.example.hu, b@other.example.com', subject: 's', text: 't' }, ctx),
    );
    const htmlPath = await refusal(
      sendEmail(config, { to: 'a@ugyfel.example.hu', subject: 's', html: { path: '/etc/passwd' } } as never, ctx),
    );
    const reserved = await refusal(
      sendEmail(
        config,
        { to: 'a@ugyfel.example.hu', subject: 's', text: 't', headers: { 'Message-ID': '<x@y>' } },
        ctx,
      ),
    );

    // then
    expect(path.code).toBe('EMAIL_ATTACHMENT_SOURCE');
    expect(path.details[0].path).toBe('attachments[0]');
    expect(href.code).toBe('EMAIL_ATTACHMENT_SOURCE');
    expect(smuggled.code).toBe('EMAIL_INVALID_ADDRESS');
    expect(smuggled.details[0].path).toBe('to');
    expect(htmlPath.code).toBe('EMAIL_INVALID_MESSAGE');
    expect(reserved.code).toBe('EMAIL_RESERVED_HEADER');
    expect(smtp.messages).toHaveLength(0);
  });

  it('surfaces a refused recipient as an error with the SMTP code', async () => {
    // when
    const e = await refusal(sendEmail(config, { to: 'unknown@ugyfel.example.hu', subject: 's', text: 't' }, ctx));

    // then
    expect(e.code).toBe('EMAIL_REJECTED');
    expect(e.retryable).toBe(false);
    expect(e.provider).toMatchObject({ code: 550, recipient: 'unknown@ugyfel.example.hu' });
    expect(e.provider?.response).toContain('5.1.1');
  });

  it('reports a partly refused message with the refused recipients, and a 4xx as retryable', async () => {
    // given
    smtp.rejectRecipient('tele@ugyfel.example.hu', 452, '4.2.2 Mailbox full');

    // when
    const partly = await sendEmail(
      config,
      { to: ['anna@ugyfel.example.hu', 'unknown@ugyfel.example.hu'], subject: 's', text: 't' },
      ctx,
    );
    const full = await refusal(sendEmail(config, { to: 'tele@ugyfel.example.hu', subject: 's', text: 't' }, ctx));

    // then
    expect(partly.rejected).toEqual([expect.objectContaining({ recipient: 'unknown@ugyfel.example.hu', code: 550 })]);
    expect(smtp.messages[0].envelope.to).toEqual(['anna@ugyfel.example.hu']);
    expect(full.code).toBe('EMAIL_DEFERRED');
    expect(full.retryable).toBe(true);
    expect(full.provider?.code).toBe(452);
  });

  it('reuses pooled connections across sends', async () => {
    // given
    const before = smtp.connections;

    // when
    for (let i = 0; i < 5; i++)
      await sendEmail(config, { to: `user${i}@ugyfel.example.hu`, subject: `#${i}`, text: 't' }, ctx);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        sendEmail(
          { ...config, pool: { maxConnections: 2 } },
          { to: `p${i}@ugyfel.example.hu`, subject: 'p', text: 't' },
          ctx,
        ),
      ),
    );

    // then
    expect(smtp.messages).toHaveLength(11);
    expect(new Set(smtp.messages.slice(0, 5).map((m) => m.connectionId)).size).toBe(1);
    expect(smtp.connections - before).toBeLessThanOrEqual(3);
  });

  it('fails with a retryable error when the server drops the connection, and recovers after', async () => {
    // given
    smtp.dropConnections('rcpt');

    // when
    const e = await refusal(
      sendEmail(
        { ...config, pool: { maxConnections: 1 } },
        { to: 'anna@ugyfel.example.hu', subject: 's', text: 't' },
        ctx,
      ),
    );
    smtp.dropConnections(false);
    const ok = await sendEmail(
      { ...config, pool: { maxConnections: 1 } },
      { to: 'anna@ugyfel.example.hu', subject: 's', text: 't' },
      ctx,
    );

    // then
    expect(e.retryable).toBe(true);
    expect(e.kind).toBe('transport');
    expect(ok.status).toBe('sent');
  });

  it('signs with DKIM when configured', async () => {
    // given
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const dkim = {
      domainName: 'folyam.example.hu',
      keySelector: 'crm2025',
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    };

    // when
    await sendEmail(
      { ...config, dkim },
      { to: 'anna@ugyfel.example.hu', subject: 'Aláírt', text: 't', unsubscribeUrl: 'https://crm.example.hu/u/1' },
      ctx,
    );

    // then
    const signature = smtp.messages[0].header('dkim-signature') ?? '';
    expect(signature).toContain('d=folyam.example.hu');
    expect(signature).toContain('s=crm2025');
    expect(signature.toLowerCase()).toContain('list-unsubscribe');
  });
});

describe('email connector with AUTH and DSN', () => {
  it('logs in with the credentials of the SMTP URL and asks for DSNs carrying our Message-ID', async () => {
    // given
    const smtp = await startSmtpServer({ users: { crm: 'titok' }, dsn: true });
    const ctx = connectorContext();
    try {
      // when
      const sent = await sendEmail(
        { smtpUrl: smtp.url, from: 'crm@folyam.example.hu' },
        { to: 'anna@ugyfel.example.hu', subject: 's', text: 't' },
        ctx,
      );
      const wrong = await refusal(
        sendEmail(
          { smtpUrl: smtp.url.replace('titok', 'rossz'), from: 'crm@folyam.example.hu' },
          { to: 'anna@ugyfel.example.hu', subject: 's', text: 't' },
          ctx,
        ),
      );

      // then
      expect(smtp.messages[0].user).toBe('crm');
      expect(smtp.messages[0].envelope.from).toBe('crm@folyam.example.hu');
      expect(smtp.messages[0].envelope.dsn).toEqual({ envid: sent.providerId, ret: 'HDRS' });
      expect(wrong.code).toBe('EMAIL_AUTH_FAILED');
      expect(wrong.kind).toBe('config');
    } finally {
      await ctx.resources.close();
      await smtp.close();
    }
  });

  it('reports an unreachable server as retryable', async () => {
    // given
    const smtp = await startSmtpServer();
    const url = smtp.url;
    await smtp.close();
    const ctx = connectorContext();

    // when
    const e = await refusal(
      sendEmail(
        { smtpUrl: url, from: 'crm@folyam.example.hu' },
        { to: 'a@ugyfel.example.hu', subject: 's', text: 't' },
        ctx,
      ),
    );
    await ctx.resources.close();

    // then
    expect(e.code).toBe('EMAIL_UNREACHABLE');
    expect(e.retryable).toBe(true);
  });
});
