/**
 * A runtime node for the workflow crash test. Arguments: <database url> <mode>.
 * - `after-step`: starts one `crashNotice` instance (its end event queues a notification job) and is killed
 *   with SIGKILL as soon as that step has committed, before any job runs.
 * - `after-message`: runs the due jobs, and is killed with SIGKILL the moment the notification's message has
 *   committed to the outbox, before the job is marked done.
 */
import type { Knex } from 'knex';
import { createPlatform, createWorkflow, MessageOutbox, systemActor, type QueueInput } from '@folyam/platform';

const [databaseUrl, mode] = process.argv.slice(2);
const platform = await createPlatform({ databaseUrl, metaRefreshMs: 0, jobs: { leaseMs: 1500, pollMs: 10 } });

class KillAfterCommit extends MessageOutbox {
  override async queueMessage(trx: Knex, input: QueueInput) {
    const message = await super.queueMessage(trx, input);
    void (trx as Knex.Transaction).executionPromise.then(() => process.kill(process.pid, 'SIGKILL'));
    return message;
  }
}

const outbox =
  mode === 'after-message'
    ? new KillAfterCommit({ knex: platform.knex, clock: platform.clock, events: platform.events, jobs: platform.jobs })
    : undefined;
const { runtime } = createWorkflow(platform, { outbox });
if (mode === 'after-step') {
  await runtime.start(systemActor, 'crashNotice', { variables: { orderNo: 'R-1' } });
  process.stdout.write('committed\n');
  process.kill(process.pid, 'SIGKILL');
} else {
  platform.jobs.start();
}
