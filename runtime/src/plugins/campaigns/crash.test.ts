/**
 * A campaign send survives a crash: a node expanding a 1,000-recipient campaign is killed with SIGKILL while it
 * writes recipients and sends; another node takes over the expired leases, resumes after the last committed batch
 * and sends the rest. Every recipient ends with exactly one message under its idempotency key
 * `campaign:<id>:<contactId>:email`, and the SMTP server sees each Message-ID (derived from that key); a send the
 * server took just before the kill (at most one window of sends in flight) may repeat under the same Message-ID,
 * which receivers deduplicate — never under a new one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMessageId } from '@folyam/connectors';
import { startSmtpServer, type SmtpServerFake } from '@folyam/connectors/testing';
import { actorOf, createPlatform, DELIVER_WINDOW, findUserByName, uuidv7, type Platform } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { bootstrap } from '../../bootstrap.ts';
import { createMessaging, type Messaging } from '../messages/messaging.ts';
import { createCampaigns } from './campaigns.ts';

const COUNT = 1000;
const here = path.dirname(fileURLToPath(import.meta.url));
const EMAIL = { smtpUrl: '', from: 'Folyam CRM <crm@example.hu>' };

describe.each(testDatabases())('campaign crash recovery on $dialect', (db) => {
  let smtp: SmtpServerFake;
  let platform: Platform | undefined;
  let messaging: Messaging | undefined;
  let url: string;
  let drop: () => Promise<void>;
  let campaignId: string;
  let contactIds: string[];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ url, drop } = await db.create());
    // given: the CRM, 1,000 contacts who agreed to email, and a campaign to all of them, sent
    const setup = await createPlatform({ databaseUrl: url, metaRefreshMs: 0 });
    await bootstrap(setup, { adminPassword: 'Admin-Pass-2026', seedDemo: false, demoUsers: false });
    const m = createMessaging(setup, { connectors: { email: { ...EMAIL, smtpUrl: smtp.url } } });
    const { campaigns, consents } = createCampaigns(setup, m, () => 'https://crm.example.hu');
    const snapshot = await setup.meta.published();
    const admin = actorOf(
      (await findUserByName(setup.knex, 'admin'))!,
      'system',
      snapshot.roles.filter((r) => r.admin).map((r) => r.name),
    );
    const company = await setup.records.create(admin, 'company', { name: 'Tömeg Kft.' });
    const first = await setup.records.create(admin, 'contact', {
      familyName: 'Vevő',
      givenName: '0',
      email: 'customer0@example.hu',
      company: company.id,
    });
    const template = await setup.knex('contact').where({ id: first.id }).first();
    const rows = Array.from({ length: COUNT - 1 }, (_, k) => ({
      ...template,
      id: uuidv7(),
      given_name: String(k + 1),
      full_name: `Vevő ${k + 1}`,
      email: `customer${k + 1}@example.hu`,
    }));
    for (let i = 0; i < rows.length; i += 100) await setup.knex('contact').insert(rows.slice(i, i + 100));
    contactIds = [first.id, ...rows.map((r) => r.id)];
    await setup.knex.transaction(async (trx) => {
      for (const id of contactIds)
        await consents.record(trx, {
          entity: 'contact',
          recordId: id,
          channel: 'email',
          status: 'granted',
          source: 'import',
          wording: 'Hírlevél',
          by: admin,
        });
    });
    const c = await campaigns.create(admin, {
      name: 'Ezres kampány',
      channel: 'email',
      subject: 'Hírlevél {{contact.givenName}}',
      html: '<p>Kedves {{contact.fullName}}!</p>',
      recipients: { kind: 'companies', ids: [company.id] },
    });
    campaignId = c.id;
    await campaigns.send(admin, c.id, {});
    await m.close();
    await setup.close();
  }, 120_000);
  afterAll(async () => {
    await platform?.jobs.stop();
    await messaging?.close();
    await platform?.close();
    await smtp?.close();
    await drop?.();
  });

  it(
    'gives every one of 1,000 recipients exactly one message after the sending node is killed',
    { timeout: 180_000 },
    async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(here, 'crash.child.ts'), url, smtp.url, '25'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      // when: it is killed while recipients are being written
      const watcher = await createPlatform({ databaseUrl: url, metaRefreshMs: 0 });
      let written = 0;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        written = Number(
          (
            await watcher
              .knex('folyam_campaign_recipients')
              .where({ campaign_id: campaignId })
              .count({ n: '*' })
              .first()
          )?.n,
        );
        if (written >= 200) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await watcher.close();
      expect(written).toBeGreaterThanOrEqual(200);
      const receivedBefore = smtp.messages.length;
      // and another node takes over
      platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, jobs: { leaseMs: 1500, pollMs: 20 } });
      messaging = createMessaging(platform, { connectors: { email: { ...EMAIL, smtpUrl: smtp.url } } });
      createCampaigns(platform, messaging, () => 'https://crm.example.hu');
      platform.jobs.start();
      const until = Date.now() + 150_000;
      let pending = COUNT;
      while (Date.now() < until) {
        const status = (await platform.knex('folyam_campaigns').where({ id: campaignId }).first()).status;
        pending =
          COUNT -
          Number(
            (
              await platform
                .knex('folyam_campaign_recipients')
                .where({ campaign_id: campaignId, status: 'sent' })
                .count({ n: '*' })
                .first()
            )?.n,
          );
        if (status === 'sent' && pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // then: every recipient sent, one message each, under its key
      expect(pending).toBe(0);
      const messages = await platform
        .knex('folyam_messages')
        .where({ campaign_id: campaignId })
        .select('idempotency_key', 'to_record_id', 'provider_id');
      expect(messages).toHaveLength(COUNT);
      const keys = new Set(messages.map((m) => m.idempotency_key));
      expect(keys).toEqual(new Set(contactIds.map((id) => `campaign:${campaignId}:${id}:email`)));
      const recipientRows = await platform
        .knex('folyam_campaign_recipients')
        .where({ campaign_id: campaignId })
        .select('contact_id', 'message_id');
      expect(recipientRows).toHaveLength(COUNT);
      expect(new Set(recipientRows.map((r) => r.message_id)).size).toBe(COUNT);
      const expected = new Set(
        contactIds.map((id) => makeMessageId({ ...EMAIL, smtpUrl: smtp.url }, `campaign:${campaignId}:${id}:email`)),
      );
      const received = smtp.messages.map((m) => m.header('message-id'));
      expect(new Set(received)).toEqual(expected);
      // At most the sends in flight at the kill repeat (one window of the batch sender), each under its own Message-ID.
      expect(received.length - expected.size).toBeLessThanOrEqual(DELIVER_WINDOW);
      expect(receivedBefore).toBeLessThan(COUNT);
    },
  );
});
