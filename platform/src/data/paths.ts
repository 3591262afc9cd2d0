/**
 * Resolves field paths (`name`, `company.name`, `value.currency`, `createdAt`) against the published entities, and
 * keeps the joins they need. Identifiers come only from metadata; nothing a user sends becomes SQL text.
 */
import type { Entity, Field } from '@folyam/metamodel';
import type { Knex } from 'knex';
import { columnName, currencyColumnName, isStored, tableName } from '../schema/columns.ts';
import { errors } from '../errors.ts';

/** What a path points at: its qualified column and the kind of value it holds. */
export type ResolvedPath = {
  path: string;
  column: string;
  kind: Field['type'] | 'id' | 'systemInt' | 'systemDateTime' | 'systemRef' | 'currency';
  field?: Field;
};

const SYSTEM: Record<string, { column: string; kind: ResolvedPath['kind'] }> = {
  id: { column: 'id', kind: 'id' },
  version: { column: 'version', kind: 'systemInt' },
  createdAt: { column: 'created_at', kind: 'systemDateTime' },
  updatedAt: { column: 'updated_at', kind: 'systemDateTime' },
  createdBy: { column: 'created_by', kind: 'systemRef' },
  updatedBy: { column: 'updated_by', kind: 'systemRef' },
  ownerId: { column: 'owner_id', kind: 'systemRef' },
};

export const MAX_PATH_DEPTH = 4;

type Join = { alias: string; table: string; on: string; target: Entity };

export class PathScope {
  readonly entity: Entity;
  readonly alias = 't';
  private readonly byName: Map<string, Entity>;
  private readonly joins = new Map<string, Join>();

  /** `aliasPrefix` keeps the joins of two scopes on one query apart (`j1…` for the caller's paths, `a1…` for rules). */
  constructor(entity: Entity, all: Entity[], private readonly aliasPrefix = 'j') {
    this.entity = entity;
    this.byName = new Map(all.map((e) => [e.name, e]));
  }

  entityNamed(name: string): Entity | undefined {
    return this.byName.get(name);
  }

  /**
   * Resolves a dotted path; `where` names the input it came from (e.g. `filter.and[0].field`) for the 400 it
   * raises when the path does not exist.
   */
  resolve(path: string, where: string): ResolvedPath {
    const parts = path.split('.');
    if (parts.length > MAX_PATH_DEPTH || parts.some((p) => !/^[a-zA-Z][a-zA-Z0-9]*$/.test(p))) {
      throw errors.badRequest('UNKNOWN_FIELD', where, 'unknownField', { value: path });
    }
    let entity = this.entity;
    let alias = this.alias;
    let prefix = '';
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const last = i === parts.length - 1;
      const sys = SYSTEM[name];
      if (sys) {
        if (!last) break;
        return { path, column: `${alias}.${sys.column}`, kind: sys.kind };
      }
      const field = entity.fields.find((f) => f.name === name);
      if (!field || !isStored(field)) break;
      if (field.type === 'money' && i === parts.length - 2) {
        const sub = parts[i + 1];
        if (sub === 'amount') return { path, column: `${alias}.${columnName(field)}`, kind: 'money', field };
        if (sub === 'currency') return { path, column: `${alias}.${currencyColumnName(field)}`, kind: 'currency', field };
        break;
      }
      if (last) return { path, column: `${alias}.${columnName(field)}`, kind: field.type, field };
      if (field.type !== 'reference') break;
      const target = this.byName.get(field.target);
      if (!target) break;
      prefix = prefix ? `${prefix}.${name}` : name;
      alias = this.join(prefix, alias, columnName(field), target);
      entity = target;
    }
    throw errors.badRequest('UNKNOWN_FIELD', where, 'unknownField', { value: path });
  }

  private join(prefix: string, fromAlias: string, fromColumn: string, target: Entity): string {
    const existing = this.joins.get(prefix);
    if (existing) return existing.alias;
    const alias = `${this.aliasPrefix}${this.joins.size + 1}`;
    this.joins.set(prefix, { alias, table: tableName(target), on: `${fromAlias}.${fromColumn}`, target });
    return alias;
  }

  /**
   * Adds the left joins the resolved paths need. `restrict` may give, per joined entity, a subquery of the ids a
   * joined row must be among — rows outside it join as NULL, so a path never reads a record out of reach.
   */
  applyJoins(qb: Knex.QueryBuilder, restrict?: (target: Entity) => Knex.QueryBuilder | null): Knex.QueryBuilder {
    for (const j of this.joins.values()) {
      const within = restrict?.(j.target) ?? null;
      if (!within) qb.leftJoin(`${j.table} as ${j.alias}`, `${j.alias}.id`, j.on);
      else qb.leftJoin(`${j.table} as ${j.alias}`, (on) => on.on(`${j.alias}.id`, '=', j.on).andOnIn(`${j.alias}.id`, within as never));
    }
    return qb;
  }

  hasJoins(): boolean {
    return this.joins.size > 0;
  }
}
