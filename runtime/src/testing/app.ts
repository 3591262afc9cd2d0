/**
 * A real runtime for tests: a fresh database (SQLite or MariaDB), the CRM package installed, a hapi server to
 * `inject` into, and helpers that log in and send requests the way the web app does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server, ServerInjectOptions } from '@hapi/hapi';
import { createPlatform, type Clock, type LoginLimits, type Platform } from '@folyam/platform';
import type { TestDatabase } from '@folyam/platform/testing';
import { bootstrap } from '../bootstrap.ts';
import type { MessagingOptions } from '../plugins/messages/messaging.ts';
import { createServer } from '../server.ts';

export const ADMIN_PASSWORD = 'Admin-Pass-2026';
/** The password of the CRM's demo users (manager, sales1, sales2, marketing, backoffice, auditor) in tests. */
export const DEMO_PASSWORD = 'Demo-Pass-2026';

export type TestApp = {
  platform: Platform;
  server: Server;
  /** Logs in and returns a client whose requests carry the session cookie and the CSRF header. */
  login(username?: string, password?: string): Promise<TestClient>;
  close(): Promise<void>;
};

export type TestClient = {
  cookie: string;
  request(
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are read freely
};

export async function startTestApp(
  db: TestDatabase,
  options: {
    seedDemo?: boolean;
    demoUsers?: boolean;
    clock?: Clock;
    loginLimits?: LoginLimits;
    messaging?: MessagingOptions;
    /** Listen on this loopback port (for providers' callbacks over real HTTP); otherwise only `inject`. */
    port?: number;
  } = {},
): Promise<TestApp> {
  const { url, drop } = await db.create();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'folyam-files-'));
  const platform = await createPlatform({
    databaseUrl: url,
    clock: options.clock,
    metaRefreshMs: 0,
    loginLimits: options.loginLimits,
    filesDir,
  });
  await bootstrap(platform, {
    adminPassword: ADMIN_PASSWORD,
    seedDemo: options.seedDemo ?? false,
    demoUsers: options.demoUsers ?? false,
    demoPassword: DEMO_PASSWORD,
  });
  const server = await createServer({
    platform,
    distDir: '/nonexistent',
    messaging: options.messaging,
    port: options.port,
  });
  if (options.port !== undefined) await server.start();
  else await server.initialize();
  const inject = async (opts: ServerInjectOptions) => {
    const res = await server.inject(opts);
    let body: unknown = res.payload;
    try {
      body = res.payload ? JSON.parse(res.payload) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body, headers: res.headers as Record<string, unknown> };
  };
  return {
    platform,
    server,
    async login(username = 'admin', password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) {
      const res = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.payload}`);
      const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
      return {
        cookie,
        request: (method, url, payload, headers = {}) =>
          inject({
            method,
            url,
            payload: payload as ServerInjectOptions['payload'],
            headers: { cookie, 'x-requested-with': 'folyam', ...headers },
          }),
      };
    },
    async close() {
      await server.stop();
      await platform.close();
      await drop();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
