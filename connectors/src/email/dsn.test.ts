import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectorContext } from '../contract.ts';
import { buildDsn, startSmtpServer } from '../testing/index.ts';
import { dsnToStatusUpdate, parseDsn } from './dsn.parse.ts';
import { emailConnector } from './email.connector.ts';
import { sendEmail } from './email.send.ts';

const postfixBounce = readFileSync(new URL('./fixtures/postfix-bounce.eml', import.meta.url));

describe('parseDsn', () => {
  it('reads a Postfix bounce: recipient, action, status, diagnostic and the original Message-ID', async () => {
    // when
    const entries = await parseDsn(postfixBounce);

    // then
    expect(entries).toEqual([
      {
        originalMessageId: '<5f0e2b7c9a1d4e3f8b6a2c1d0e9f8a7b@crm.example.hu>',
        recipient: 'nincs.ilyen@ugyfel.example.hu',
        action: 'failed',
        status: '5.1.1',
        diagnostic:
          'smtp; 550 5.1.1 <nincs.ilyen@ugyfel.example.hu>: Recipient address rejected: User unknown in virtual mailbox table',
        permanent: true,
        remoteMta: 'mail.ugyfel.example.hu',
        reportingMta: 'mx.crm.example.hu',
        at: new Date('2025-01-14T09:15:32.000Z'),
      },
    ]);
  });

  it('maps failed to bounced and ignores delayed', async () => {
    // given
    const raw = buildDsn({
      envelopeId: '+3Cabc123@crm.example.hu+3E',
      recipients: [
        { address: 'tele@ugyfel.example.hu', action: 'delayed', status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
        { address: 'rossz@ugyfel.example.hu', action: 'failed', status: '5.1.1' },
      ],
    });
    const now = new Date('2025-03-01T10:00:00Z');

    // when
    const entries = await parseDsn(raw);
    const updates = entries.map((e) => dsnToStatusUpdate(e, now));

    // then: no returned headers, so the Message-ID comes from the ENVID we set
    expect(entries.map((e) => [e.recipient, e.action, e.status, e.permanent, e.originalMessageId])).toEqual([
      ['tele@ugyfel.example.hu', 'delayed', '4.2.2', false, '<abc123@crm.example.hu>'],
      ['rossz@ugyfel.example.hu', 'failed', '5.1.1', true, '<abc123@crm.example.hu>'],
    ]);
    expect(updates[0]).toBeNull();
    expect(updates[1]).toMatchObject({
      providerId: '<abc123@crm.example.hu>',
      status: 'bounced',
      recipient: 'rossz@ugyfel.example.hu',
      error: { code: '5.1.1' },
    });
  });

  it('gives nothing for a message that is not a DSN', async () => {
    const raw =
      'From: a@b.hu\r\nTo: c@d.hu\r\nSubject: Re: Undelivered Mail Returned to Sender\r\n\r\nKöszönöm, megkaptam.\r\n';
    expect(await parseDsn(raw)).toEqual([]);
  });

  it('matches the bounce of a message we sent to its send result (round trip through SMTP)', async () => {
    // given: a message sent through the connector, returned with its headers in a bounce
    const smtp = await startSmtpServer();
    const ctx = connectorContext({ clock: { now: () => new Date('2025-03-01T10:00:00Z') } });
    const config = {
      smtpUrl: smtp.url,
      from: 'Folyam CRM <crm@folyam.example.hu>',
      envelopeFrom: 'bounces@folyam.example.hu',
    };
    try {
      const sent = await sendEmail(config, { to: 'nincs@ugyfel.example.hu', subject: 'Hírlevél', text: 'Szia!' }, ctx);
      const bounce = buildDsn({ original: smtp.messages[0].raw, recipients: [{ address: 'nincs@ugyfel.example.hu' }] });

      // when
      const outcome = await emailConnector.webhooks.dsn(
        config,
        { url: 'imap://bounces', headers: {}, body: bounce },
        ctx,
      );

      // then
      expect(outcome).toEqual({
        ok: true,
        updates: [
          expect.objectContaining({
            providerId: sent.providerId,
            status: 'bounced',
            recipient: 'nincs@ugyfel.example.hu',
          }),
        ],
      });
    } finally {
      await ctx.resources.close();
      await smtp.close();
    }
  });
});
