/**
 * A runtime node for the crash test: queues `count` emails in one transaction, then sends them with its job
 * runner until the test kills it with SIGKILL. Arguments: <database url> <smtp url> <count>.
 */
import { createPlatform } from '@folyam/platform';
import { createMessaging } from './messaging.ts';

const [databaseUrl, smtpUrl, count] = process.argv.slice(2);
const platform = await createPlatform({ databaseUrl, metaRefreshMs: 0, jobs: { leaseMs: 1500, pollMs: 10 } });
const messaging = createMessaging(platform, {
  connectors: { email: { smtpUrl, from: 'Folyam CRM <crm@example.hu>' } },
});
await platform.knex.transaction(async (trx) => {
  for (let i = 0; i < Number(count); i++) {
    await messaging.outbox.queueMessage(trx, {
      channel: 'email',
      to: { address: `customer${i}@example.hu` },
      subject: `Message ${i}`,
      text: `Body ${i}`,
      idempotencyKey: `crash-test:${i}`,
      actor: null,
    });
  }
});
process.stdout.write('queued\n');
platform.jobs.start();
