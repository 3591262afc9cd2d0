/**
 * The record service: list, get, create, update, delete and history of any entity's records, driven by the
 * published metadata. Every call goes through the access evaluator; writes run in one transaction with their
 * domain events (audit and other listeners).
 */
import {
  checkRecordRules,
  computeFields,
  issue,
  validateRecordInput,
  type Action,
  type Entity,
  type FilterTree,
  type Issue,
} from '@folyam/metamodel';
import type { Knex } from 'knex';
import { evaluateAccess, type AccessContext, type AccessDecision } from '../access/evaluator.ts';
import { recordHistory, type AuditEntry } from '../audit/audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { toDbDateTime, type Dialect } from '../db/connection.ts';
import { errors, FolyamError } from '../errors.ts';
import type { EventBus, RecordChanges } from '../events/bus.ts';
import { uuidv7 } from '../ids.ts';
import type { MetaStore, Snapshot } from '../meta/store.ts';
import { columnName, isStored, tableName } from '../schema/columns.ts';
import { isForeignKeyViolation, isUniqueViolation } from './db-errors.ts';
import { applyFilter, filterPaths } from './filter.ts';
import { PathScope } from './paths.ts';
import { missingTargets, readLinks, splitRelations, writeLinks } from './relations.ts';
import { recordToRow, rowToRecord, type ApiRecord } from './rows.ts';

export type ListQuery = {
  filter?: FilterTree;
  sort?: string;
  limit?: number;
  offset?: number;
  fields?: string[];
  q?: string;
};

export type RecordServiceDeps = {
  knex: Knex;
  dialect: Dialect;
  meta: MetaStore;
  events: EventBus;
  clock: Clock;
  departmentMembers: AccessContext['departmentMembers'];
};

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

const entityLabel = (e: Entity) => e.label;

export class RecordService {
  constructor(private readonly deps: RecordServiceDeps) {}

  async entity(name: string): Promise<{ entity: Entity; snapshot: Snapshot }> {
    const snapshot = await this.deps.meta.published();
    const entity = snapshot.entities.find((e) => e.name === name);
    if (!entity) {
      throw new FolyamError(404, 'UNKNOWN_ENTITY', { hu: `Ismeretlen entitás: ${name}.`, en: `Unknown entity: ${name}.` });
    }
    return { entity, snapshot };
  }

  /** The access decision for an action, denied access audited. */
  async decide(actor: Actor, entity: Entity, action: Action, snapshot: Snapshot): Promise<AccessDecision> {
    return evaluateAccess(actor, entity, action, { roles: snapshot.roles, departmentMembers: this.deps.departmentMembers });
  }

  private async require(actor: Actor, entity: Entity, action: Action, snapshot: Snapshot): Promise<AccessDecision> {
    const d = await this.decide(actor, entity, action, snapshot);
    if (!d.allowed) {
      await this.deps.knex('folyam_audit').insert({
        at: toDbDateTime(this.deps.clock.now()),
        actor_id: actor.id,
        actor_name: actor.username,
        action: 'denied',
        entity: entity.name,
        info: JSON.stringify({ action }),
      });
      throw errors.forbidden();
    }
    return d;
  }

  /** Refuses paths whose first step is a field the actor may not read; readable fields are not a side channel. */
  private checkReadable(paths: { path: string; where: string }[], d: AccessDecision): void {
    const bad = paths.find((p) => d.hidden.has(p.path.split('.')[0]));
    if (bad) throw errors.badRequest('FIELD_NOT_READABLE', bad.where, 'unknownField', { value: bad.path });
  }

  /**
   * The query over an entity's table with the filter, the actor's row constraint and the quick search applied.
   * `sortPaths` are resolved first, so every join they need is added once.
   */
  private baseQuery(entity: Entity, snapshot: Snapshot, d: AccessDecision, filter?: FilterTree, q?: string, sortPaths: string[] = []) {
    const scope = new PathScope(entity, snapshot.entities);
    const qb = this.deps.knex(`${tableName(entity)} as t`);
    if (filter) applyFilter(qb, scope, filter, 'filter');
    if (d.rowFilter) applyFilter(qb, scope, d.rowFilter, 'access');
    if (q !== undefined && q.trim() !== '') {
      const names = this.searchFields(entity).filter((n) => !d.hidden.has(n));
      const term = q.trim().slice(0, 200);
      if (names.length) applyFilter(qb, scope, { or: names.map((field) => ({ field, op: 'contains' as const, value: term })) }, 'q');
    }
    const sortColumns = sortPaths.map((p, i) => scope.resolve(p, `sort[${i}]`).column);
    scope.applyJoins(qb);
    return { qb, scope, sortColumns };
  }

  private searchFields(entity: Entity): string[] {
    if (entity.searchFields?.length) return entity.searchFields;
    const title = this.titleField(entity);
    return title ? [title] : [];
  }

  /** The field that names a record in lists and lookups. */
  titleField(entity: Entity): string | null {
    const named = entity.titleField && entity.fields.find((f) => f.name === entity.titleField);
    if (named && isStored(named)) return named.name;
    const text = entity.fields.find((f) => f.type === 'text' && isStored(f));
    return text?.name ?? null;
  }

  async list(actor: Actor, entityName: string, query: ListQuery): Promise<{ items: ApiRecord[]; total: number }> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, 'read', snapshot);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw errors.badRequest('INVALID_PAGE', 'limit', 'tooBig', { max: MAX_LIMIT });
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000_000) throw errors.badRequest('INVALID_PAGE', 'offset', 'tooSmall', { min: 0 });
    const fields = this.pickFields(entity, d, query.fields);
    const sort = this.parseSort(query.sort);
    this.checkReadable(
      [
        ...(query.filter ? filterPaths(query.filter).map((p) => ({ path: p, where: 'filter' })) : []),
        ...sort.map((s) => ({ path: s.path, where: 'sort' })),
      ],
      d,
    );
    const counted = this.baseQuery(entity, snapshot, d, query.filter, query.q);
    const countRow = await counted.qb.clearSelect().count({ n: '*' }).first();
    const total = Number(countRow?.n ?? 0);
    const page = this.baseQuery(entity, snapshot, d, query.filter, query.q, sort.map((s) => s.path));
    page.qb.select(this.selectColumns(entity, fields));
    sort.forEach((s, i) => page.qb.orderBy(page.sortColumns[i], s.dir));
    page.qb.orderBy('t.id', 'asc').limit(limit).offset(offset);
    const rows = total === 0 ? [] : await page.qb;
    const items = rows.map((r: Record<string, unknown>) => this.present(entity, r, d, fields));
    await this.addTitles(actor, entity, snapshot, items, fields);
    return { items, total };
  }

  async get(actor: Actor, entityName: string, id: string, action: Action = 'read'): Promise<ApiRecord> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, action, snapshot);
    const row = await this.findRow(entity, snapshot, d, id);
    const rec = this.present(entity, row, d);
    await this.addTitles(actor, entity, snapshot, [rec]);
    if (entity.relations?.length) Object.assign(rec, (await readLinks(this.deps.knex, entity, [id])).get(id));
    return rec;
  }

  private async findRow(entity: Entity, snapshot: Snapshot, d: AccessDecision, id: string, trx?: Knex): Promise<Record<string, unknown>> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw errors.notFound(entityLabel(entity));
    const { qb } = this.baseQuery(entity, snapshot, d);
    if (trx) qb.transacting(trx as Knex.Transaction);
    const row = await qb.select('t.*').where('t.id', id).first();
    if (!row) throw errors.notFound(entityLabel(entity));
    return row;
  }

  private pickFields(entity: Entity, d: AccessDecision, requested?: string[]): Set<string> {
    const all = entity.fields.map((f) => f.name).filter((n) => !d.hidden.has(n));
    if (!requested?.length) return new Set(all);
    requested.forEach((n, i) => {
      if (!entity.fields.some((f) => f.name === n) && !['id', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'].includes(n)) {
        throw errors.badRequest('UNKNOWN_FIELD', `fields[${i}]`, 'unknownField', { value: n });
      }
      if (d.hidden.has(n)) throw errors.badRequest('FIELD_NOT_READABLE', `fields[${i}]`, 'unknownField', { value: n });
    });
    return new Set(requested.filter((n) => all.includes(n)));
  }

  private selectColumns(entity: Entity, fields: Set<string>): string[] {
    const cols = ['t.id', 't.version', 't.created_at', 't.updated_at', 't.created_by', 't.updated_by', 't.owner_id'];
    for (const f of entity.fields) {
      if (!fields.has(f.name) && !(f.computed && !f.computed.stored)) continue;
      if (!isStored(f)) continue;
      cols.push(`t.${columnName(f)}`);
      if (f.type === 'money') cols.push(`t.${columnName(f)}_currency`);
    }
    // Virtual computed fields read other fields: fetch everything stored when any is asked for.
    if (entity.fields.some((f) => f.computed && !f.computed.stored && fields.has(f.name))) return ['t.*'];
    return cols;
  }

  parseSort(sort?: string): { path: string; dir: 'asc' | 'desc' }[] {
    if (!sort) return [];
    const parts = sort.split(',').map((s) => s.trim()).filter(Boolean);
    if (parts.length > 5) throw errors.badRequest('INVALID_SORT', 'sort', 'tooManyItems', { max: 5 });
    return parts.map((p, i) => {
      const desc = p.startsWith('-');
      const path = desc || p.startsWith('+') ? p.slice(1) : p;
      if (!/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){0,3}$/.test(path)) {
        throw errors.badRequest('INVALID_SORT', `sort[${i}]`, 'unknownField', { value: path });
      }
      return { path, dir: desc ? 'desc' : 'asc' };
    });
  }

  /** A row as the actor may see it: virtual computed fields evaluated, hidden fields removed. */
  private present(entity: Entity, row: Record<string, unknown>, d: AccessDecision, fields?: Set<string>): ApiRecord {
    const rec = rowToRecord(entity, row, fields);
    const virtual = computeFields(entity, rowToRecord(entity, row), 'virtual');
    for (const [k, v] of Object.entries(virtual)) if (!fields || fields.has(k)) rec[k] = v;
    for (const h of d.hidden) delete rec[h];
    return rec;
  }

  /** Adds `_titles`: the title of each referenced record the actor may read. */
  private async addTitles(actor: Actor, entity: Entity, snapshot: Snapshot, items: ApiRecord[], fields?: Set<string>): Promise<void> {
    for (const rec of items) rec._titles = {};
    for (const f of entity.fields) {
      if (f.type !== 'reference' || (fields && !fields.has(f.name))) continue;
      const ids = [...new Set(items.map((r) => r[f.name]).filter((v): v is string => typeof v === 'string'))];
      if (!ids.length) continue;
      const target = snapshot.entities.find((e) => e.name === f.target);
      if (!target) continue;
      const d = await this.decide(actor, target, 'read', snapshot);
      const title = this.titleField(target);
      if (!d.allowed || !title || d.hidden.has(title)) continue;
      const titleField = target.fields.find((x) => x.name === title)!;
      const { qb } = this.baseQuery(target, snapshot, d);
      const rows = await qb.select('t.id', `t.${columnName(titleField)} as title`).whereIn('t.id', ids);
      const byId = new Map(rows.map((r: { id: string; title: unknown }) => [r.id, r.title]));
      for (const rec of items) {
        const v = rec[f.name];
        if (typeof v === 'string' && byId.has(v)) (rec._titles as Record<string, unknown>)[f.name] = byId.get(v) ?? null;
      }
    }
  }

  /** Checks a write's values: mask, references that exist and are readable, unique values, rules. */
  private async checkWrite(
    actor: Actor,
    entity: Entity,
    snapshot: Snapshot,
    d: AccessDecision,
    input: Record<string, unknown>,
    merged: ApiRecord,
    selfId: string | null,
  ): Promise<void> {
    const issues: Issue[] = [];
    for (const key of Object.keys(input)) if (d.readOnly.has(key) || d.hidden.has(key)) issues.push(issue(key, 'readOnly'));
    if (issues.length) throw errors.validation(issues);
    issues.push(...checkRecordRules(entity, merged));
    for (const f of entity.fields) {
      const v = merged[f.name];
      if (f.type === 'reference' && f.name in input && typeof v === 'string') {
        const target = snapshot.entities.find((e) => e.name === f.target);
        if (!target) continue;
        const td = await this.decide(actor, target, 'read', snapshot);
        const { qb } = this.baseQuery(target, snapshot, td.allowed ? td : { ...td, rowFilter: { field: 'id', op: 'in', value: [] } });
        const found = await qb.select('t.id').where('t.id', v).first();
        if (!found) issues.push(issue(f.name, 'referenceMissing'));
      }
      if (f.unique && f.name in input && v !== null && v !== undefined && isStored(f)) {
        const q = this.deps.knex(tableName(entity)).where(columnName(f), v as string).select('id').first();
        if (selfId) q.whereNot('id', selfId);
        if (await q) issues.push(issue(f.name, 'unique'));
      }
    }
    if (issues.some((i) => i.code === 'unique')) {
      throw errors.conflict('UNIQUE_VIOLATION', { hu: 'Egy egyedi érték már foglalt.', en: 'A unique value is already taken.' }, issues);
    }
    if (issues.length) throw errors.validation(issues);
  }

  private mapWriteError(e: unknown, entity: Entity): never {
    if (e instanceof FolyamError) throw e;
    if (isUniqueViolation(e)) {
      const msg = String((e as Error).message);
      const f = entity.fields.find((x) => msg.includes(columnName(x)) || msg.includes(x.id.toLowerCase()));
      throw errors.conflict('UNIQUE_VIOLATION', { hu: 'Egy egyedi érték már foglalt.', en: 'A unique value is already taken.' }, f ? [issue(f.name, 'unique')] : []);
    }
    if (isForeignKeyViolation(e)) {
      throw errors.conflict('RECORD_REFERENCED', {
        hu: 'A rekordra más rekordok hivatkoznak, ezért nem törölhető vagy a hivatkozás érvénytelen.',
        en: 'Other records refer to this record, so it cannot be deleted, or a reference is not valid.',
      });
    }
    throw e;
  }

  /** Inside a write transaction: the written row must still be one the actor reaches, or the write is undone. */
  private async assertWithinScope(trx: Knex.Transaction, entity: Entity, snapshot: Snapshot, d: AccessDecision, id: string): Promise<void> {
    if (!d.rowFilter) return;
    const { qb } = this.baseQuery(entity, snapshot, d);
    const row = await qb.transacting(trx).select('t.id').where('t.id', id).first();
    if (!row) throw errors.forbidden();
  }

  async create(actor: Actor, entityName: string, input: unknown): Promise<ApiRecord> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, 'create', snapshot);
    const split = input && typeof input === 'object' && !Array.isArray(input) ? splitRelations(entity, input as Record<string, unknown>) : null;
    const { values, issues } = validateRecordInput(entity, split ? split.rest : input, { mode: 'create', allowSystem: actor.admin ? ['ownerId'] : [] });
    issues.push(...(split?.issues ?? []));
    if (split) issues.push(...(await missingTargets(this.deps.knex, entity, snapshot.entities, split.links)));
    if (issues.length) throw errors.validation(issues);
    const record: ApiRecord = { ...values };
    Object.assign(record, computeFields(entity, record, 'stored'));
    await this.checkWrite(actor, entity, snapshot, d, split?.rest ?? {}, record, null);
    const id = uuidv7();
    const now = toDbDateTime(this.deps.clock.now());
    const row = {
      ...recordToRow(entity, record),
      id,
      version: 1,
      created_at: now,
      updated_at: now,
      created_by: actor.id,
      updated_by: actor.id,
      owner_id: 'ownerId' in record ? record.ownerId : actor.via === 'system' ? null : actor.id,
    };
    try {
      await this.deps.knex.transaction(async (trx) => {
        await trx(tableName(entity)).insert(row);
        if (split?.links.size) await writeLinks(trx, entity, id, split.links);
        await this.assertWithinScope(trx, entity, snapshot, d, id);
        const after = rowToRecord(entity, row);
        await this.deps.events.emit(trx, { type: 'record.created', entity: entity.name, id, actor, after: stripSystem(after) });
      });
    } catch (e) {
      this.mapWriteError(e, entity);
    }
    return this.get(actor, entity.name, id);
  }

  /**
   * Updates fields of a record. `expectedVersion` comes from the body's `version` or an `If-Match` header; a stale
   * one changes nothing and answers 409 (412 for If-Match).
   */
  async update(
    actor: Actor,
    entityName: string,
    id: string,
    input: unknown,
    options: { ifMatch?: number } = {},
  ): Promise<ApiRecord> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, 'update', snapshot);
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw errors.validation([issue('', 'invalidType', { expected: 'object' })]);
    const { version, ...withLinks } = input as Record<string, unknown>;
    const split = splitRelations(entity, withLinks);
    const changes = split.rest;
    const expected = options.ifMatch ?? version;
    if (expected === undefined) throw errors.validation([issue('version', 'required')]);
    if (typeof expected !== 'number' || !Number.isInteger(expected)) throw errors.validation([issue('version', 'integer')]);
    const existingRow = await this.findRow(entity, snapshot, d, id);
    const { values, issues } = validateRecordInput(entity, changes, { mode: 'update', allowSystem: actor.admin ? ['ownerId'] : [] });
    issues.push(...split.issues, ...(await missingTargets(this.deps.knex, entity, snapshot.entities, split.links)));
    if (issues.length) throw errors.validation(issues);
    const before = rowToRecord(entity, existingRow);
    if (split.links.size) Object.assign(before, (await readLinks(this.deps.knex, entity, [id])).get(id));
    for (const [name, ids] of split.links) values[name] = ids;
    const merged: ApiRecord = { ...before, ...values };
    Object.assign(merged, computeFields(entity, merged, 'stored'));
    await this.checkWrite(actor, entity, snapshot, d, changes, merged, id);
    const diff: RecordChanges = {};
    for (const k of Object.keys(merged)) {
      if (['id', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'].includes(k)) continue;
      if (JSON.stringify(before[k] ?? null) !== JSON.stringify(merged[k] ?? null)) diff[k] = { before: before[k] ?? null, after: merged[k] ?? null };
    }
    const changedValues = Object.fromEntries(Object.keys(diff).map((k) => [k, merged[k]]));
    try {
      await this.deps.knex.transaction(async (trx) => {
        const n = await trx(tableName(entity))
          .where({ id, version: expected })
          .update({
            ...recordToRow(entity, changedValues),
            version: expected + 1,
            updated_at: toDbDateTime(this.deps.clock.now()),
            updated_by: actor.id,
          });
        if (n === 0) {
          const current = await trx(tableName(entity)).where({ id }).select('version').first();
          if (!current) throw errors.notFound(entityLabel(entity));
          throw options.ifMatch !== undefined ? errors.preconditionFailed(Number(current.version)) : errors.versionConflict(Number(current.version));
        }
        if (split.links.size) await writeLinks(trx, entity, id, split.links);
        await this.assertWithinScope(trx, entity, snapshot, d, id);
        if (Object.keys(diff).length) {
          await this.deps.events.emit(trx, {
            type: 'record.updated',
            entity: entity.name,
            id,
            actor,
            before: stripSystem(before),
            after: stripSystem(merged),
            changes: diff,
          });
        }
      });
    } catch (e) {
      this.mapWriteError(e, entity);
    }
    return this.get(actor, entity.name, id);
  }

  async remove(actor: Actor, entityName: string, id: string, options: { version?: number; ifMatch?: number } = {}): Promise<void> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, 'delete', snapshot);
    const row = await this.findRow(entity, snapshot, d, id);
    const expected = options.ifMatch ?? options.version;
    try {
      await this.deps.knex.transaction(async (trx) => {
        const q = trx(tableName(entity)).where({ id });
        if (expected !== undefined) q.where({ version: expected });
        const n = await q.delete();
        if (n === 0) {
          const current = await trx(tableName(entity)).where({ id }).select('version').first();
          if (!current) throw errors.notFound(entityLabel(entity));
          throw options.ifMatch !== undefined ? errors.preconditionFailed(Number(current.version)) : errors.versionConflict(Number(current.version));
        }
        await this.deps.events.emit(trx, { type: 'record.deleted', entity: entity.name, id, actor, before: stripSystem(rowToRecord(entity, row)) });
      });
    } catch (e) {
      this.mapWriteError(e, entity);
    }
  }

  /** The audit trail of a record, for actors who may read it; hidden fields are left out of the changes. */
  async history(actor: Actor, entityName: string, id: string): Promise<AuditEntry[]> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, 'read', snapshot);
    await this.findRow(entity, snapshot, d, id);
    const entries = await recordHistory(this.deps.knex, entity.name, id);
    for (const e of entries) if (e.changes) for (const h of d.hidden) delete e.changes[h];
    return entries;
  }
}

function stripSystem(rec: ApiRecord): ApiRecord {
  const { id: _id, version: _v, createdAt: _ca, updatedAt: _ua, createdBy: _cb, updatedBy: _ub, ...rest } = rec;
  return rest;
}
