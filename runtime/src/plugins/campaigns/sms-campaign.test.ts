/**
 * An SMS campaign through the Twilio fake (the real twilio package): the opt-out text with the unsubscribe link is
 * appended, the signed delivery callback marks the recipient delivered, and `auto` picks SMS for a contact who
 * agreed to SMS only.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '@folyam/connectors/testing';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const AUTH_TOKEN = 'twilio-test-token-0123456789';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe.each(testDatabases())('SMS campaigns on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let twilio: TwilioFake;
  let base: string;

  beforeAll(async () => {
    twilio = await startTwilioFake({ authToken: AUTH_TOKEN });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startTestApp(db, {
      port,
      messaging: {
        connectors: { sms: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: 'FolyamCRM', apiUrl: twilio.url } },
        publicUrl: base,
        smsOptOutText: 'Leiratkozás: {{unsubscribeUrl}}',
      },
    });
    admin = await app.login('admin');
  });
  afterAll(async () => {
    await app?.close();
    await twilio?.close();
  });

  it('sends the SMS with its opt-out link to the channel the contact agreed to; delivery flows back', async () => {
    // given: a contact with email and mobile who agreed to SMS only
    const company = await admin.request('POST', '/api/data/company', { name: 'SMS Kft.' });
    const contact = await admin.request('POST', '/api/data/contact', {
      familyName: 'Szabó',
      givenName: 'Éva',
      email: 'eva@example.hu',
      mobile: '+36 30 123 4567',
      company: company.body.id,
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const consent = await admin.request('POST', '/api/consents', {
      entity: 'contact',
      id: contact.body.id,
      channel: 'sms',
      granted: true,
      source: 'phone',
      wording: 'Hozzájárulok, hogy SMS-ben értesítsenek az akciókról.',
    });
    expect(consent.status).toBe(200);
    const created = await admin.request('POST', '/api/campaigns', {
      name: 'SMS akció',
      channel: 'auto',
      subject: 'Akció',
      text: 'Szia {{contact.givenName}}! 20% kedvezmény a héten.',
      recipients: { kind: 'companies', ids: [company.body.id] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // when
    expect((await admin.request('POST', `/api/campaigns/${created.body.id}/send`)).status).toBe(202);
    while ((await app.platform.jobs.runDue()) > 0);
    // then: one SMS, with the opt-out link of this recipient
    const token = (
      await app.platform.knex('folyam_campaign_recipients').where({ campaign_id: created.body.id }).first()
    ).token;
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({ to: '+36301234567' });
    expect(twilio.messages[0].body).toBe(`Szia Éva! 20% kedvezmény a héten.\nLeiratkozás: ${base}/u/${token}`);
    // when: Twilio reports it delivered (signed callback over HTTP)
    const res = await twilio.fireStatusCallback(twilio.messages[0].sid, 'delivered');
    expect(res.status).toBe(200);
    // then
    const view = await admin.request('GET', `/api/campaigns/${created.body.id}`);
    expect(view.body).toMatchObject({ status: 'sent', progress: 100, totals: { recipients: 1, delivered: 1 } });
    const [row] = (await admin.request('GET', `/api/campaigns/${created.body.id}/recipients`)).body.items;
    expect(row).toMatchObject({ channel: 'sms', address: '+36301234567', status: 'delivered' });
  });
});
