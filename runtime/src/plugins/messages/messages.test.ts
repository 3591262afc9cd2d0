/**
 * Messaging end to end on a real runtime: `POST /api/messages` to a contact reaches a loopback SMTP server
 * sanitised, an SMS reaches the Twilio fake through the real twilio package and its signed callbacks move it on,
 * forged/duplicated/out-of-order callbacks change nothing, bounces arrive behind a shared secret, and without a
 * transport a message is held.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDsn,
  startSmtpServer,
  startTwilioFake,
  type SmtpServerFake,
  type TwilioFake,
} from '@folyam/connectors/testing';
import { testDatabases, publishProcess } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const AUTH_TOKEN = 'twilio-test-token-0123456789';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const SECRET = 'dsn-webhook-secret-2026';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe.each(testDatabases())('messages on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let sales2: TestClient;
  let smtp: SmtpServerFake;
  let twilio: TwilioFake;
  let contactId: string;

  const statuses = async (id: string) =>
    (await admin.request('GET', `/api/messages/${id}`)).body.events.map((e: { status: string }) => e.status);
  const message = async (id: string) => (await admin.request('GET', `/api/messages/${id}`)).body;
  const sendSms = async (): Promise<{ id: string; sid: string }> => {
    const res = await admin.request('POST', '/api/messages', {
      channel: 'sms',
      to: { entity: 'contact', id: contactId },
      text: 'Holnap 10-kor várjuk.',
    });
    expect(res.status).toBe(202);
    expect(await app.platform.jobs.runDue()).toBe(1);
    const m = await message(res.body.id);
    expect(m.status).toBe('sent');
    return { id: res.body.id, sid: m.providerId };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    twilio = await startTwilioFake({ authToken: AUTH_TOKEN });
    const port = await freePort();
    app = await startTestApp(db, {
      demoUsers: true,
      port,
      messaging: {
        connectors: {
          email: { smtpUrl: smtp.url, from: 'Folyam CRM <crm@example.hu>' },
          sms: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: 'FolyamCRM', apiUrl: twilio.url },
        },
        publicUrl: `http://127.0.0.1:${port}`,
        webhookSecret: SECRET,
      },
    });
    [admin, sales2] = await Promise.all([app.login('admin'), app.login('sales2')]);
    const company = await admin.request('POST', '/api/data/company', { name: 'Példa Kft.' });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    const contact = await admin.request('POST', '/api/data/contact', {
      familyName: 'Kovács',
      givenName: 'Anna',
      email: 'anna.kovacs@example.hu',
      mobile: '+36 30 123 4567',
      company: company.body.id,
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    contactId = contact.body.id;
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await twilio?.close();
  });

  it('sends an email to a contact once, sanitised, with the right headers; history queued → sent', async () => {
    // when
    const res = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: { entity: 'contact', id: contactId },
      subject: 'Ajánlat – 2026',
      html: '<p>Kedves Anna!</p><script>alert(1)</script><img src="https://example.hu/x.png" onerror="alert(2)">',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(await app.platform.jobs.runDue()).toBe(1);
    // then
    const [mail] = await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail.envelope.to).toEqual(['anna.kovacs@example.hu']);
    expect(mail.parsed.subject).toBe('Ajánlat – 2026');
    expect(mail.header('from')).toContain('crm@example.hu');
    expect(mail.html).toContain('Kedves Anna!');
    expect(mail.html).not.toMatch(/<script|onerror|alert/i);
    const m = await message(res.body.id);
    expect(m).toMatchObject({
      status: 'sent',
      channel: 'email',
      to: { address: 'anna.kovacs@example.hu', entity: 'contact', recordId: contactId },
    });
    expect(m.html).not.toMatch(/<script|onerror/i);
    expect(m.providerId).toBe(mail.header('message-id'));
    expect(m.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sent']);
    // and the contact's communication history lists it
    const history = await admin.request('GET', `/api/messages?recordEntity=contact&recordId=${contactId}`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((x: { id: string }) => x.id)).toContain(res.body.id);
    // audited through domain events
    const audit = await app.platform.knex('folyam_audit').where({ action: 'message.queued' }).select('info');
    expect(audit.some((a) => JSON.parse(a.info).messageId === res.body.id)).toBe(true);
  });

  it('sends an SMS to +36 30 … through Twilio; a signed callback marks it delivered, a duplicate changes nothing', async () => {
    const { id, sid } = await sendSms();
    expect(twilio.messages.find((x) => x.sid === sid)).toMatchObject({
      to: '+36301234567',
      body: 'Holnap 10-kor várjuk.',
    });
    // when
    const first = await twilio.fireStatusCallback(sid, 'delivered');
    const again = await twilio.fireStatusCallback(sid, 'delivered');
    // then
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect((await message(id)).status).toBe('delivered');
    expect(await statuses(id)).toEqual(['queued', 'sent', 'delivered']);
  });

  it('refuses a forged callback with 403 INVALID_SIGNATURE and changes nothing', async () => {
    const { id, sid } = await sendSms();
    for (const how of ['wrong-token', 'tampered', 'unsigned'] as const) {
      const res = await twilio.fireForgedCallback(sid, 'delivered', how);
      expect(res.status, how).toBe(403);
      expect(JSON.parse(res.body).code).toBe('INVALID_SIGNATURE');
    }
    expect((await message(id)).status).toBe('sent');
    expect(await statuses(id)).toEqual(['queued', 'sent']);
  });

  it('does not regress a final status on an out-of-order callback (delivered, then sent)', async () => {
    const { id, sid } = await sendSms();
    await twilio.fireStatusCallback(sid, 'delivered');
    const late = await twilio.fireStatusCallback(sid, 'sent');
    expect(late.status).toBe(200);
    expect((await message(id)).status).toBe('delivered');
    expect(await statuses(id)).toEqual(['queued', 'sent', 'delivered']);
  });

  it('marks an email bounced from a DSN behind the shared secret; without it 403', async () => {
    const res = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: 'unknown.person@example.hu',
      subject: 'Teszt',
      text: 'Szia',
    });
    expect(res.status).toBe(202);
    await app.platform.jobs.runDue();
    const m = await message(res.body.id);
    const dsn = buildDsn({
      original: `Message-ID: ${m.providerId}\r\nSubject: Teszt\r\n\r\n`,
      envelopeId: m.providerId,
      recipients: [{ address: 'unknown.person@example.hu' }],
    });
    const post = (headers: Record<string, string>) =>
      app.server.inject({
        method: 'POST',
        url: '/api/webhooks/email/dsn',
        payload: dsn,
        headers: { 'content-type': 'message/rfc822', ...headers },
      });
    expect((await post({})).statusCode).toBe(403);
    expect((await post({ 'x-folyam-webhook-secret': 'wrong' })).statusCode).toBe(403);
    expect((await message(res.body.id)).status).toBe('sent');
    const ok = await post({ 'x-folyam-webhook-secret': SECRET });
    expect(ok.statusCode, ok.payload).toBe(200);
    expect((await message(res.body.id)).status).toBe('bounced');
  });

  it('refuses CR/LF in a subject or address with 400 and the field path, and attachments that are not own files', async () => {
    const crlf = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: 'anna@example.hu',
      subject: 'Hi\r\nBcc: victim@example.hu',
      text: 'x',
    });
    expect(crlf.status).toBe(400);
    expect(crlf.body).toMatchObject({ code: 'MESSAGE_LINE_BREAK', details: [{ path: 'subject' }] });
    const to = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: 'anna@example.hu\nBcc: x@example.hu',
      subject: 'x',
      text: 'x',
    });
    expect(to.body).toMatchObject({ code: 'MESSAGE_LINE_BREAK', details: [{ path: 'to' }] });
    const badAddress = await admin.request('POST', '/api/messages', { channel: 'sms', to: 'not a number', text: 'x' });
    expect(badAddress.body).toMatchObject({ code: 'MESSAGE_INVALID_ADDRESS', details: [{ path: 'to' }] });
    const path = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: 'anna@example.hu',
      subject: 'x',
      text: 'x',
      attachments: ['/etc/passwd'],
    });
    expect(path.body).toMatchObject({ code: 'MESSAGE_ATTACHMENT_NOT_FOUND', details: [{ path: 'attachments[0]' }] });
  });

  it("sends a workflow step's emails with one job: each once, each sent with its own history", async () => {
    // given: a process whose start runs two email service tasks in a row
    const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="d" targetNamespace="https://folyam.hu/test">
  <bpmn:process id="twoMails" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="first" folyam:connector="email" folyam:action="send">
      <bpmn:extensionElements>
        <folyam:input name="to" value="=&quot;elso@example.hu&quot;" />
        <folyam:input name="subject" value="=&quot;Első: &quot; + code" />
        <folyam:input name="text" value="=&quot;Kód: &quot; + code" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="second" folyam:connector="email" folyam:action="send">
      <bpmn:extensionElements>
        <folyam:input name="to" value="=&quot;masodik@example.hu, harmadik@example.hu&quot;" />
        <folyam:input name="subject" value="=&quot;Második&quot;" />
        <folyam:input name="text" value="=&quot;Szöveg&quot;" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second" />
    <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
    await publishProcess(app.platform, 'twoMails', bpmn);
    const before = smtp.messages.length;
    // when
    const started = await admin.request('POST', '/api/processes/twoMails/start', { variables: { code: 'K-7' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const instance = await admin.request('GET', `/api/processes/instances/${started.body.instanceId}`);
    expect(instance.body.status).toBe('completed');
    // then: one send job holds the step's three messages
    const jobs = (await app.platform.knex('folyam_jobs').where({ kind: 'message.send', status: 'queued' })).map(
      (j) => JSON.parse(j.payload) as { messageIds?: string[] },
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0].messageIds).toHaveLength(3);
    const queued = await app.platform
      .knex('folyam_audit')
      .where({ action: 'message.queued' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(queued.info)).toEqual({ messageIds: jobs[0].messageIds, count: 3 });
    expect(await app.platform.jobs.runDue()).toBe(1);
    const mails = await smtp.waitFor(before + 3);
    const got = mails.slice(before).map((m) => `${m.envelope.to.join(',')} ${m.parsed.subject}`);
    expect(got.sort()).toEqual([
      'elso@example.hu Első: K-7',
      'harmadik@example.hu Második',
      'masodik@example.hu Második',
    ]);
    for (const id of jobs[0].messageIds!) {
      expect(await statuses(id)).toEqual(['queued', 'sent']);
      expect((await message(id)).providerId).toBeTruthy();
    }
    // and: running the jobs again sends nothing twice
    expect(await app.platform.jobs.runDue()).toBe(0);
    expect(smtp.messages).toHaveLength(before + 3);
  });

  it('does not let a user message, or read the history of, a contact they cannot read', async () => {
    const before = Number((await app.platform.knex('folyam_messages').count({ n: '*' }).first())?.n);
    const res = await sales2.request('POST', '/api/messages', {
      channel: 'email',
      to: { entity: 'contact', id: contactId },
      subject: 'x',
      text: 'x',
    });
    expect([403, 404]).toContain(res.status);
    const history = await sales2.request('GET', `/api/messages?recordEntity=contact&recordId=${contactId}`);
    expect([403, 404]).toContain(history.status);
    const someone = (await admin.request('GET', `/api/messages?recordEntity=contact&recordId=${contactId}`)).body
      .items[0];
    expect((await sales2.request('GET', `/api/messages/${someone.id}`)).status).toBe(404);
    expect(Number((await app.platform.knex('folyam_messages').count({ n: '*' }).first())?.n)).toBe(before);
  });
});

describe.each(testDatabases())('messages without a transport on $dialect', (db) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(db);
  });
  afterAll(() => app?.close());

  it('holds a message ("not delivered: no transport configured"), never reports it sent', async () => {
    const admin = await app.login('admin');
    const res = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: 'anna@example.hu',
      subject: 'x',
      html: '<b>x</b>',
    });
    expect(res.status).toBe(202);
    expect(await app.platform.jobs.runDue()).toBe(1);
    const m = (await admin.request('GET', `/api/messages/${res.body.id}`)).body;
    expect(m).toMatchObject({ status: 'held', providerId: null, error: { code: 'MESSAGE_NO_TRANSPORT' } });
    expect(m.error.messages.en).toMatch(/no transport configured/);
    expect(m.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'held']);
  });
});
