/**
 * Campaigns end to end on a real runtime: consents, the suppression list, templates, a campaign to a saved
 * query's contacts reaching a loopback SMTP server once per consenting contact (image, attachment, sanitised
 * HTML, List-Unsubscribe headers), one-click unsubscribe without a login, bounces and delivery reports flowing back
 * to recipients, tracking that never redirects anywhere the message did not point, and channel settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDsn, startSmtpServer, type SmtpServerFake } from '@folyam/connectors/testing';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '../../testing/app.ts';

const SECRET = 'dsn-webhook-secret-2026';
const PUBLIC = 'https://crm.example.hu';
const WORDING = 'Hozzájárulok, hogy a Példa Kft. havonta hírlevelet küldjön nekem e-mailben.';

function multipart(name: string, type: string, content: string | Buffer) {
  const boundary = '----folyam' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDatabases())('campaigns on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let marketing: TestClient;
  let sales2: TestClient;
  let smtp: SmtpServerFake;
  let companyId: string;
  let otherCompanyId: string;
  const contacts: Record<string, string> = {};

  const contact = async (
    company: string,
    givenName: string,
    email: string | null,
    extra: Record<string, unknown> = {},
  ) => {
    const res = await admin.request('POST', '/api/data/contact', {
      familyName: 'Teszt',
      givenName,
      company,
      ...(email ? { email } : {}),
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const consent = async (id: string, channel: string, granted = true) => {
    const res = await admin.request('POST', '/api/consents', {
      entity: 'contact',
      id,
      channel,
      granted,
      source: 'form',
      wording: WORDING,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const patchCompany = async (id: string, changes: Record<string, unknown>) => {
    const { version } = (await admin.request('GET', `/api/data/company/${id}`)).body;
    const res = await admin.request('PATCH', `/api/data/company/${id}`, { ...changes, version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res;
  };
  const runJobs = async () => {
    // The campaign job queues messages, whose send jobs run next; until nothing is due.
    while ((await app.platform.jobs.runDue()) > 0);
  };
  const recipients = async (id: string) =>
    (await admin.request('GET', `/api/campaigns/${id}/recipients?pageSize=500`)).body.items as Array<{
      contactId: string;
      status: string;
      skipReason: string | null;
      messageId: string | null;
      address: string | null;
    }>;
  const tokenOf = async (campaignId: string, contactId: string) =>
    String(
      (
        await app.platform
          .knex('folyam_campaign_recipients')
          .where({ campaign_id: campaignId, contact_id: contactId })
          .first()
      ).token,
    );

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await startTestApp(db, {
      demoUsers: true,
      messaging: {
        connectors: { email: { smtpUrl: smtp.url, from: 'Folyam CRM <crm@example.hu>' } },
        publicUrl: PUBLIC,
        webhookSecret: SECRET,
        unsubscribeMailto: 'leiratkozas@example.hu',
      },
    });
    [admin, marketing, sales2] = await Promise.all([app.login('admin'), app.login('marketing'), app.login('sales2')]);
    const company = await admin.request('POST', '/api/data/company', { name: 'Példa Kft.', status: 'prospect' });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    companyId = company.body.id;
    otherCompanyId = (await admin.request('POST', '/api/data/company', { name: 'Másik Bt.', status: 'prospect' })).body
      .id;
    contacts.anna = await contact(companyId, 'Anna', 'anna@example.hu');
    contacts.bela = await contact(companyId, 'Béla', 'bela@example.hu');
    contacts.cecil = await contact(companyId, 'Cecil', 'cecil@example.hu');
    contacts.dora = await contact(companyId, 'Dóra', 'dora@example.hu');
    contacts.ede = await contact(companyId, 'Ede', null);
    contacts.fanni = await contact(companyId, 'Fanni', 'ANNA@example.hu');
    contacts.gabor = await contact(otherCompanyId, 'Gábor', 'gabor@example.hu');
    for (const n of ['anna', 'bela', 'dora', 'ede', 'fanni', 'gabor']) await consent(contacts[n], 'email');
    await consent(contacts.anna, 'tracking');
    // Cecil agreed once, then withdrew: the latest row wins.
    await consent(contacts.cecil, 'email');
    await consent(contacts.cecil, 'email', false);
    expect(
      (await admin.request('POST', '/api/suppressions', { address: 'Dora@Example.hu', reason: 'manual' })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('records consent with its wording and keeps the history; the latest row wins; update right required', async () => {
    const res = await admin.request('GET', `/api/consents?entity=contact&id=${contacts.cecil}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        channel: 'email',
        status: 'withdrawn',
        source: 'form',
        wording: WORDING,
        by: expect.any(String),
      }),
    ]);
    expect(res.body.history.map((h: { status: string }) => h.status)).toEqual(['withdrawn', 'granted']);
    // a granted consent without the wording shown is no proof
    const noWording = await admin.request('POST', '/api/consents', {
      entity: 'contact',
      id: contacts.cecil,
      channel: 'email',
      granted: true,
      source: 'phone',
    });
    expect(noWording.status).toBe(400);
    expect(noWording.body.details[0].path).toBe('wording');
    const badChannel = await admin.request('POST', '/api/consents', {
      entity: 'contact',
      id: contacts.cecil,
      channel: 'pigeon',
      granted: false,
      source: 'phone',
    });
    expect(badChannel.body.details[0].path).toBe('channel');
    // sales2 cannot update (or read) this contact
    const denied = await sales2.request('POST', '/api/consents', {
      entity: 'contact',
      id: contacts.cecil,
      channel: 'email',
      granted: true,
      source: 'phone',
      wording: WORDING,
    });
    expect([403, 404]).toContain(denied.status);
    expect([403, 404]).toContain(
      (await sales2.request('GET', `/api/consents?entity=contact&id=${contacts.cecil}`)).status,
    );
  });

  it('keeps a suppression list for marketing and administrators only; individual messages to it are refused', async () => {
    const list = await marketing.request('GET', '/api/suppressions?q=dora');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ address: 'dora@example.hu', reason: 'manual' })]);
    expect((await admin.request('POST', '/api/suppressions', { address: 'dora@example.hu' })).body.code).toBe(
      'SUPPRESSION_EXISTS',
    );
    const crlf = await marketing.request('POST', '/api/suppressions', { address: 'x@example.hu\r\nBcc: y@example.hu' });
    expect(crlf.status).toBe(400);
    expect(crlf.body.details[0].path).toBe('address');
    expect((await sales2.request('POST', '/api/suppressions', { address: 'z@example.hu' })).status).toBe(403);
    expect((await sales2.request('GET', '/api/suppressions')).status).toBe(403);
    const added = await marketing.request('POST', '/api/suppressions', {
      address: '+36 30 999 8888',
      reason: 'manual',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.address).toBe('+36309998888');
    expect((await marketing.request('DELETE', `/api/suppressions/${added.body.id}`)).status).toBe(204);
    expect((await marketing.request('DELETE', `/api/suppressions/${added.body.id}`)).status).toBe(404);
    // a transactional message to a suppressed address is refused with a clear code
    const refused = await admin.request('POST', '/api/messages', {
      channel: 'email',
      to: { entity: 'contact', id: contacts.dora },
      subject: 'Számla',
      text: 'Mellékelten.',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'MESSAGE_SUPPRESSED', details: [{ path: 'to' }] });
  });

  it('keeps templates, sanitising HTML on save and refusing line breaks in the subject', async () => {
    const created = await marketing.request('POST', '/api/message-templates', {
      name: 'Havi hírlevél',
      channel: 'email',
      subject: 'Hírek – {{company.name}}',
      html: '<p>Kedves {{contact.givenName}}!</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.html).toContain('Kedves {{contact.givenName}}!');
    expect(created.body.html).not.toMatch(/script|javascript/);
    const id = created.body.id;
    expect(
      (await marketing.request('GET', '/api/message-templates')).body.items.map((t: { id: string }) => t.id),
    ).toContain(id);
    const crlf = await marketing.request('PUT', `/api/message-templates/${id}`, {
      name: 'x',
      channel: 'email',
      subject: 'a\nBcc: b@example.hu',
      text: 'x',
    });
    expect(crlf.body).toMatchObject({ code: 'MESSAGE_LINE_BREAK', details: [{ path: 'subject' }] });
    expect((await sales2.request('DELETE', `/api/message-templates/${id}`)).status).toBe(403);
    expect(
      (await marketing.request('PUT', `/api/message-templates/${id}`, { name: 'SMS', channel: 'sms', text: 'Szia' }))
        .body,
    ).toMatchObject({ name: 'SMS', channel: 'sms', text: 'Szia', html: null });
    expect((await marketing.request('DELETE', `/api/message-templates/${id}`)).status).toBe(204);
    expect((await marketing.request('GET', `/api/message-templates/${id}`)).status).toBe(404);
  });

  it('sends one email per consenting contact of a saved query; counts and skips the rest; unsubscribes in one click', async () => {
    // given: a saved query of Példa Kft.'s contacts, an image and an attachment
    const query = await admin.request('POST', '/api/queries', {
      name: 'Példa Kft. kapcsolattartói',
      definition: {
        entity: 'contact',
        columns: [{ path: 'fullName' }],
        filter: { field: 'company', op: 'eq', value: companyId },
      },
    });
    expect(query.status, JSON.stringify(query.body)).toBe(201);
    const form = multipart('arlista.pdf', 'application/pdf', '%PDF-1.4 árlista');
    const file = await admin.request('POST', '/api/files', form.body, form.headers);
    expect(file.status).toBe(201);
    // a 1×1 PNG, inserted by the editor as a file-store URL
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const pngForm = multipart('banner.png', 'image/png', png);
    const image = await admin.request('POST', '/api/files', pngForm.body, pngForm.headers);
    expect(image.status, JSON.stringify(image.body)).toBe(201);
    const created = await admin.request('POST', '/api/campaigns', {
      name: 'Tavaszi akció',
      channel: 'email',
      purpose: 'marketing',
      subject: 'Tavaszi akció – {{company.name}}',
      html:
        '<p>Kedves {{contact.givenName}}!</p><img src="https://crm.example.hu/logo.png" alt="Logó">' +
        `<img class="ql-banner" src="/api/files/${image.body.id}" alt="Akció">` +
        '<p><a href="https://example.hu/akcio?x=1&amp;y=2">Részletek</a> {{contact.nope}}</p><script>alert(1)</script>',
      text: 'Kedves {{contact.givenName}}! Leiratkozás: {{unsubscribeUrl}}',
      attachments: [file.body.id],
      recipients: { kind: 'query', queryId: query.body.id },
      tracking: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', progress: 0, totals: { recipients: 0 } });
    expect(created.body.html).not.toContain('<script');

    // when: the audience is counted before sending
    const audience = await admin.request('POST', `/api/campaigns/${id}/audience`);
    // then: Anna and Béla get it; Cecil withdrew, Dóra is suppressed, Ede has no address, Fanni shares Anna's
    expect(audience.body).toEqual({
      total: 6,
      willSend: 2,
      skipped: { noConsent: 1, suppressed: 1, noAddress: 1, duplicate: 1 },
    });

    // and the preview merges fields, HTML-escaped, warning about unknown ones
    await patchCompany(companyId, { name: 'Példa <b>&</b> Kft.' });
    const preview = await admin.request('POST', `/api/campaigns/${id}/preview`, { recipientId: contacts.anna });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.subject).toBe('Tavaszi akció – Példa <b>&</b> Kft.');
    expect(preview.body.html).toContain('Kedves Anna!');
    expect(preview.body.warnings).toEqual(['contact.nope']);
    expect(preview.body.text).toContain(`${PUBLIC}/u/preview`);

    // a test message goes to one address, marked as a test
    const test = await admin.request('POST', `/api/campaigns/${id}/test`, { to: 'tesztelo@example.hu' });
    expect(test.status, JSON.stringify(test.body)).toBe(202);
    await runJobs();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].parsed.subject).toMatch(/^\[TESZT\]/);
    expect(smtp.messages[0].header('x-folyam-test')).toBe('1');
    smtp.messages.length = 0;

    // when: sent
    const sent = await admin.request('POST', `/api/campaigns/${id}/send`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.jobId).toEqual(expect.any(String));
    expect((await admin.request('PUT', `/api/campaigns/${id}`, { ...created.body, name: 'x' })).body.code).toBe(
      'CAMPAIGN_NOT_DRAFT',
    );
    await runJobs();

    // then: exactly one message per consenting contact
    expect(smtp.messages.map((m) => m.envelope.to[0]).sort()).toEqual(['anna@example.hu', 'bela@example.hu']);
    const anna = smtp.messages.find((m) => m.envelope.to[0] === 'anna@example.hu')!;
    const token = await tokenOf(id, contacts.anna);
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(anna.header('list-unsubscribe')).toBe(`<${PUBLIC}/u/${token}>, <mailto:leiratkozas@example.hu>`);
    expect(anna.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(anna.html).toContain('Kedves Anna!');
    expect(anna.html).toContain('<img src="https://crm.example.hu/logo.png"');
    expect(anna.html).not.toMatch(/<script|alert/);
    // the file-store image travels inline (a mail client cannot log in to fetch it), the PDF as an attachment
    // (the parser resolves `cid:` references into data URLs: the part was found by its Content-ID)
    expect(anna.html).toContain(`src="data:image/png;base64,${png.toString('base64')}"`);
    expect(anna.html).not.toContain('/api/files/');
    const parts = [...anna.attachments].sort((a, b) => String(a.filename).localeCompare(String(b.filename)));
    expect(parts.map((a) => [a.filename, a.cid ?? null])).toEqual([
      ['arlista.pdf', null],
      ['banner.png', `${image.body.id}@folyam`],
    ]);
    expect(parts[1].content.equals(png)).toBe(true);
    expect(anna.parsed.subject).toBe('Tavaszi akció – Példa <b>&</b> Kft.');
    // tracking: Anna allows it, Béla does not
    expect(anna.html).toContain(`${PUBLIC}/t/c/${token}.0`);
    expect(anna.html).not.toContain('https://example.hu/akcio');
    const bela = smtp.messages.find((m) => m.envelope.to[0] === 'bela@example.hu')!;
    expect(bela.html).toContain('https://example.hu/akcio?x=1&amp;y=2');
    expect(bela.html).not.toContain('/t/');

    const rows = await recipients(id);
    const byContact = Object.fromEntries(rows.map((r) => [r.contactId, r]));
    expect(byContact[contacts.anna]).toMatchObject({ status: 'sent', skipReason: null, messageId: expect.any(String) });
    expect(byContact[contacts.cecil]).toMatchObject({ status: 'skipped', skipReason: 'noConsent', messageId: null });
    expect(byContact[contacts.dora]).toMatchObject({ status: 'skipped', skipReason: 'suppressed' });
    expect(byContact[contacts.ede]).toMatchObject({ status: 'skipped', skipReason: 'noAddress' });
    expect(byContact[contacts.fanni]).toMatchObject({ status: 'skipped', skipReason: 'duplicate' });
    expect(byContact[contacts.gabor]).toBeUndefined();
    const keys = await app.platform
      .knex('folyam_messages')
      .where({ campaign_id: id })
      .where('idempotency_key', 'like', 'campaign:%')
      .pluck('idempotency_key');
    expect(keys.sort()).toEqual(
      [`campaign:${id}:${contacts.anna}:email`, `campaign:${id}:${contacts.bela}:email`].sort(),
    );

    // the outbox viewer lists the campaign's messages
    const outbox = await admin.request('GET', `/api/messages?campaignId=${id}&status=sent`);
    expect(outbox.status).toBe(200);
    expect(outbox.body.total).toBe(3);
    expect(outbox.body.items.every((m: { held: boolean }) => m.held === false)).toBe(true);

    // when: tracking links are followed
    const pixel = await app.server.inject({ method: 'GET', url: `/t/o/${token}.gif` });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    const click = await app.server.inject({ method: 'GET', url: `/t/c/${token}.0` });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://example.hu/akcio?x=1&y=2');
    // never anywhere else
    expect((await app.server.inject({ method: 'GET', url: `/t/c/${token}.1` })).statusCode).toBe(404);
    expect(
      (await app.server.inject({ method: 'GET', url: `/t/c/${token}.0?u=https://evil.example` })).headers.location,
    ).toBe('https://example.hu/akcio?x=1&y=2');
    const belaToken = await tokenOf(id, contacts.bela);
    expect((await app.server.inject({ method: 'GET', url: `/t/c/${belaToken}.0` })).statusCode).toBe(404);

    // when: a bounce report comes for Béla
    const belaMessage = (await admin.request('GET', `/api/messages/${byContact[contacts.bela].messageId}`)).body;
    const dsn = (address: string, providerId: string, action: 'failed' | 'delivered', status: string) =>
      app.server.inject({
        method: 'POST',
        url: '/api/webhooks/email/dsn',
        payload: buildDsn({
          original: `Message-ID: ${providerId}\r\nSubject: x\r\n\r\n`,
          envelopeId: providerId,
          recipients: [{ address, action, status }],
        }),
        headers: { 'content-type': 'message/rfc822', 'x-folyam-webhook-secret': SECRET },
      });
    expect((await dsn('bela@example.hu', belaMessage.providerId, 'failed', '5.1.1')).statusCode).toBe(200);
    // and a delivery report for Anna
    const annaMessage = (await admin.request('GET', `/api/messages/${byContact[contacts.anna].messageId}`)).body;
    expect((await dsn('anna@example.hu', annaMessage.providerId, 'delivered', '2.0.0')).statusCode).toBe(200);

    // when: Anna unsubscribes in one click, without logging in (RFC 8058 body)
    const page = await app.server.inject({ method: 'GET', url: `/u/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.payload).toContain('<form method="post">');
    expect(page.payload).not.toContain('<script');
    const one = await app.server.inject({
      method: 'POST',
      url: `/u/${token}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(one.statusCode).toBe(200);
    expect(one.payload).toContain('Sikeres leiratkozás');
    expect((await app.server.inject({ method: 'POST', url: `/u/${token}` })).statusCode).toBe(200);
    expect((await app.server.inject({ method: 'POST', url: '/u/not-a-real-token-at-all' })).statusCode).toBe(404);

    // then: statuses flowed back; Béla's address and Anna's are suppressed; Anna's consent is withdrawn
    const after = Object.fromEntries((await recipients(id)).map((r) => [r.contactId, r]));
    expect(after[contacts.bela].status).toBe('bounced');
    expect(after[contacts.anna].status).toBe('unsubscribed');
    const view = await admin.request('GET', `/api/campaigns/${id}`);
    expect(view.body).toMatchObject({
      status: 'sent',
      progress: 100,
      totals: { recipients: 6, skipped: 4, queued: 0, bounced: 1, opened: 1, clicked: 1, unsubscribed: 1 },
    });
    const suppressed = (await admin.request('GET', '/api/suppressions')).body.items.map(
      (s: { address: string; reason: string }) => [s.address, s.reason],
    );
    expect(suppressed).toEqual(
      expect.arrayContaining([
        ['bela@example.hu', 'bounce'],
        ['anna@example.hu', 'unsubscribe'],
      ]),
    );
    const annaConsent = await admin.request('GET', `/api/consents?entity=contact&id=${contacts.anna}`);
    expect(annaConsent.body.items.find((c: { channel: string }) => c.channel === 'email')).toMatchObject({
      status: 'withdrawn',
      source: 'unsubscribe',
      by: null,
    });
  });

  it('marks recipients delivered from delivery reports, and sends nothing twice when a campaign is sent again', async () => {
    const created = await admin.request('POST', '/api/campaigns', {
      name: 'Szolgáltatási értesítés',
      channel: 'email',
      purpose: 'service',
      subject: 'Karbantartás',
      text: 'Kedves {{contact.givenName}}, szombaton karbantartás lesz.',
      recipients: { kind: 'contacts', ids: [contacts.gabor, contacts.gabor, 'no-such-contact'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    smtp.messages.length = 0;
    expect((await admin.request('POST', `/api/campaigns/${id}/send`)).status).toBe(202);
    expect((await admin.request('POST', `/api/campaigns/${id}/send`)).body.code).toBe('CAMPAIGN_NOT_DRAFT');
    await runJobs();
    expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(['gabor@example.hu']);
    const [row] = await recipients(id);
    const m = (await admin.request('GET', `/api/messages/${row.messageId}`)).body;
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/webhooks/email/dsn',
      payload: buildDsn({
        original: `Message-ID: ${m.providerId}\r\nSubject: x\r\n\r\n`,
        envelopeId: m.providerId,
        recipients: [{ address: 'gabor@example.hu', action: 'delivered', status: '2.0.0' }],
      }),
      headers: { 'content-type': 'message/rfc822', 'x-folyam-webhook-secret': SECRET },
    });
    expect(res.statusCode).toBe(200);
    expect((await admin.request('GET', `/api/campaigns/${id}`)).body.totals).toMatchObject({
      recipients: 1,
      delivered: 1,
    });
    // a service message carries no unsubscribe header
    expect(smtp.messages[0].header('list-unsubscribe')).toBeUndefined();
  });

  it('reaches contacts through company groups, and only what the owner may read', async () => {
    const group = await marketing.request('POST', '/api/data/companyGroup', { name: 'Partnerek' });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    await patchCompany(otherCompanyId, { groups: [group.body.id] });
    const created = await marketing.request('POST', '/api/campaigns', {
      name: 'Partnereknek',
      channel: 'auto',
      subject: 'Partnerhírek',
      text: 'Szia {{contact.givenName}}!',
      recipients: { kind: 'companyGroups', groups: [group.body.id] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await marketing.request('POST', `/api/campaigns/${created.body.id}/audience`)).body).toEqual({
      total: 1,
      willSend: 1,
      skipped: { noConsent: 0, suppressed: 0, noAddress: 0, duplicate: 0 },
    });
    // another user neither sees the campaign nor its recipients
    expect((await sales2.request('GET', `/api/campaigns/${created.body.id}`)).status).toBe(404);
    expect((await sales2.request('GET', '/api/campaigns')).body.items).toEqual([]);
    // once the company is a customer, marketing no longer reads it, and the audience shrinks
    await patchCompany(otherCompanyId, { status: 'active' });
    expect((await marketing.request('POST', `/api/campaigns/${created.body.id}/audience`)).body.total).toBe(0);
  });

  it('refuses bad campaigns with the field path: line breaks, unknown kinds, files that are not the user’s', async () => {
    const base = {
      name: 'x',
      channel: 'email',
      subject: 'x',
      text: 'x',
      recipients: { kind: 'contacts', ids: [contacts.anna] },
    };
    const crlf = await admin.request('POST', '/api/campaigns', { ...base, subject: 'a\r\nBcc: x@example.hu' });
    expect(crlf.body).toMatchObject({ code: 'MESSAGE_LINE_BREAK', details: [{ path: 'subject' }] });
    const kind = await admin.request('POST', '/api/campaigns', { ...base, recipients: { kind: 'everyone' } });
    expect(kind.body).toMatchObject({ code: 'CAMPAIGN_INVALID', details: [{ path: 'recipients.kind' }] });
    const form = multipart('titok.txt', 'text/plain', 'titok');
    const adminsFile = (await admin.request('POST', '/api/files', form.body, form.headers)).body.id;
    const stolen = await marketing.request('POST', '/api/campaigns', { ...base, attachments: [adminsFile] });
    expect(stolen.body).toMatchObject({ code: 'MESSAGE_ATTACHMENT_NOT_FOUND', details: [{ path: 'attachments[0]' }] });
    const test = await admin.request('POST', '/api/campaigns', base);
    const badTo = await admin.request('POST', `/api/campaigns/${test.body.id}/test`, {
      to: 'a@example.hu\nBcc: b@example.hu',
    });
    expect(badTo.body).toMatchObject({ code: 'MESSAGE_LINE_BREAK', details: [{ path: 'to' }] });
    expect((await admin.request('POST', `/api/campaigns/${test.body.id}/cancel`)).body.code).toBe(
      'CAMPAIGN_NOT_RUNNING',
    );
    expect((await admin.request('DELETE', `/api/campaigns/${test.body.id}`)).status).toBe(204);
  });

  it('schedules a send for later and cancels it before it runs', async () => {
    const created = await admin.request('POST', '/api/campaigns', {
      name: 'Később',
      channel: 'email',
      subject: 'x',
      text: 'x',
      recipients: { kind: 'contacts', ids: [contacts.gabor] },
    });
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const sent = await admin.request('POST', `/api/campaigns/${created.body.id}/send`, { at });
    expect(sent.status).toBe(202);
    expect((await admin.request('GET', `/api/campaigns/${created.body.id}`)).body).toMatchObject({
      status: 'scheduled',
      scheduledAt: expect.any(String),
    });
    expect(new Date((await app.platform.jobs.get(sent.body.jobId))!.runAt).toISOString()).toBe(at);
    const cancelled = await admin.request('POST', `/api/campaigns/${created.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await app.platform.jobs.get(sent.body.jobId))?.status).toBe('cancelled');
  });

  it('shows channel settings without secrets; environment settings are read-only; admins only', async () => {
    const list = await admin.request('GET', '/api/messaging/channels');
    expect(list.status).toBe(200);
    expect(list.body.find((c: { channel: string }) => c.channel === 'email')).toMatchObject({
      configured: true,
      source: 'env',
    });
    expect(list.body.find((c: { channel: string }) => c.channel === 'sms')).toMatchObject({
      configured: false,
      source: 'none',
    });
    expect((await marketing.request('GET', '/api/messaging/channels')).status).toBe(403);
    expect(
      (await admin.request('PUT', '/api/messaging/channels/email', { smtpUrl: 'smtp://x:25', from: 'a@example.hu' }))
        .body.code,
    ).toBe('CHANNEL_FROM_ENV');
    const sms = {
      accountSid: `AC${'0123456789abcdef'.repeat(2)}`,
      authToken: 'very-secret-token-2026',
      from: 'FolyamCRM',
    };
    expect((await marketing.request('PUT', '/api/messaging/channels/sms', sms)).status).toBe(403);
    const bad = await admin.request('PUT', '/api/messaging/channels/sms', { ...sms, accountSid: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('accountSid');
    const saved = await admin.request('PUT', '/api/messaging/channels/sms', sms);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      channel: 'sms',
      configured: true,
      source: 'settings',
      settings: { from: 'FolyamCRM', secretsSet: { authToken: true } },
    });
    expect(JSON.stringify(saved.body)).not.toContain('very-secret-token-2026');
    // a secret left out keeps its stored value
    const renamed = await admin.request('PUT', '/api/messaging/channels/sms', {
      accountSid: sms.accountSid,
      from: 'Folyam',
    });
    expect(renamed.body.settings).toMatchObject({ from: 'Folyam', secretsSet: { authToken: true } });
    expect(
      JSON.parse((await app.platform.knex('folyam_channel_settings').where({ channel: 'sms' }).first()).config)
        .authToken,
    ).toBe(sms.authToken);
    // the transport uses it at once: an SMS is no longer held for want of a provider
    const listed = (await admin.request('GET', '/api/messaging/channels')).body.find(
      (c: { channel: string }) => c.channel === 'sms',
    );
    expect(listed).toMatchObject({ configured: true, source: 'settings' });
  });
});
