/**
 * The HTTP load generator, run in its own process so it does not take the server's event loop: it receives
 * `{ url, cookie, connections, seconds, paths }` over IPC, runs autocannon cycling through `paths`, and answers
 * with the duration, the counts and the latencies of the 2xx responses.
 */
import autocannon from 'autocannon';

type Job = { url: string; cookie: string; connections: number; seconds: number; paths: string[] };

process.once('message', async (job: Job) => {
  let i = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    headers: { cookie: job.cookie, accept: 'application/json' },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: job.paths[i++ % job.paths.length] }) }],
  });
  instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const r = await instance;
  const codes = Object.entries(r.statusCodeStats)
    .map(([c, v]) => `${c}×${v.count}`)
    .join(', ');
  process.send!(
    { duration: r.duration, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, codes, latencies },
    () => process.exit(0),
  );
});
