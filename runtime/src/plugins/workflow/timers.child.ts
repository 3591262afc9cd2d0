/**
 * One of two runtime nodes sharing due process timers (MariaDB test). Prints `ready` once it is up, starts its job
 * runner when a line comes on stdin, runs it until no timer job is left queued or running, then prints how many
 * timers it fired. Arguments: <database url>.
 */
import { createPlatform, createWorkflow, TIMER_JOB } from '@folyam/platform';

const [databaseUrl] = process.argv.slice(2);
const platform = await createPlatform({
  databaseUrl,
  metaRefreshMs: 0,
  poolMax: 12,
  jobs: { concurrency: 8, pollMs: 20, leaseMs: 60_000 },
});
createWorkflow(platform);
// Both nodes start claiming together: each says it is ready, and waits for the test's "go" on stdin.
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
platform.jobs.start();
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  const left = await platform
    .knex('folyam_jobs')
    .where({ kind: TIMER_JOB })
    .whereIn('status', ['queued', 'running'])
    .count({ n: '*' })
    .first();
  if (Number(left?.n ?? 0) === 0) break;
}
await platform.jobs.stop();
const mine = await platform
  .knex('folyam_jobs')
  .where({ kind: TIMER_JOB })
  .where('result', 'like', `%${platform.jobs.workerId}%`)
  .count({ n: '*' })
  .first();
process.stdout.write(JSON.stringify({ worker: platform.jobs.workerId, fired: Number(mine?.n ?? 0) }) + '\n');
await platform.close();
