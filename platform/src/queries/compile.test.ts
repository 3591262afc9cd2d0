import { describe, expect, it } from 'vitest';
import knexFactory from 'knex';
import type { Entity, FilterTree, QueryDefinition } from '@folyam/metamodel';
import type { AccessDecision } from '../access/evaluator.ts';
import { manualClock } from '../clock.ts';
import { parseFilter } from '../data/filter.ts';
import { FolyamError } from '../errors.ts';
import { compileQuery, intersectDecisions, type QueryAccess } from './compile.ts';
import { checkParams, localMidnight, relativeDate } from './values.ts';

const L = (hu: string, en = hu) => ({ hu, en });
const entities: Entity[] = [
  {
    id: 'company',
    name: 'company',
    label: L('Cég', 'Company'),
    pluralLabel: L('Cégek', 'Companies'),
    titleField: 'name',
    fields: [
      { id: 'c_name', name: 'name', type: 'text', label: L('Cégnév', 'Name') },
      {
        id: 'c_status',
        name: 'status',
        type: 'enum',
        label: L('Státusz', 'Status'),
        options: [
          { value: 'active', label: L('Aktív', 'Active') },
          { value: 'prospect', label: L('Érdeklődő', 'Prospect') },
        ],
      },
      { id: 'c_employees', name: 'employees', type: 'integer', label: L('Létszám', 'Employees') },
      { id: 'c_secret', name: 'secret', type: 'text', label: L('Titok', 'Secret') },
    ],
  },
  {
    id: 'contact',
    name: 'contact',
    label: L('Kapcsolattartó', 'Contact'),
    pluralLabel: L('Kapcsolattartók', 'Contacts'),
    fields: [
      { id: 'p_name', name: 'fullName', type: 'text', label: L('Név', 'Name') },
      { id: 'p_company', name: 'company', type: 'reference', target: 'company', label: L('Cég', 'Company') },
    ],
  },
  {
    id: 'contract',
    name: 'contract',
    label: L('Szerződés', 'Contract'),
    pluralLabel: L('Szerződések', 'Contracts'),
    fields: [
      { id: 'k_number', name: 'number', type: 'text', label: L('Szám', 'Number') },
      { id: 'k_issue', name: 'issueDate', type: 'date', label: L('Kelt', 'Date') },
      { id: 'k_value', name: 'value', type: 'money', label: L('Érték', 'Value'), currency: 'HUF' },
      {
        id: 'k_status',
        name: 'status',
        type: 'enum',
        label: L('Állapot', 'Status'),
        options: [
          { value: 'open', label: L('Nyitott', 'Open') },
          { value: 'signed', label: L('Aláírva', 'Signed') },
        ],
      },
      { id: 'k_company', name: 'company', type: 'reference', target: 'company', label: L('Cég', 'Company') },
      { id: 'k_contact', name: 'contact', type: 'reference', target: 'contact', label: L('Kapcsolattartó', 'Contact') },
    ],
  },
];

const FULL: AccessDecision = {
  allowed: true,
  rowFilter: null,
  hidden: new Set(),
  readOnly: new Set(),
} as AccessDecision;
const allowAll: QueryAccess = { root: FULL, read: () => FULL };
const own = (id: string): FilterTree => ({ field: 'ownerId', op: 'eq', value: id });
const clock = manualClock('2026-03-18T10:00:00Z'); // a Wednesday

const compile = (def: QueryDefinition, access: QueryAccess = allowAll, params = {}, client = 'better-sqlite3') =>
  compileQuery(def, { knex: knexFactory({ client, useNullAsDefault: true }), entities, access, clock, params });

function refusal(fn: () => unknown): { status: number; code: string; path: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof FolyamError) return { status: e.status, code: e.code, path: e.details[0]?.path ?? '' };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('compileQuery', () => {
  it('selects columns through references with left joins, values as bindings, a unique tie-breaker', () => {
    // when
    const q = compile({
      entity: 'contract',
      columns: [{ path: 'number' }, { path: 'contact.company.name' }, { path: 'value' }],
      filter: { field: 'number', op: 'eq', value: "x' or 1=1 --" },
      sort: [{ path: 'contact_company_name', dir: 'desc' }],
    });
    // then
    const sql = q.query.toSQL();
    expect(sql.sql).toBe(
      'select `t`.`number` as `c0`, `j2`.`name` as `c1`, `t`.`value` as `c2`, `t`.`value_currency` as `c2_cur` from `contract` as `t` ' +
        'left join `contact` as `j1` on `j1`.`id` = `t`.`contact_id` left join `company` as `j2` on `j2`.`id` = `j1`.`company_id` ' +
        'where `t`.`number` = ? order by `c1` desc, `t`.`id` asc',
    );
    expect(sql.bindings).toEqual(["x' or 1=1 --"]);
    expect(q.columns.map((c) => [c.key, c.type, c.label.en])).toEqual([
      ['number', 'text', 'Number'],
      ['contact_company_name', 'text', 'Contact › Company › Name'],
      ['value', 'money', 'Value'],
    ]);
    expect(q.count.toSQL().sql).toMatch(/^select count\(\*\) as `n` from `contract` as `t` left join/);
  });

  it('joins a referenced entity through its row constraint, and applies the root constraint', () => {
    // given
    const access: QueryAccess = {
      root: { ...FULL, rowFilter: own('u1') },
      read: (e) => (e === 'company' ? { ...FULL, rowFilter: own('u2') } : FULL),
    };
    // when
    const q = compile({ entity: 'contact', columns: [{ path: 'company.name' }] }, access);
    // then
    const { sql, bindings } = q.query.toSQL();
    expect(sql).toContain(
      'left join (select `t`.* from `company` as `t` where `t`.`owner_id` = ?) as `j1` on `j1`.`id` = `t`.`company_id`',
    );
    expect(sql).toContain('where `t`.`owner_id` = ?');
    expect(bindings).toEqual(['u2', 'u1']);
  });

  it('compiles a related aggregate to a correlated subquery with its filter and the related row constraint', () => {
    // given
    const access: QueryAccess = {
      root: FULL,
      read: (e) => (e === 'contract' ? { ...FULL, rowFilter: own('u1') } : FULL),
    };
    // when
    const q = compile(
      {
        entity: 'company',
        columns: [
          { path: 'name' },
          {
            related: { entity: 'contract', via: 'company', filter: { field: 'status', op: 'eq', value: 'open' } },
            fn: 'sum',
            path: 'value',
            key: 'openValue',
          },
          { related: { entity: 'contract', via: 'company' }, fn: 'count' },
        ],
      },
      access,
    );
    // then
    const { sql, bindings } = q.query.toSQL();
    expect(sql).toContain(
      '(select sum(`r1`.`value`) from `contract` as `r1` where `r1`.`company_id` = `t`.`id` and `r1`.`status` = ? and `r1`.`owner_id` = ?) as `c1`',
    );
    expect(sql).toContain(
      '(select count(*) from `contract` as `r2` where `r2`.`company_id` = `t`.`id` and `r2`.`owner_id` = ?) as `c2`',
    );
    expect(bindings).toEqual(['open', 'u1', 'open', 'u1', 'u1']);
    expect(q.columns.map((c) => [c.key, c.type])).toEqual([
      ['name', 'text'],
      ['openValue', 'money'],
      ['contract_company_count', 'integer'],
    ]);
    // and money sums report their single currency, or none when mixed
    expect(q.present({ c0: 'Acme', c1: 10.005, c1_cur: 'HUF', c2: 3 })).toEqual({
      name: 'Acme',
      openValue: { amount: 10.01, currency: 'HUF' },
      contract_company_count: 3,
    });
    expect(q.present({ c0: 'Acme', c1: 5, c1_cur: null, c2: 0 }).openValue).toEqual({ amount: 5, currency: null });
  });

  it('groups with aggregates, sorts by an aggregate key, and counts the groups', () => {
    const q = compile({
      entity: 'contract',
      groupBy: ['status', 'company'],
      aggregates: [{ fn: 'count' }, { fn: 'sum', path: 'value' }],
      sort: [{ path: 'sum_value', dir: 'desc' }],
    });
    expect(q.mode).toBe('groups');
    expect(q.query.toSQL().sql).toBe(
      'select `t`.`status` as `g0`, `t`.`company_id` as `g1`, `j1`.`name` as `g1_title`, count(*) as `a0`, sum(`t`.`value`) as `a1`, ' +
        'case when min(`t`.`value_currency`) = max(`t`.`value_currency`) then min(`t`.`value_currency`) end as `a1_cur` ' +
        'from `contract` as `t` left join `company` as `j1` on `j1`.`id` = `t`.`company_id` group by `t`.`status`, `t`.`company_id`, `j1`.`name` ' +
        'order by `a1` desc, `g0` asc, `g1` asc',
    );
    expect(q.count.toSQL().sql).toMatch(/^select count\(\*\) as `n` from \(select .* group by .*\) as `g`$/);
    expect(q.columns.map((c) => c.key)).toEqual(['status', 'company', 'count', 'sum_value']);
    expect(q.present({ g0: 'open', g1: 'id1', g1_title: 'Acme', a0: 2, a1: 300, a1_cur: 'EUR' })).toEqual({
      status: 'open',
      company: { id: 'id1', title: 'Acme' },
      count: 2,
      sum_value: { amount: 300, currency: 'EUR' },
    });
  });

  it('adds a totals query for aggregates beside columns', () => {
    const q = compile({
      entity: 'company',
      columns: [{ path: 'name' }],
      aggregates: [{ fn: 'count' }, { fn: 'avg', path: 'employees' }],
      filter: { field: 'status', op: 'eq', value: 'active' },
    });
    expect(q.totals!.toSQL().sql).toBe(
      'select count(*) as `s0`, avg(`t`.`employees`) as `s1` from `company` as `t` where `t`.`status` = ?',
    );
    expect(q.presentTotals({ s0: 3, s1: 12.333333 })).toEqual({ count: 3, avg_employees: 12.3333 });
  });

  it('refuses a hidden field anywhere on a path with a 400 naming the path where it was met', () => {
    // given: company.secret is hidden for the actor
    const access: QueryAccess = {
      root: FULL,
      read: (e) => (e === 'company' ? { ...FULL, hidden: new Set(['secret']) } : FULL),
    };
    // then
    expect(
      refusal(() =>
        compile({ entity: 'contact', columns: [{ path: 'fullName' }, { path: 'company.secret' }] }, access),
      ),
    ).toEqual({
      status: 400,
      code: 'FIELD_NOT_READABLE',
      path: 'columns[1].path',
    });
    expect(
      refusal(() =>
        compile(
          {
            entity: 'contact',
            columns: [{ path: 'fullName' }],
            filter: { field: 'company.secret', op: 'eq', value: 'x' },
          },
          access,
        ),
      ).path,
    ).toBe('filter.field');
    expect(
      refusal(() =>
        compile({ entity: 'contact', columns: [{ path: 'fullName' }], sort: [{ path: 'company.secret' }] }, access),
      ).path,
    ).toBe('sort[0].path');
    // a query that does not touch the hidden field runs
    expect(() =>
      compile(
        { entity: 'company', columns: [{ path: 'name' }] },
        { root: { ...FULL, hidden: new Set(['secret']) }, read: () => FULL },
      ),
    ).not.toThrow();
  });

  it('refuses an entity the actor may not read, reached by a path or a related column', () => {
    const access: QueryAccess = { root: FULL, read: (e) => (e === 'company' ? { ...FULL, allowed: false } : FULL) };
    expect(refusal(() => compile({ entity: 'contact', columns: [{ path: 'company.name' }] }, access))).toEqual({
      status: 400,
      code: 'ENTITY_NOT_READABLE',
      path: 'columns[0].path',
    });
    expect(
      refusal(() =>
        compile(
          {
            entity: 'contact',
            columns: [{ path: 'fullName' }],
            groupBy: undefined,
            filter: { field: 'company.status', op: 'eq', value: 'active' },
          },
          access,
        ),
      ).code,
    ).toBe('ENTITY_NOT_READABLE');
    const noContracts: QueryAccess = {
      root: FULL,
      read: (e) => (e === 'contract' ? { ...FULL, allowed: false } : FULL),
    };
    expect(
      refusal(() =>
        compile(
          { entity: 'company', columns: [{ related: { entity: 'contract', via: 'company' }, fn: 'count' }] },
          noContracts,
        ),
      ).path,
    ).toBe('columns[0].related.entity');
    // the title of a reference column is simply left out when its entity is out of reach
    const q = compile({ entity: 'contact', columns: [{ path: 'company' }] }, access);
    expect(q.query.toSQL().sql).toBe('select `t`.`company_id` as `c0` from `contact` as `t` order by `t`.`id` asc');
  });

  it('refuses a root entity without the query right with a 403', () => {
    expect(
      refusal(() =>
        compile(
          { entity: 'company', columns: [{ path: 'name' }] },
          { root: { ...FULL, allowed: false }, read: () => FULL },
        ),
      ).status,
    ).toBe(403);
  });

  it('refuses unknown paths, aggregates that do not fit, bad keys and undeclared parameters', () => {
    expect(refusal(() => compile({ entity: 'company', columns: [{ path: 'nosuch' }] })).code).toBe('UNKNOWN_FIELD');
    expect(refusal(() => compile({ entity: 'company', columns: [{ path: 'name.x' }] })).code).toBe('UNKNOWN_FIELD');
    expect(
      refusal(() =>
        compile({ entity: 'company', columns: [{ path: 'name' }], aggregates: [{ fn: 'sum', path: 'name' }] }),
      ),
    ).toEqual({
      status: 400,
      code: 'INVALID_AGGREGATE',
      path: 'aggregates[0].path',
    });
    expect(refusal(() => compile({ entity: 'company', columns: [{ path: 'name' }, { path: 'name' }] })).path).toBe(
      'columns[1].key',
    );
    expect(
      refusal(() =>
        compile({
          entity: 'company',
          columns: [{ path: 'name' }],
          filter: { field: 'employees', op: 'gt', value: { param: 'min' } },
        }),
      ).path,
    ).toBe('params');
    expect(refusal(() => compile({ entity: 'company', groupBy: ['status'], columns: [{ path: 'name' }] })).path).toBe(
      'columns',
    );
    expect(
      refusal(() =>
        compile({ entity: 'contract', columns: [{ related: { entity: 'contact', via: 'company' }, fn: 'count' }] }),
      ).path,
    ).toBe('columns[0].related.via');
    expect(
      refusal(() =>
        compile({ entity: 'company', groupBy: ['status'], aggregates: [{ fn: 'count' }], sort: [{ path: 'name' }] }),
      ).code,
    ).toBe('INVALID_SORT');
  });

  it('refuses filters nested deeper than the limit before parsing them, here and in the data API', () => {
    let deep: FilterTree = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 5000; i++) deep = { not: deep };
    expect(
      refusal(() => compile({ entity: 'company', columns: [{ path: 'name' }], filter: deep as never })),
    ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(refusal(() => parseFilter(deep))).toMatchObject({ status: 400, code: 'INVALID_FILTER' });
    let fine: FilterTree = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 20; i++) fine = { and: [{ not: fine }] };
    expect(() => compile({ entity: 'company', columns: [{ path: 'name' }], filter: fine })).not.toThrow();
  });

  it('resolves relative dates in the time zone, for dates and date-times', () => {
    const q = compile({
      entity: 'contract',
      columns: [{ path: 'number' }],
      filter: {
        and: [
          { field: 'issueDate', op: 'gte', value: { relative: 'startOfQuarter' } },
          { field: 'createdAt', op: 'lt', value: { relative: 'startOfWeek' } },
        ],
      },
    });
    expect(q.query.toSQL().bindings).toEqual(['2026-01-01', '2026-03-15 23:00:00.000']);
    expect(
      refusal(() =>
        compile({
          entity: 'contract',
          columns: [{ path: 'number' }],
          filter: { field: 'number', op: 'eq', value: { relative: 'today' } },
        }),
      ).code,
    ).toBe('INVALID_FILTER');
  });

  it('compares user columns with the user running the query', () => {
    // given a "my companies" filter
    const def: QueryDefinition = {
      entity: 'company',
      columns: [{ path: 'name' }],
      filter: { field: 'ownerId', op: 'eq', value: { currentUser: true } },
    };
    const run = (userId: string | null) =>
      compileQuery(def, {
        knex: knexFactory({ client: 'better-sqlite3', useNullAsDefault: true }),
        entities,
        access: allowAll,
        clock,
        userId,
      });
    // then each user gets their own id as a binding
    expect(run('u-1').query.toSQL().bindings).toContain('u-1');
    expect(run('u-2').query.toSQL().bindings).toContain('u-2');
    // and nobody signed in, or a field that holds no user, is refused
    expect(refusal(() => run(null)).code).toBe('INVALID_FILTER');
    expect(
      refusal(() =>
        compileQuery(
          { ...def, filter: { field: 'name', op: 'eq', value: { currentUser: true } } },
          {
            knex: knexFactory({ client: 'better-sqlite3', useNullAsDefault: true }),
            entities,
            access: allowAll,
            clock,
            userId: 'u-1',
          },
        ),
      ).path,
    ).toBe('filter.value');
  });

  it('puts parameters in as bindings and drops conditions whose optional parameter is empty', () => {
    const def: QueryDefinition = {
      entity: 'company',
      columns: [{ path: 'name' }],
      filter: {
        and: [
          { field: 'employees', op: 'gte', value: { param: 'min' } },
          { field: 'status', op: 'in', value: { param: 'statuses' } },
        ],
      },
      params: [
        { name: 'min', type: 'integer', label: L('Minimum') },
        { name: 'statuses', type: 'text', multiple: true, required: false, label: L('Státuszok') },
      ],
    };
    const both = compile(def, allowAll, checkParams(def, { min: 10, statuses: ['active', 'prospect'] }));
    expect(both.query.toSQL().bindings).toEqual([10, 'active', 'prospect']);
    const one = compile(def, allowAll, checkParams(def, { min: 10 }));
    expect(one.query.toSQL().sql).toBe(
      'select `t`.`name` as `c0` from `company` as `t` where ((`t`.`employees` >= ?)) order by `t`.`id` asc',
    );
    expect(refusal(() => checkParams(def, {}))).toEqual({ status: 400, code: 'VALIDATION_FAILED', path: 'params.min' });
    expect(refusal(() => checkParams(def, { min: 'ten' })).path).toBe('params.min');
    expect(refusal(() => checkParams(def, { min: 1, other: 2 })).path).toBe('params.other');
    // a parameter of the wrong type for its field is refused by the filter's type check
    const textParam: QueryDefinition = {
      ...def,
      filter: { field: 'employees', op: 'gt', value: { param: 'name' } },
      params: [{ name: 'name', type: 'text', label: L('Név') }],
    };
    expect(refusal(() => compile(textParam, allowAll, checkParams(textParam, { name: 'x' }))).code).toBe(
      'INVALID_FILTER',
    );
  });

  it('builds the same shape for MySQL/MariaDB', () => {
    const q = compile(
      {
        entity: 'contact',
        columns: [{ path: 'company.name' }],
        filter: { field: 'company.name', op: 'contains', value: '50%' },
      },
      allowAll,
      {},
      'mysql2',
    );
    const { sql, bindings } = q.query.toSQL();
    expect(sql).toBe(
      'select `j1`.`name` as `c0` from `contact` as `t` left join `company` as `j1` on `j1`.`id` = `t`.`company_id` where `j1`.`name` like ? escape ? order by `t`.`id` asc',
    );
    expect(bindings).toEqual(['%50\\%%', '\\']);
  });
});

describe('access intersection', () => {
  it('allows only when every decision does, and-s row constraints and unites hidden fields', () => {
    const d = intersectDecisions(
      { ...FULL, rowFilter: own('a'), hidden: new Set(['x']) },
      { ...FULL, rowFilter: own('b'), hidden: new Set(['y']) },
    );
    expect(d.allowed).toBe(true);
    expect(d.rowFilter).toEqual({ and: [own('a'), own('b')] });
    expect([...d.hidden].sort()).toEqual(['x', 'y']);
    expect(intersectDecisions(FULL, { ...FULL, allowed: false }).allowed).toBe(false);
  });
});

describe('relative dates', () => {
  const now = new Date('2026-03-18T10:00:00Z');
  it.each([
    ['today', undefined, '2026-03-18'],
    ['startOfWeek', undefined, '2026-03-16'],
    ['startOfMonth', undefined, '2026-03-01'],
    ['startOfQuarter', undefined, '2026-01-01'],
    ['startOfYear', undefined, '2026-01-01'],
    ['daysAgo', 30, '2026-02-16'],
    ['daysAhead', 14, '2026-04-01'],
  ] as const)('%s (n=%s) is %s', (relative, n, expected) => {
    expect(relativeDate({ relative, n }, now)).toBe(expected);
  });

  it('uses the local day: just after midnight in Budapest is already tomorrow', () => {
    expect(relativeDate({ relative: 'today' }, new Date('2026-03-18T23:30:00Z'))).toBe('2026-03-19');
    expect(localMidnight('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    expect(localMidnight('2026-01-01')).toBe('2025-12-31T23:00:00.000Z');
  });
});
