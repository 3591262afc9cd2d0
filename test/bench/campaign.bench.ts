/**
 * Campaign throughput: BENCH_CAMPAIGN_RECIPIENTS (100,000) consenting contacts get a newsletter through the whole
 * campaign path — the `campaign.send` job expanding recipients as the owner, consent and suppression checks,
 * merge fields, recipient rows and outbox messages in batches, then the outbox's `message.send` jobs through the
 * email connector's pooled SMTP transport — to a loopback SMTP server in its own process. In the same run the same
 * number of messages of the same size go through a bare pooled nodemailer loop to the same server.
 * Targets: campaign ≥ 0.7× the bare loop and ≥ 500 messages/s. Results: test/output/bench/campaign.json.
 * Env: BENCH_CAMPAIGN_RECIPIENTS, BENCH_DATABASES (sqlite,mysql), BENCH_CAMPAIGN_CONCURRENCY (send jobs at once;
 * default: the job runner's default for the database).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { actorOf, createPlatform, findUserByName, uuidv7, type Platform } from '@folyam/platform';
import { bootstrap } from '../../runtime/src/bootstrap.ts';
import { createMessaging } from '../../runtime/src/plugins/messages/messaging.ts';
import { createCampaigns } from '../../runtime/src/plugins/campaigns/campaigns.ts';
import { benchDatabases, type BenchDatabase } from './lib/databases.ts';
import { envNumber, fmt, mib, RssSampler, table, writeJson } from './lib/measure.ts';
import type { BenchOptions, BenchOutcome } from './lib/types.ts';

export const name = 'campaign';
export const description = 'campaign emails through the campaign path vs a bare pooled nodemailer loop';

const TARGET_RATIO = 0.7;
const TARGET_RATE = 500;
const SINK = fileURLToPath(new URL('./lib/smtp-sink.ts', import.meta.url));
const FROM = 'Folyam CRM <crm@example.hu>';
const HTML =
  '<h1>Tavaszi hírlevél</h1><p>Kedves {{contact.givenName}}!</p>' +
  '<p>Az idei tavaszi akciónkban minden szolgáltatásunkat kedvezménnyel kínáljuk a {{company.name}} számára. ' +
  'Részletek a honlapunkon, kérdéseire kollégáink szívesen válaszolnak telefonon és e-mailben is.</p>' +
  '<p><a href="https://example.hu/tavasz">Tovább az ajánlathoz</a></p><p>Üdvözlettel:<br>a Folyam csapata</p>';

type Sink = { port: number; count(): Promise<number>; stop(): Promise<void> };

async function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(SINK, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
  });
  return {
    port,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { count: number }).count));
        child.send('count');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

async function waitForCount(sink: Sink, target: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = await sink.count();
  while (n < target && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    n = await sink.count();
  }
  return n;
}

/** The bare loop: the same pooled transport settings as the email connector, a window of sends in flight. */
async function bareLoop(sink: Sink, count: number): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    url: `smtp://127.0.0.1:${sink.port}`,
    maxConnections: 3,
    maxMessages: 100,
  });
  const before = await sink.count();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({
        from: FROM,
        to: `customer${i}@example.hu`,
        subject: `Tavaszi akció – Vevő ${i} Kft.`,
        html: HTML.replace('{{contact.givenName}}', String(i)).replace('{{company.name}}', 'Tömeg Kft.'),
        text: `Kedves ${i}!`,
        headers: { 'X-Folyam-Campaign': 'bench' },
      });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  await waitForCount(sink, before + count, 600_000);
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}

async function seed(platform: Platform, count: number, log: (s: string) => void) {
  await bootstrap(platform, { adminPassword: 'Bench-Admin-Pass-2026', seedDemo: false, demoUsers: false });
  const snapshot = await platform.meta.published();
  const admin = actorOf(
    (await findUserByName(platform.knex, 'admin'))!,
    'system',
    snapshot.roles.filter((r) => r.admin).map((r) => r.name),
  );
  const company = await platform.records.create(admin, 'company', { name: 'Tömeg Kft.', status: 'prospect' });
  const first = await platform.records.create(admin, 'contact', {
    familyName: 'Vevő',
    givenName: '0',
    email: 'customer0@example.hu',
    company: company.id,
  });
  const template = await platform.knex('contact').where({ id: first.id }).first();
  const t0 = performance.now();
  const ids = [first.id];
  for (let i = 1; i < count; i += 500) {
    const rows: Record<string, unknown>[] = [];
    for (let k = i; k < Math.min(count, i + 500); k++) {
      const id = uuidv7();
      ids.push(id);
      rows.push({ ...template, id, given_name: String(k), full_name: `Vevő ${k}`, email: `customer${k}@example.hu` });
    }
    await platform.knex.transaction(async (trx) => {
      for (let j = 0; j < rows.length; j += 100) await trx('contact').insert(rows.slice(j, j + 100));
    });
  }
  // Consent as an import would record it: history and current state, in bulk.
  const at = new Date().toISOString().replace('T', ' ').slice(0, 23);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await platform.knex.transaction(async (trx) => {
      for (let j = 0; j < chunk.length; j += 100) {
        const part = chunk.slice(j, j + 100);
        await trx('folyam_consents').insert(
          part.map((id) => ({
            entity: 'contact',
            record_id: id,
            channel: 'email',
            status: 'granted',
            source: 'import',
            wording: 'Hírlevél',
            at,
            by_user: admin.id,
          })),
        );
      }
      const rows = (await trx('folyam_consents')
        .whereIn('record_id', chunk as string[])
        .select('id', 'record_id')) as { id: number; record_id: string }[];
      for (let j = 0; j < rows.length; j += 100)
        await trx('folyam_consent_current').insert(
          rows.slice(j, j + 100).map((r) => ({
            entity: 'contact',
            record_id: r.record_id,
            channel: 'email',
            status: 'granted',
            consent_id: r.id,
          })),
        );
    });
  }
  log(`  seeded ${fmt(count)} contacts with consent in ${fmt((performance.now() - t0) / 1000)} s`);
  return { admin, companyId: company.id };
}

type Result = {
  database: string;
  recipients: number;
  campaignRate: number;
  queuedSeconds: number;
  bareRate: number;
  ratio: number;
  peakRss: number;
};

async function runOn(db: BenchDatabase, count: number, log: (s: string) => void): Promise<Result> {
  const { url, drop } = await db.create();
  const sink = await startSink();
  const concurrency = process.env.BENCH_CAMPAIGN_CONCURRENCY ? envNumber('BENCH_CAMPAIGN_CONCURRENCY', 1) : undefined;
  const platform = await createPlatform({
    databaseUrl: url,
    metaRefreshMs: 0,
    jobs: { pollMs: 20, ...(concurrency ? { concurrency } : {}) },
  });
  const messaging = createMessaging(platform, {
    connectors: { email: { smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: FROM } },
    publicUrl: 'https://crm.example.hu',
  });
  try {
    const { admin, companyId } = await seed(platform, count, log);
    const { campaigns } = createCampaigns(platform, messaging, () => 'https://crm.example.hu');
    // Warm the SMTP pool and the code paths with a few messages, then measure the bare loop.
    await bareLoop(sink, 200);
    const bareRate = await bareLoop(sink, count);
    log(`  bare nodemailer loop: ${fmt(bareRate)} messages/s`);

    const c = await campaigns.create(admin, {
      name: 'Benchmark',
      channel: 'email',
      subject: 'Tavaszi akció – {{contact.fullName}}',
      html: HTML,
      text: 'Kedves {{contact.givenName}}!',
      recipients: { kind: 'companies', ids: [companyId] },
    });
    const rss = new RssSampler().start();
    const before = await sink.count();
    const started = performance.now();
    await campaigns.send(admin, c.id, {});
    platform.jobs.start();
    let queuedSeconds = NaN;
    const deadline = Date.now() + 3_600_000;
    let received = before;
    let lastLog = Date.now();
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      received = await sink.count();
      if (Number.isNaN(queuedSeconds)) {
        const status = (await platform.knex('folyam_campaigns').where({ id: c.id }).first('status')).status;
        if (status === 'sent') queuedSeconds = (performance.now() - started) / 1000;
      }
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`  … ${fmt(received - before)} received after ${fmt((performance.now() - started) / 1000)} s`);
      }
      if (received - before >= count) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const peak = rss.stop();
    await platform.jobs.stop();
    const sent = Number(
      (
        await platform
          .knex('folyam_campaign_recipients')
          .where({ campaign_id: c.id, status: 'sent' })
          .count({ n: '*' })
          .first()
      )?.n,
    );
    if (received - before !== count || sent !== count)
      throw new Error(
        `expected ${count} messages, the server got ${received - before} and ${sent} recipients are sent`,
      );
    const campaignRate = count / seconds;
    log(`  campaign path: ${fmt(campaignRate)} messages/s (recipients written in ${fmt(queuedSeconds)} s)`);
    return {
      database: db.label,
      recipients: count,
      campaignRate,
      queuedSeconds,
      bareRate,
      ratio: campaignRate / bareRate,
      peakRss: peak,
    };
  } finally {
    await platform.jobs.stop();
    await messaging.close();
    await platform.close();
    await sink.stop();
    await drop();
  }
}

export async function run({ outputDir, log }: BenchOptions): Promise<BenchOutcome> {
  const count = Math.round(envNumber('BENCH_CAMPAIGN_RECIPIENTS', 100_000));
  const results: Result[] = [];
  for (const db of benchDatabases()) {
    log(`${db.label}: ${fmt(count)} recipients`);
    results.push(await runOn(db, count, log));
  }
  log(
    '\n' +
      table(
        ['database', 'recipients', 'campaign msg/s', 'bare msg/s', 'ratio', 'queued in s', 'peak RSS'],
        results.map((r) => [
          r.database,
          fmt(r.recipients),
          fmt(r.campaignRate),
          fmt(r.bareRate),
          `${r.ratio.toFixed(2)}×`,
          fmt(r.queuedSeconds),
          mib(r.peakRss),
        ]),
      ),
  );
  writeJson(path.join(outputDir, 'campaign.json'), { targets: { ratio: TARGET_RATIO, rate: TARGET_RATE }, results });
  const ok = results.every((r) => r.ratio >= TARGET_RATIO && r.campaignRate >= TARGET_RATE);
  return {
    ok,
    summary: results
      .map(
        (r) => `${r.database}: ${fmt(r.campaignRate)} msg/s, ${r.ratio.toFixed(2)}× bare, peak RSS ${mib(r.peakRss)}`,
      )
      .join('; '),
  };
}
