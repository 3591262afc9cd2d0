/**
 * Property test of the query generator's filters: fast-check builds thousands of filter trees (and/or/not, every
 * operator, relative dates, parameters, paths through a reference) over a small data set; the database's answer
 * must equal an in-memory evaluation with SQL's three-valued logic, and no tree — valid or not — may get a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { manualClock } from '@folyam/platform';
import { testDatabases } from '@folyam/platform/testing';
import { startTestApp, type TestApp, type TestClient } from '@folyam/runtime/testing';

type Scalar = string | number | boolean | null;
type Value = Scalar | { relative: string; n?: number } | { param: string };
type Cond = { field: string; op: string; value?: Value | Value[] };
type Tree = { and: Tree[] } | { or: Tree[] } | { not: Tree } | Cond;
type Probe = {
  id: string;
  t: string | null;
  n: number | null;
  d: number | null;
  m: { amount: number; currency: string } | null;
  dt: string | null;
  b: boolean | null;
  e: string | null;
  r: string | null;
};

const L = (s: string) => ({ hu: s, en: s });
// Lowercase letters that sort the same in byte order and in utf8mb4_hungarian_ci (no cs, dz, gy, ly, ny, sz, ty, zs).
const TEXTS = ['a', 'ab', 'b', 'ba', 'e', 'k%', 'mo', 'ru', 'rub'];
const NEEDLES = ['', 'a', 'b', 'o', 'ru', '%', '_', 'x'];
const DATES = ['2025-12-31', '2026-01-01', '2026-02-16', '2026-03-01', '2026-03-16', '2026-03-18', '2026-04-01'];
const RELATIVE: Record<string, (n: number) => string> = {
  today: () => '2026-03-18',
  startOfWeek: () => '2026-03-16',
  startOfMonth: () => '2026-03-01',
  startOfQuarter: () => '2026-01-01',
  startOfYear: () => '2026-01-01',
  daysAgo: (n) => new Date(Date.UTC(2026, 2, 18 - n)).toISOString().slice(0, 10),
  daysAhead: (n) => new Date(Date.UTC(2026, 2, 18 + n)).toISOString().slice(0, 10),
};
const PARAMS = { num: 1, word: 'b' };
const COMPANIES = ['bar', 'kar', 'mor', 'rum'];

/** A small deterministic generator, so the data set is the same on every run and database. */
function lcg(seed: number) {
  let s = seed;
  return <T>(items: readonly T[]): T => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return items[s % items.length];
  };
}

describe.each(testDatabases())('query filters, property-based, on $dialect', (db) => {
  let app: TestApp;
  let admin: TestClient;
  let rows: Probe[] = [];
  const companyName = new Map<string, string>();
  let companyIds: string[] = [];

  beforeAll(async () => {
    app = await startTestApp(db, { clock: manualClock('2026-03-18T10:00:00Z') });
    admin = await app.login();
    const probe = {
      id: 'probe',
      name: 'probe',
      label: L('Próba'),
      pluralLabel: L('Próbák'),
      fields: [
        { id: 'probe_t', name: 't', type: 'text', label: L('t') },
        { id: 'probe_n', name: 'n', type: 'integer', label: L('n') },
        { id: 'probe_d', name: 'd', type: 'decimal', scale: 2, label: L('d') },
        { id: 'probe_m', name: 'm', type: 'money', currencies: ['HUF', 'EUR'], label: L('m') },
        { id: 'probe_dt', name: 'dt', type: 'date', label: L('dt') },
        { id: 'probe_b', name: 'b', type: 'boolean', label: L('b') },
        {
          id: 'probe_e',
          name: 'e',
          type: 'enum',
          options: ['a', 'b', 'c'].map((v) => ({ value: v, label: L(v) })),
          label: L('e'),
        },
        { id: 'probe_r', name: 'r', type: 'reference', target: 'company', label: L('r') },
      ],
    };
    expect((await admin.request('PUT', '/api/meta/entities/probe', probe)).status).toBe(200);
    expect((await admin.request('POST', '/api/meta/publish', {})).status).toBe(200);
    for (const name of COMPANIES) {
      const res = await admin.request('POST', '/api/data/company', { name });
      companyName.set(res.body.id, name);
    }
    companyIds = [...companyName.keys()];
    const pick = lcg(20260318);
    for (let i = 0; i < 40; i++) {
      const body = {
        t: pick([...TEXTS, null]),
        n: pick([-3, -1, 0, 1, 2, 3, null]),
        d: pick([-1.5, 0, 0.25, 2.5, null]),
        m: pick([
          { amount: 0, currency: 'HUF' },
          { amount: 100, currency: 'EUR' },
          { amount: 250.5, currency: 'HUF' },
          { amount: 1000, currency: 'EUR' },
          null,
        ]),
        dt: pick([...DATES, null]),
        b: pick([true, false, null]),
        e: pick(['a', 'b', 'c', null]),
        r: pick([...companyIds, null]),
      };
      const res = await admin.request(
        'POST',
        '/api/data/probe',
        Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    rows = (await admin.request('GET', '/api/data/probe?limit=500')).body.items;
    expect(rows).toHaveLength(40);
  });
  afterAll(() => app?.close());

  // ---- the model: SQL's three-valued logic over the records in memory ----

  function resolve(v: Value): Scalar {
    if (v && typeof v === 'object' && 'relative' in v) return RELATIVE[v.relative](v.n ?? 0);
    if (v && typeof v === 'object' && 'param' in v) return PARAMS[v.param as keyof typeof PARAMS];
    return v as Scalar;
  }

  function column(rec: Probe, field: string): Scalar {
    switch (field) {
      case 'm':
        return rec.m?.amount ?? null;
      case 'm.currency':
        return rec.m?.currency ?? null;
      case 'r.name':
        return rec.r ? (companyName.get(rec.r) ?? null) : null;
      default:
        return (rec[field as keyof Probe] as Scalar) ?? null;
    }
  }

  const cmp = (a: Scalar, b: Scalar) => (a! < b! ? -1 : a! > b! ? 1 : 0);
  const escapeLike = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  function evalCond(c: Cond, rec: Probe): boolean | null {
    const col = column(rec, c.field);
    const v = Array.isArray(c.value) ? c.value.map(resolve) : c.value === undefined ? undefined : resolve(c.value);
    switch (c.op) {
      case 'eq':
        return v === null ? col === null : col === null ? null : cmp(col, v as Scalar) === 0;
      case 'ne':
        return v === null ? col !== null : col === null ? true : cmp(col, v as Scalar) !== 0;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        if (col === null) return null;
        const k = cmp(col, v as Scalar);
        return { lt: k < 0, lte: k <= 0, gt: k > 0, gte: k >= 0 }[c.op];
      }
      case 'between': {
        const [a, b] = v as Scalar[];
        return col === null ? null : cmp(col, a) >= 0 && cmp(col, b) <= 0;
      }
      case 'in': {
        // `col in (…non-null…) or col is null` (when the list holds null); an empty list is `1 = 0`.
        const nonNull = (v as Scalar[]).filter((x) => x !== null);
        const inList = !nonNull.length ? false : col === null ? null : nonNull.some((x) => cmp(col, x) === 0);
        const isNull = nonNull.length !== (v as Scalar[]).length && col === null;
        return inList === true || isNull ? true : inList;
      }
      case 'contains':
      case 'startsWith': {
        if (v === null || v === '') return true;
        if (col === null) return null;
        const re = new RegExp(`${c.op === 'startsWith' ? '^' : ''}${escapeLike(String(v))}`);
        return re.test(String(col));
      }
      case 'isEmpty':
        return col === null || col === '';
      case 'isNotEmpty':
        return col !== null && col !== '';
    }
    throw new Error(`no model for ${c.op}`);
  }

  function evalTree(t: Tree, rec: Probe): boolean | null {
    if ('and' in t) {
      const xs = t.and.map((x) => evalTree(x, rec));
      return xs.includes(false) ? false : xs.includes(null) ? null : true;
    }
    if ('or' in t) {
      const xs = t.or.map((x) => evalTree(x, rec));
      return xs.includes(true) ? true : xs.includes(null) ? null : false;
    }
    if ('not' in t) {
      const x = evalTree(t.not, rec);
      return x === null ? null : !x;
    }
    return evalCond(t, rec);
  }

  // ---- generators ----

  const relativeDate = fc.oneof(
    fc
      .constantFrom('today', 'startOfWeek', 'startOfMonth', 'startOfQuarter', 'startOfYear')
      .map((relative) => ({ relative })),
    fc.record({ relative: fc.constantFrom('daysAgo', 'daysAhead'), n: fc.integer({ min: 0, max: 120 }) }),
  );
  const kinds: Record<string, { fields: string[]; value: fc.Arbitrary<Value>; ops: string[] }> = {
    text: {
      fields: ['t', 'r.name'],
      value: fc.oneof(fc.constantFrom(...TEXTS, ...COMPANIES), fc.constant({ param: 'word' })),
      ops: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
    },
    number: {
      fields: ['n', 'd', 'm'],
      value: fc.oneof(
        fc.constantFrom(-3, -1.5, -1, 0, 0.25, 1, 2, 2.5, 3, 100, 250.5, 1000),
        fc.constant({ param: 'num' }),
      ),
      ops: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'isEmpty', 'isNotEmpty'],
    },
    date: {
      fields: ['dt'],
      value: fc.oneof(fc.constantFrom(...DATES), relativeDate),
      ops: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'isEmpty', 'isNotEmpty'],
    },
    bool: { fields: ['b'], value: fc.boolean(), ops: ['eq', 'ne', 'isEmpty', 'isNotEmpty'] },
    enum: {
      fields: ['e'],
      value: fc.constantFrom('a', 'b', 'c'),
      ops: ['eq', 'ne', 'in', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
    },
    currency: {
      fields: ['m.currency'],
      value: fc.constantFrom('HUF', 'EUR', 'USD'),
      ops: ['eq', 'ne', 'in', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
    },
  };

  const validCondition: fc.Arbitrary<Cond> = fc.constantFrom(...Object.keys(kinds)).chain((k) => {
    const { fields, value, ops } = kinds[k];
    return fc.tuple(fc.constantFrom(...fields), fc.constantFrom(...ops)).chain(([field, op]): fc.Arbitrary<Cond> => {
      switch (op) {
        case 'isEmpty':
        case 'isNotEmpty':
          return fc.constant({ field, op });
        case 'eq':
        case 'ne':
          return fc.option(value, { freq: 6 }).map((v) => ({ field, op, value: v }));
        case 'between':
          return fc.tuple(value, value).map((v) => ({ field, op, value: v }));
        case 'in':
          return fc.array(fc.option(value, { freq: 5 }), { maxLength: 3 }).map((v) => ({ field, op, value: v }));
        case 'contains':
        case 'startsWith':
          return k === 'text'
            ? fc.constantFrom(...NEEDLES).map((v) => ({ field, op, value: v }))
            : value.map((v) => ({ field, op, value: v }));
        default:
          return value.map((v) => ({ field, op, value: v }));
      }
    });
  });

  const treeOf = (leaf: fc.Arbitrary<Cond>) =>
    fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('tree'), { maxLength: 3 }).map((and) => ({ and })),
        fc.array(tie('tree'), { maxLength: 3 }).map((or) => ({ or })),
        tie('tree').map((not) => ({ not })),
      ),
    })).tree;

  const anyValue: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom(null, '', 'a', 'b', '2026-03-01', 'x%', 0, -1, 2.5, 1e300, true, false),
    fc.constantFrom(
      { relative: 'today' },
      { relative: 'daysAgo', n: 3 },
      { relative: 'yesterday' },
      { param: 'num' },
      { param: 'nope' },
      { $ne: null },
    ),
    fc.array(fc.constantFrom(null, 'a', 1, true, { relative: 'today' }), { maxLength: 3 }),
  );
  const anyCondition = fc.record(
    {
      field: fc.constantFrom(
        't',
        'n',
        'd',
        'm',
        'm.currency',
        'm.amount',
        'dt',
        'b',
        'e',
        'r',
        'r.name',
        'r.zz',
        'zz',
        't.x',
        'id',
        'createdAt',
        'r.r.r.r.r',
      ),
      op: fc.constantFrom(
        'eq',
        'ne',
        'lt',
        'lte',
        'gt',
        'gte',
        'between',
        'in',
        'contains',
        'startsWith',
        'isEmpty',
        'isNotEmpty',
        'like',
      ),
      value: anyValue,
    },
    { requiredKeys: ['field', 'op'] },
  ) as fc.Arbitrary<Cond>;

  const runFilter = (filter: Tree) =>
    admin.request('POST', '/api/queries/run', {
      definition: {
        entity: 'probe',
        columns: [{ path: 'id' }],
        filter,
        params: [
          { name: 'num', type: 'number', label: L('num') },
          { name: 'word', type: 'text', label: L('word') },
        ],
      },
      params: PARAMS,
      limit: 1000,
    });

  it('answers every valid filter tree exactly as the in-memory model does', async () => {
    const numRuns = 1500;
    let telling = 0;
    await fc.assert(
      fc.asyncProperty(treeOf(validCondition), async (tree) => {
        const res = await runFilter(tree);
        if (res.status !== 200)
          throw new Error(`${res.status} ${JSON.stringify(res.body)} for ${JSON.stringify(tree)}`);
        const got = res.body.rows.map((r: { id: string }) => r.id).sort();
        const expected = rows
          .filter((r) => evalTree(tree, r) === true)
          .map((r) => r.id)
          .sort();
        expect(got).toEqual(expected);
        if (expected.length > 0 && expected.length < rows.length) telling++;
      }),
      { numRuns },
    );
    // Most trees must pick some rows and leave others, or the comparison says little.
    expect(telling).toBeGreaterThan(numRuns / 3);
  }, 60_000);

  it('answers any filter tree, valid or not, with 200 or 400 — never 500', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(treeOf(fc.oneof(anyCondition, validCondition)), async (tree) => {
        const res = await runFilter(tree);
        if (res.status !== 200 && res.status !== 400)
          throw new Error(`${res.status} ${JSON.stringify(res.body)} for ${JSON.stringify(tree)}`);
        if (res.status === 400) {
          refused++;
          expect(res.body.details.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
    expect(refused).toBeGreaterThan(0);
  }, 60_000);
});
