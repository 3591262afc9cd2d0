/**
 * Starts the Folyam runtime for a browser test: a free port, a fresh data directory (so demo data is seeded
 * anew), started by its own PID and stopped by it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const ADMIN_PASSWORD = 'Admin-Pass-2026';
/** The demo users' password (sales1, manager, …): chosen here so a test can sign in as them. */
export const DEMO_PASSWORD = 'Demo-Pass-2026';

export type RunningRuntime = { baseUrl: string; stop: () => Promise<void>; log: () => string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`runtime exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`runtime did not become healthy in ${timeoutMs} ms:\n${log()}`);
}

export async function startRuntime(timeoutMs = 150_000): Promise<RunningRuntime> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'folyam-e2e-'));
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      FOLYAM_DATA_DIR: dataDir,
      FOLYAM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FOLYAM_DEMO_PASSWORD: DEMO_PASSWORD,
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = () => output;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, log, timeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, stop, log };
}
