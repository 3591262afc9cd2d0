/**
 * The thin runner around the query compiler: gathers the actor's access decisions for every entity a definition
 * reaches, compiles, and runs — one page for the screen, or every row as an async stream for print and export
 * (a server-side cursor on MySQL/MariaDB, pages on SQLite), never the whole result in memory.
 */
import {
  queryFilterConditions,
  validateQuery,
  type Action,
  type Entity,
  type QueryDefinition,
  type QueryFilterTree,
} from '@folyam/metamodel';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { AccessDecision } from '../access/evaluator.ts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { toDbDateTime, type Dialect } from '../db/connection.ts';
import type { RecordService } from '../data/records.ts';
import { errors } from '../errors.ts';
import type { MetaStore } from '../meta/store.ts';
import { compileQuery, intersectDecisions, type CompiledQuery } from './compile.ts';
import type { ResultColumn, ResultRow } from './result.ts';
import { DEFAULT_TIME_ZONE, checkParams } from './values.ts';

export type QueryEngineDeps = {
  knex: Knex;
  dialect: Dialect;
  /** The SQLite database URL: full reads (print, export) stream from a read-only connection of their own. */
  databaseUrl?: string;
  meta: MetaStore;
  records: Pick<RecordService, 'decide'>;
  clock: Clock;
  timeZone?: string;
};

export type QueryResult = {
  columns: ResultColumn[];
  rows: ResultRow[];
  total: number;
  totals?: ResultRow;
  totalColumns?: ResultColumn[];
};

export const RUN_MAX_LIMIT = 1000;
export const RUN_DEFAULT_LIMIT = 100;

/** The entities a definition reaches through its paths and related columns (their access is needed). */
export function reachedEntities(def: QueryDefinition, entities: Entity[]): Set<string> {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const out = new Set<string>([def.entity]);
  const walk = (from: string, path: string | undefined) => {
    if (!path) return;
    let entity = byName.get(from);
    for (const name of path.split('.')) {
      const field = entity?.fields.find((f) => f.name === name);
      if (field?.type !== 'reference') return;
      out.add(field.target);
      entity = byName.get(field.target);
    }
  };
  const filterPaths = (t: QueryFilterTree | undefined) => (t ? queryFilterConditions(t).map((c) => c.field) : []);
  for (const c of def.columns ?? []) {
    if (c.related) {
      out.add(c.related.entity);
      walk(c.related.entity, c.path);
      filterPaths(c.related.filter).forEach((p) => walk(c.related!.entity, p));
    } else walk(def.entity, c.path);
  }
  [
    ...filterPaths(def.filter),
    ...(def.sort ?? []).map((s) => s.path),
    ...(def.groupBy ?? []),
    ...(def.aggregates ?? []).map((a) => a.path ?? ''),
  ].forEach((p) => walk(def.entity, p));
  return out;
}

export type PrepareOptions = {
  params?: unknown;
  /** `query` for the screen and the printer, `export` for files (needs both). */
  action?: 'query' | 'export';
  /** `check` validates a definition being saved: parameters get sample values. */
  mode?: 'run' | 'check';
};

export class QueryEngine {
  constructor(private readonly deps: QueryEngineDeps) {}

  get timeZone(): string {
    return this.deps.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** Parses and validates a definition from a request body; 400 with JSON paths under `at`. */
  parseDefinition(input: unknown, at = 'definition'): QueryDefinition {
    const r = validateQuery(input, [at]);
    if (!r.ok) throw errors.validation(r.issues);
    return r.value;
  }

  private async audit(actor: Actor, action: string, entity: string, info: Record<string, unknown>): Promise<void> {
    await this.deps.knex('folyam_audit').insert({
      at: toDbDateTime(this.deps.clock.now()),
      actor_id: actor.id,
      actor_name: actor.username.slice(0, 64),
      action,
      entity,
      info: JSON.stringify(info),
    });
  }

  /** Writes an audit entry about a query output (`export`, `print`) with what ran and how many rows. */
  async auditOutput(
    actor: Actor,
    action: 'export' | 'print',
    entity: string,
    info: Record<string, unknown>,
  ): Promise<void> {
    await this.audit(actor, action, entity, info);
  }

  /** The actor's access for a definition, and the compiled query. A refused root entity is audited and a 403. */
  async prepare(
    actor: Actor,
    def: QueryDefinition,
    options: PrepareOptions = {},
  ): Promise<{ compiled: CompiledQuery; entities: Entity[] }> {
    const snapshot = await this.deps.meta.published();
    const root = snapshot.entities.find((e) => e.name === def.entity);
    if (!root) throw errors.badRequest('UNKNOWN_ENTITY', 'definition.entity', 'unknownEntity', { value: def.entity });
    const decisions = new Map<string, AccessDecision>();
    for (const name of reachedEntities(def, snapshot.entities)) {
      const entity = snapshot.entities.find((e) => e.name === name);
      if (entity) decisions.set(name, await this.deps.records.decide(actor, entity, 'read', snapshot));
    }
    const actions: Action[] = options.action === 'export' ? ['query', 'export'] : ['query'];
    const rootDecisions = [decisions.get(root.name)!];
    for (const a of actions) rootDecisions.push(await this.deps.records.decide(actor, root, a, snapshot));
    const rootDecision = intersectDecisions(...rootDecisions);
    if (!rootDecision.allowed) {
      await this.audit(actor, 'denied', root.name, { action: options.action ?? 'query', reason: 'notGranted' });
      throw errors.forbidden();
    }
    const params = checkParams(def, options.params, options.mode ?? 'run');
    const denied = decisions.get(root.name)!;
    const compiled = compileQuery(def, {
      knex: this.deps.knex,
      entities: snapshot.entities,
      clock: this.deps.clock,
      timeZone: this.timeZone,
      params,
      userId: actor.id,
      access: {
        root: rootDecision,
        read: (name) => decisions.get(name) ?? { ...denied, allowed: false },
      },
    });
    return { compiled, entities: snapshot.entities };
  }

  async count(compiled: CompiledQuery): Promise<number> {
    const row = (await compiled.count.clone().first()) as { n?: unknown } | undefined;
    return Number(row?.n ?? 0);
  }

  /** One page of results, the total and (for rows with aggregates) the totals row. */
  async page(compiled: CompiledQuery, limit = RUN_DEFAULT_LIMIT, offset = 0): Promise<QueryResult> {
    if (!Number.isInteger(limit) || limit < 1 || limit > RUN_MAX_LIMIT)
      throw errors.badRequest('INVALID_PAGE', 'limit', 'tooBig', { max: RUN_MAX_LIMIT });
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000_000)
      throw errors.badRequest('INVALID_PAGE', 'offset', 'tooSmall', { min: 0 });
    const total = await this.count(compiled);
    const rows = total === 0 || offset >= total ? [] : await compiled.query.clone().limit(limit).offset(offset);
    const result: QueryResult = {
      columns: compiled.columns,
      rows: rows.map((r: Record<string, unknown>) => compiled.present(r)),
      total,
    };
    if (compiled.totals) {
      const t = (await compiled.totals.clone().first()) as Record<string, unknown> | undefined;
      result.totals = compiled.presentTotals(t ?? {});
      result.totalColumns = compiled.totalColumns;
    }
    return result;
  }

  async totals(compiled: CompiledQuery): Promise<ResultRow | null> {
    if (!compiled.totals) return null;
    const t = (await compiled.totals.clone().first()) as Record<string, unknown> | undefined;
    return compiled.presentTotals(t ?? {});
  }

  /**
   * Every row, in order, as an async stream: `for await (const row of engine.rows(compiled)) …`. MySQL/MariaDB
   * stream from one server-side cursor; SQLite reads pages of `pageSize` (its single connection stays free for
   * other requests between pages).
   */
  async *rows(
    compiled: CompiledQuery,
    options: { pageSize?: number; max?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<ResultRow> {
    const max = options.max ?? Number.POSITIVE_INFINITY;
    let n = 0;
    if (this.deps.dialect === 'mysql') {
      const q = compiled.query.clone();
      if (Number.isFinite(max)) q.limit(max);
      // Read through a pipe: if the reader stops early (cancel, a failing writer), the cursor is drained to its end
      // before knex returns the connection to the pool — a half-read result would leave it busy.
      const source = q.stream({ highWaterMark: 500 }) as unknown as Readable;
      const rows = new PassThrough({ objectMode: true, highWaterMark: 500 });
      source.on('error', (e) => rows.destroy(e));
      source.pipe(rows);
      try {
        for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
          if (options.signal?.aborted) throw errors.badRequest('CANCELLED', '', 'invalid');
          yield compiled.present(row);
        }
      } finally {
        if (!source.readableEnded) {
          source.unpipe(rows);
          source.resume();
        }
      }
      return;
    }
    const reader = this.sqliteReader();
    if (reader) {
      yield* this.sqliteStream(reader, compiled, max, options.signal);
      return;
    }
    const pageSize = options.pageSize ?? 2000;
    for (let offset = 0; n < max; offset += pageSize) {
      if (options.signal?.aborted) throw errors.badRequest('CANCELLED', '', 'invalid');
      const rows: Record<string, unknown>[] = await compiled.query
        .clone()
        .limit(Math.min(pageSize, max - n))
        .offset(offset);
      for (const row of rows) {
        yield compiled.present(row);
        n++;
      }
      if (rows.length < pageSize) return;
    }
  }

  /** A read-only connection to the SQLite file (WAL lets it read beside the writer), or null for `:memory:`. */
  private sqliteReader(): BetterSqlite3.Database | null {
    const file = this.deps.databaseUrl?.replace(/^sqlite:(\/\/)?/, '');
    if (!file || file === ':memory:' || !fs.existsSync(file)) return null;
    const db = new BetterSqlite3(path.resolve(file), { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  }

  /**
   * One sorted pass over the rows on SQLite, read in slices with the event loop free between them: reading pages
   * with OFFSET would sort the whole result again for every page.
   */
  private async *sqliteStream(
    db: BetterSqlite3.Database,
    compiled: CompiledQuery,
    max: number,
    signal?: AbortSignal,
  ): AsyncGenerator<ResultRow> {
    try {
      const q = compiled.query.clone();
      if (Number.isFinite(max)) q.limit(max);
      const { sql, bindings } = q.toSQL().toNative();
      const values = (bindings as unknown[]).map((b) =>
        typeof b === 'boolean' ? Number(b) : b instanceof Date ? b.valueOf() : b,
      );
      const it = db.prepare(sql).iterate(...values) as IterableIterator<Record<string, unknown>>;
      let slice: ResultRow[] = [];
      for (;;) {
        const next = it.next();
        if (!next.done) slice.push(compiled.present(next.value));
        if (next.done || slice.length >= 1000) {
          for (const row of slice) yield row;
          slice = [];
          if (next.done) return;
          if (signal?.aborted) {
            it.return?.();
            throw errors.badRequest('CANCELLED', '', 'invalid');
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      db.close();
    }
  }
}
