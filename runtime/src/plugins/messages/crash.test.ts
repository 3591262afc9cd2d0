/**
 * The outbox survives a crash: a node queues 300 emails and is killed with SIGKILL while sending; another node
 * takes over the expired leases and sends the rest. Every message arrives, each under the Message-ID derived from
 * its idempotency key, so a message whose send had reached the SMTP server just before the kill (but not the
 * bookkeeping) is at most repeated with the same Message-ID, which receivers deduplicate (at most one repeat per
 * send in flight).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMessageId } from '@folyam/connectors';
import { startSmtpServer, type SmtpServerFake } from '@folyam/connectors/testing';
import { createPlatform, SINGLES_WINDOW, type Platform } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { createMessaging, type Messaging } from './messaging.ts';

const COUNT = 300;
const here = path.dirname(fileURLToPath(import.meta.url));
const EMAIL = { smtpUrl: '', from: 'Folyam CRM <crm@example.hu>' };

describe.each(testDatabases())('outbox crash recovery on $dialect', (db) => {
  let smtp: SmtpServerFake;
  let platform: Platform | undefined;
  let messaging: Messaging | undefined;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ url, drop } = await db.create());
  });
  afterAll(async () => {
    await platform?.jobs.stop();
    await messaging?.close();
    await platform?.close();
    await smtp?.close();
    await drop?.();
  });

  it(
    'sends each of 300 messages under one Message-ID after the sending node is killed mid-send',
    { timeout: 90_000 },
    async () => {
      // given: a node that queued 300 messages and is sending them
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(here, 'crash.child.ts'), url, smtp.url, String(COUNT)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      // when: it is killed once a good part has gone out
      await smtp.waitFor(60, 60_000);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const beforeRestart = smtp.messages.length;
      expect(beforeRestart).toBeLessThan(COUNT);
      // and another node takes over
      platform = await createPlatform({ databaseUrl: url, metaRefreshMs: 0, jobs: { leaseMs: 1500, pollMs: 20 } });
      messaging = createMessaging(platform, { connectors: { email: { ...EMAIL, smtpUrl: smtp.url } } });
      platform.jobs.start();
      const deadline = Date.now() + 60_000;
      let pending = COUNT;
      while (Date.now() < deadline) {
        pending = Number(
          (await platform.knex('folyam_messages').whereNot({ status: 'sent' }).count({ n: '*' }).first())?.n,
        );
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // then: every message sent, each received under the Message-ID of its idempotency key
      expect(pending).toBe(0);
      const expected = new Set(
        Array.from({ length: COUNT }, (_, i) => makeMessageId({ ...EMAIL, smtpUrl: smtp.url }, `crash-test:${i}`)),
      );
      const received = smtp.messages.map((m) => m.header('message-id'));
      expect(new Set(received)).toEqual(expected);
      // A send the SMTP server took just before the kill may repeat once per send in flight, never under a new id.
      expect(received.length - expected.size).toBeLessThanOrEqual(SINGLES_WINDOW);
      const stored = await platform.knex('folyam_messages').pluck('provider_id');
      expect(new Set(stored)).toEqual(expected);
    },
  );
});
