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
  type FilterCondition,
  type FilterTree,
  type Issue,
} from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { AccessContextFactory } from '../access/context.ts';
import { evaluateAccess, type AccessDecision } from '../access/evaluator.ts';
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
import { applyFilter } from './filter.ts';
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
  /** The evaluator's view of the organisation and the shares, for the published roles. */
  access: AccessContextFactory;
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
    return evaluateAccess(actor, entity, action, this.deps.access(snapshot.roles));
  }

  /**
   * Writes a `denied` audit entry: an action the actor's roles do not grant, a record out of their reach, a field
   * they may not read or write. Outside any transaction, so the refusal is kept although the request fails.
   */
  async auditDenied(actor: Actor, entity: string | null, action: string, recordId: string | null, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.deps.knex('folyam_audit').insert({
      at: toDbDateTime(this.deps.clock.now()),
      actor_id: actor.id,
      actor_name: actor.username.slice(0, 64),
      action: 'denied',
      entity,
      record_id: recordId,
      info: JSON.stringify({ action, reason, ...extra }),
    });
  }

  private async require(actor: Actor, entity: Entity, action: Action, snapshot: Snapshot): Promise<AccessDecision> {
    const d = await this.decide(actor, entity, action, snapshot);
    if (!d.allowed) {
      await this.auditDenied(actor, entity.name, action, null, 'notGranted');
      throw errors.forbidden();
    }
    return d;
  }

  /**
   * Refuses filter and sort paths through anything the actor may not read: at every step the entity must be
   * readable and the field not hidden there (`company.taxNumber` needs company readable and taxNumber visible).
   * A filter naming a record by id through a reference (`company eq <id>`) must name one the actor may read —
   * otherwise a related list would be a way to probe someone else's record. Refusals are audited.
   */
  private async checkReadable(
    actor: Actor,
    entity: Entity,
    snapshot: Snapshot,
    d: AccessDecision,
    filter: FilterTree | undefined,
    sort: { path: string }[],
  ): Promise<Map<string, AccessDecision>> {
    const paths = [
      ...(filter ? conditionsWithPaths(filter, 'filter').map(({ condition, where }) => ({ path: condition.field, where: `${where}.field`, condition })) : []),
      ...sort.map((s, i) => ({ path: s.path, where: `sort[${i}]`, condition: null })),
    ];
    const decisions = new Map<string, AccessDecision>([[entity.name, d]]);
    const decisionOf = async (e: Entity) => {
      if (!decisions.has(e.name)) decisions.set(e.name, await this.decide(actor, e, 'read', snapshot));
      return decisions.get(e.name)!;
    };
    const refuse = async (p: { path: string; where: string }, reason: string) => {
      await this.auditDenied(actor, entity.name, 'read', null, reason, { path: p.path });
      throw errors.badRequest('FIELD_NOT_READABLE', p.where, 'unknownField', { value: p.path });
    };
    for (const p of paths) {
      let current = entity;
      const parts = p.path.split('.');
      for (let i = 0; i < parts.length; i++) {
        const cd = await decisionOf(current);
        if (!cd.allowed) await refuse(p, 'entityNotReadable');
        if (cd.hidden.has(parts[i])) await refuse(p, 'fieldHidden');
        const field = current.fields.find((f) => f.name === parts[i]);
        if (field?.type !== 'reference') break;
        const target = snapshot.entities.find((e) => e.name === field.target);
        if (!target) break;
        if (i === parts.length - 1) {
          // The last step names records of the target by id: each must be one the actor may read.
          const c = p.condition;
          const ids = c && (c.op === 'eq' || c.op === 'in') ? [c.value].flat().filter((v): v is string => typeof v === 'string') : [];
          if (!ids.length) break;
          const td = await decisionOf(target);
          if (td.allowed && !td.rowFilter) break;
          const existing = await this.deps.knex(tableName(target)).whereIn('id', ids).select('id');
          if (!existing.length) break;
          const readable = td.allowed ? await this.baseQuery(target, snapshot, td).qb.whereIn('t.id', ids).select('t.id') : [];
          if (readable.length < existing.length) {
            await this.auditDenied(actor, target.name, 'read', String(existing.find((r) => !readable.some((x: { id: string }) => x.id === r.id))?.id ?? ''), 'referenceNotReadable', { via: `${entity.name}.${p.path}` });
            throw errors.forbidden();
          }
          break;
        }
        current = target;
      }
    }
    return decisions;
  }

  /**
   * The query over an entity's table with the filter, the actor's row constraint and the quick search applied.
   * `sortPaths` are resolved first, so every join they need is added once. The caller's paths and the row
   * constraint join separately: a rule may read what the actor cannot, while the caller's paths into another
   * entity (`company.status`) see only records the actor may read there (`reach`), others as NULL.
   */
  private baseQuery(
    entity: Entity,
    snapshot: Snapshot,
    d: AccessDecision,
    filter?: FilterTree,
    q?: string,
    sortPaths: string[] = [],
    reach?: Map<string, AccessDecision>,
  ) {
    const scope = new PathScope(entity, snapshot.entities);
    const accessScope = new PathScope(entity, snapshot.entities, 'a');
    const qb = this.deps.knex(`${tableName(entity)} as t`);
    if (filter) applyFilter(qb, scope, filter, 'filter');
    if (d.rowFilter) applyFilter(qb, accessScope, d.rowFilter, 'access');
    if (q !== undefined && q.trim() !== '') {
      const names = this.searchFields(entity).filter((n) => !d.hidden.has(n));
      const term = q.trim().slice(0, 200);
      if (names.length) applyFilter(qb, scope, { or: names.map((field) => ({ field, op: 'contains' as const, value: term })) }, 'q');
    }
    const sortColumns = sortPaths.map((p, i) => scope.resolve(p, `sort[${i}]`).column);
    scope.applyJoins(qb, (target) => {
      const td = reach?.get(target.name);
      if (!td?.allowed) return td ? this.deps.knex(tableName(target)).select('id').whereRaw('1 = 0') : null;
      return td.rowFilter ? this.baseQuery(target, snapshot, td).qb.select('t.id') : null;
    });
    accessScope.applyJoins(qb);
    return { qb, scope, sortColumns };
  }

  /**
   * A subquery of the ids of an entity's records the actor may read, or `'all'` / `'none'`, for other paths (the
   * audit view) that must keep to the same row constraint. `hidden` is the actor's read mask on the entity.
   */
  async readableIds(actor: Actor, entity: Entity, snapshot: Snapshot): Promise<{ ids: Knex.QueryBuilder | 'all' | 'none'; hidden: Set<string> }> {
    const d = await this.decide(actor, entity, 'read', snapshot);
    if (!d.allowed) return { ids: 'none', hidden: d.hidden };
    if (!d.rowFilter) return { ids: 'all', hidden: d.hidden };
    return { ids: this.baseQuery(entity, snapshot, d).qb.select('t.id'), hidden: d.hidden };
  }

  /**
   * Which of `actors` may read one record, each through the access evaluator, no refusal audited: a check made on
   * others' behalf (whom a task about the record may be handed to). `null` when the entity or the record is gone,
   * so there is nothing left to guard.
   */
  async readers(actors: Actor[], entityName: string, id: string): Promise<Set<string> | null> {
    const snapshot = await this.deps.meta.published();
    const entity = snapshot.entities.find((e) => e.name === entityName);
    if (!entity || !(await this.rowById(entity, id))) return null;
    const readers = new Set<string>();
    for (const actor of actors) {
      const d = await this.decide(actor, entity, 'read', snapshot);
      if (!d.allowed) continue;
      if (!d.rowFilter || (await this.baseQuery(entity, snapshot, d).qb.select('t.id').where('t.id', id).first()))
        readers.add(actor.id);
    }
    return readers;
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
    const reach = await this.checkReadable(actor, entity, snapshot, d, query.filter, sort);
    const counted = this.baseQuery(entity, snapshot, d, query.filter, query.q, [], reach);
    const countRow = await counted.qb.clearSelect().count({ n: '*' }).first();
    const total = Number(countRow?.n ?? 0);
    const page = this.baseQuery(entity, snapshot, d, query.filter, query.q, sort.map((s) => s.path), reach);
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
    const row = await this.findRow(entity, snapshot, d, id, { actor, action });
    const rec = this.present(entity, row, d);
    await this.addTitles(actor, entity, snapshot, [rec]);
    if (entity.relations?.length) Object.assign(rec, await this.readableLinks(actor, entity, snapshot, id));
    return rec;
  }

  /**
   * The row of a record within the actor's reach for an action. A record that exists but is out of reach is a
   * refusal, audited: 403 when the actor may at least read it, else 404 (the same answer as for no record at all).
   */
  private readonly byIdSql = new Map<string, string>();

  /** `select t.* from <table> as t where t.id = ? limit ?`, compiled once per table. */
  private async rowById(entity: Entity, id: string): Promise<Record<string, unknown> | undefined> {
    const table = tableName(entity);
    let sql = this.byIdSql.get(table);
    if (!sql) {
      sql = this.deps.knex(`${table} as t`).select('t.*').where('t.id', '__id__').limit(1).toSQL().toNative().sql;
      this.byIdSql.set(table, sql);
    }
    const res = await this.deps.knex.raw(sql, [id, 1]);
    const rows = (this.deps.dialect === 'mysql' ? res[0] : res) as Record<string, unknown>[];
    return rows[0];
  }

  private async findRow(entity: Entity, snapshot: Snapshot, d: AccessDecision, id: string, by: { actor: Actor; action: Action }): Promise<Record<string, unknown>> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw errors.notFound(entityLabel(entity));
    // Without a row constraint the lookup is one primary-key read: skip the query builder.
    const row = d.rowFilter
      ? await this.baseQuery(entity, snapshot, d).qb.select('t.*').where('t.id', id).first()
      : await this.rowById(entity, id);
    if (row) return row;
    if (!d.rowFilter || !(await this.deps.knex(tableName(entity)).where({ id }).first('id'))) throw errors.notFound(entityLabel(entity));
    await this.auditDenied(by.actor, entity.name, by.action, id, 'outOfScope');
    if (by.action !== 'read') {
      const rd = await this.decide(by.actor, entity, 'read', snapshot);
      const readable = rd.allowed && (await this.baseQuery(entity, snapshot, rd).qb.select('t.id').where('t.id', id).first());
      if (readable) throw errors.forbidden();
    }
    throw errors.notFound(entityLabel(entity));
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
    if (entity.fields.some((f) => f.computed && !f.computed.stored)) {
      // Computed only from what the reader may see, so a formula cannot reveal a hidden field.
      const visible = rowToRecord(entity, row);
      for (const h of d.hidden) delete visible[h];
      const virtual = computeFields(entity, visible, 'virtual');
      for (const [k, v] of Object.entries(virtual)) if (!fields || fields.has(k)) rec[k] = v;
    }
    for (const h of d.hidden) delete rec[h];
    return rec;
  }

  /** A record's many-to-many links, keeping only the linked records the actor may read. */
  private async readableLinks(actor: Actor, entity: Entity, snapshot: Snapshot, id: string): Promise<Record<string, string[]>> {
    const links = (await readLinks(this.deps.knex, entity, [id])).get(id) ?? {};
    for (const r of entity.relations ?? []) {
      const ids = links[r.name] ?? [];
      const target = snapshot.entities.find((e) => e.name === r.target);
      if (!ids.length || !target) continue;
      const td = await this.decide(actor, target, 'read', snapshot);
      if (!td.allowed) {
        links[r.name] = [];
        continue;
      }
      if (!td.rowFilter) continue;
      const rows = await this.baseQuery(target, snapshot, td).qb.select('t.id').whereIn('t.id', ids);
      const readable = new Set(rows.map((x: { id: string }) => x.id));
      links[r.name] = ids.filter((x) => readable.has(x));
    }
    return links;
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

  /**
   * `ownerId` in a write: refused (and audited) unless the actor is an administrator or holds a permission with
   * `assignOwner`, and then the new owner must be within that permission's scope.
   */
  private async checkOwnerAssignment(actor: Actor, entity: Entity, d: AccessDecision, input: unknown, id: string | null = null): Promise<void> {
    if (!input || typeof input !== 'object' || !('ownerId' in input)) return;
    const owner = (input as Record<string, unknown>).ownerId;
    const allowed = d.owners === 'any' || (d.owners !== null && typeof owner === 'string' && d.owners.includes(owner));
    if (allowed) return;
    await this.auditDenied(actor, entity.name, id ? 'update' : 'create', id, 'ownerId', { ownerId: typeof owner === 'string' ? owner.slice(0, 64) : null });
    if (d.owners === null) throw errors.validation([issue('ownerId', 'readOnly')]);
    throw errors.validation([
      { path: 'ownerId', code: 'ownerOutOfScope', message: { hu: 'Ennek a felhasználónak nem adhatja át a rekordot.', en: 'You cannot hand this record over to that user.' } },
    ]);
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
    links?: Map<string, string[]>,
  ): Promise<void> {
    const issues: Issue[] = [];
    for (const key of Object.keys(input)) if (d.readOnly.has(key) || d.hidden.has(key)) issues.push(issue(key, 'readOnly'));
    if (issues.length) {
      await this.auditDenied(actor, entity.name, selfId ? 'update' : 'create', selfId, 'fieldReadOnly', { fields: issues.map((i) => i.path) });
      throw errors.validation(issues);
    }
    if ('ownerId' in input && typeof input.ownerId === 'string') {
      const owner = await this.deps.knex('folyam_users').where({ id: input.ownerId, disabled: false }).first('id');
      if (!owner) issues.push(issue('ownerId', 'referenceMissing'));
    }
    // Linked records, like referenced ones, must exist and be readable by the actor.
    for (const [name, ids] of links ?? []) {
      const target = snapshot.entities.find((e) => e.name === entity.relations?.find((r) => r.name === name)?.target);
      if (!target || !ids.length) continue;
      const td = await this.decide(actor, target, 'read', snapshot);
      const { qb } = this.baseQuery(target, snapshot, td.allowed ? td : { ...td, rowFilter: { field: 'id', op: 'in', value: [] } });
      const found = await qb.select('t.id').whereIn('t.id', ids);
      if (found.length !== ids.length) issues.push(issue(name, 'referenceMissing'));
    }
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
      // A file field may hold only a stored file the actor uploaded: knowing another file's id grants nothing.
      if (f.type === 'file' && f.name in input && typeof v === 'string') {
        const file = await this.deps.knex('folyam_files').where({ id: v }).first('created_by');
        if (!file || (!actor.admin && file.created_by !== actor.id)) issues.push(issue(f.name, 'referenceMissing'));
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
    await this.checkOwnerAssignment(actor, entity, d, split?.rest);
    const { values, issues } = validateRecordInput(entity, split ? split.rest : input, { mode: 'create', allowSystem: d.owners ? ['ownerId'] : [] });
    issues.push(...(split?.issues ?? []));
    if (split) issues.push(...(await missingTargets(this.deps.knex, entity, snapshot.entities, split.links)));
    if (issues.length) throw errors.validation(issues);
    const record: ApiRecord = { ...values };
    Object.assign(record, computeFields(entity, record, 'stored'));
    await this.checkWrite(actor, entity, snapshot, d, split?.rest ?? {}, record, null, split?.links);
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
      // The write landed outside the actor's reach (a rule or scope it no longer meets): undone, and audited.
      if (e instanceof FolyamError && e.code === 'FORBIDDEN') await this.auditDenied(actor, entity.name, 'create', null, 'resultOutOfScope');
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
    const existingRow = await this.findRow(entity, snapshot, d, id, { actor, action: 'update' });
    await this.checkOwnerAssignment(actor, entity, d, changes, id);
    const { values, issues } = validateRecordInput(entity, changes, { mode: 'update', allowSystem: d.owners ? ['ownerId'] : [] });
    issues.push(...split.issues, ...(await missingTargets(this.deps.knex, entity, snapshot.entities, split.links)));
    if (issues.length) throw errors.validation(issues);
    const before = rowToRecord(entity, existingRow);
    if (split.links.size) Object.assign(before, (await readLinks(this.deps.knex, entity, [id])).get(id));
    for (const [name, ids] of split.links) values[name] = ids;
    const merged: ApiRecord = { ...before, ...values };
    Object.assign(merged, computeFields(entity, merged, 'stored'));
    await this.checkWrite(actor, entity, snapshot, d, changes, merged, id, split.links);
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
      // The write landed outside the actor's reach (a rule or scope it no longer meets): undone, and audited.
      if (e instanceof FolyamError && e.code === 'FORBIDDEN') await this.auditDenied(actor, entity.name, 'update', id, 'resultOutOfScope');
      this.mapWriteError(e, entity);
    }
    return this.get(actor, entity.name, id);
  }

  async remove(actor: Actor, entityName: string, id: string, options: { version?: number; ifMatch?: number } = {}): Promise<void> {
    const { entity, snapshot } = await this.entity(entityName);
    const d = await this.require(actor, entity, 'delete', snapshot);
    const row = await this.findRow(entity, snapshot, d, id, { actor, action: 'delete' });
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
    await this.findRow(entity, snapshot, d, id, { actor, action: 'read' });
    const entries = await recordHistory(this.deps.knex, entity.name, id);
    for (const e of entries) if (e.changes) for (const h of d.hidden) delete e.changes[h];
    return entries;
  }
}

/** The conditions of a filter tree with the path of each (`filter.and[1]`), for error details. */
function conditionsWithPaths(tree: FilterTree, path: string): { condition: FilterCondition; where: string }[] {
  if ('and' in tree) return tree.and.flatMap((t, i) => conditionsWithPaths(t, `${path}.and[${i}]`));
  if ('or' in tree) return tree.or.flatMap((t, i) => conditionsWithPaths(t, `${path}.or[${i}]`));
  if ('not' in tree) return conditionsWithPaths(tree.not, `${path}.not`);
  return [{ condition: tree, where: path }];
}

function stripSystem(rec: ApiRecord): ApiRecord {
  const { id: _id, version: _v, createdAt: _ca, updatedAt: _ua, createdBy: _cb, updatedBy: _ub, ...rest } = rec;
  return rest;
}
