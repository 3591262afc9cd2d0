/**
 * Background WAL checkpoints for a SQLite file. SQLite normally checkpoints inside the COMMIT that pushes the
 * write-ahead log past 1,000 pages: that commit copies the pages into the database file and syncs it to disk,
 * blocking the one thread that serves every request for tens of milliseconds. Here a worker thread with its own
 * connection runs passive checkpoints instead — they never block the writer, which keeps appending to the log —
 * and the main connection's automatic checkpoint is moved far out, as a fallback should the worker stop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the main connection lets the log grow to before it checkpoints itself (the worker's fallback). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const run = (request) => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ request, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ request, error: String(e && e.message || e) });
  }
};
const timer = setInterval(() => run(0), workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m && typeof m.now === 'number') run(m.now);
  if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

export type CheckpointStats = { runs: number; errors: number; lastLogPages: number; lastCheckpointed: number };

export type Checkpointer = {
  readonly stats: CheckpointStats;
  /** Asks for a checkpoint now and resolves when it ran (tests and shutdown). */
  checkpoint(): Promise<CheckpointStats>;
  stop(): Promise<void>;
};

/** Starts checkpointing `filename` every `intervalMs` in a worker thread. */
export function startCheckpointer(filename: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { filename, intervalMs, driver } });
  worker.unref();
  const stats: CheckpointStats = { runs: 0, errors: 0, lastLogPages: 0, lastCheckpointed: 0 };
  // Requests are numbered so that checkpoint() resolves with its own run, not with a timed run already in flight
  // when it was asked (that one may predate the caller's last commits).
  const waiting = new Map<number, () => void>();
  let requests = 0;
  worker.on('message', (m: { request: number; log?: number; checkpointed?: number; error?: string }) => {
    stats.runs++;
    if (m.error) stats.errors++;
    else {
      stats.lastLogPages = m.log ?? 0;
      stats.lastCheckpointed = m.checkpointed ?? 0;
    }
    waiting.get(m.request)?.();
    waiting.delete(m.request);
  });
  // A failing worker only means SQLite checkpoints in the commit again, as it does without one.
  worker.on('error', () => {});
  let stopped = false;
  return {
    stats,
    checkpoint() {
      if (stopped) return Promise.resolve(stats);
      const request = ++requests;
      return new Promise((resolve) => {
        waiting.set(request, () => resolve({ ...stats }));
        worker.postMessage({ now: request });
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
      await Promise.race([exited, timeout]);
      await worker.terminate();
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
    },
  };
}
