/**
 * Every API route the server registers is described in `/api/openapi.json`, with the same methods: a route added
 * without its description fails here. Provider callbacks, the public pages and the web app are not part of the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp } from '../../testing/app.ts';

/** Routes that are not the documented JSON API: provider webhooks, public pages, the description itself. */
const NOT_API = [/^\/api\/webhooks\//, /^\/api\/docs$/];

const [sqlite] = testDatabases();

describe('OpenAPI coverage', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(sqlite!);
  });
  afterAll(() => app?.close());

  it('describes every API route the server registers, method by method', async () => {
    // given the published description
    const admin = await app.login();
    const res = await admin.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    // generic per-entity routes appear once per published entity
    const concrete = (path: string) => path.replace('{entity}', 'company').replace('{kind}', 'entities');

    // when comparing with the routing table
    const missing: string[] = [];
    for (const route of app.server.table()) {
      if (!route.path.startsWith('/api/') || NOT_API.some((re) => re.test(route.path))) continue;
      const item = paths[concrete(route.path)] ?? paths[route.path];
      if (!item || !item[route.method]) missing.push(`${route.method.toUpperCase()} ${route.path}`);
    }

    // then nothing is left out
    expect(missing).toEqual([]);
  });
});
