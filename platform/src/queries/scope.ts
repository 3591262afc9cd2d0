/**
 * Path resolution for the query compiler. Like the data API's PathScope, but every step is checked against the
 * actor's access: a hidden field anywhere on a path is refused (400 naming the path), an entity the actor may not
 * read cannot be reached, and a referenced entity is joined through its row constraint, so a company the actor may
 * not read shows as empty instead of leaking its fields. Identifiers come only from metadata.
 */
import type { Entity, FilterTree } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { AccessDecision } from '../access/evaluator.ts';
import { applyFilter } from '../data/filter.ts';
import { MAX_PATH_DEPTH, type ResolvedPath } from '../data/paths.ts';
import { errors } from '../errors.ts';
import { columnName, currencyColumnName, isStored, tableName } from '../schema/columns.ts';

const SYSTEM: Record<string, { column: string; kind: ResolvedPath['kind'] }> = {
  id: { column: 'id', kind: 'id' },
  version: { column: 'version', kind: 'systemInt' },
  createdAt: { column: 'created_at', kind: 'systemDateTime' },
  updatedAt: { column: 'updated_at', kind: 'systemDateTime' },
  createdBy: { column: 'created_by', kind: 'systemRef' },
  updatedBy: { column: 'updated_by', kind: 'systemRef' },
  ownerId: { column: 'owner_id', kind: 'systemRef' },
};

/** The access the compiler works with: a decision per entity, computed beforehand (the compiler is pure). */
export type AccessLookup = (entity: string) => AccessDecision;

type Join = { alias: string; target: Entity; on: string; rowFilter: FilterTree | null };

export type ScopeOptions = {
  knex: Knex;
  entities: Entity[];
  /** Alias of the scope's own table, and prefix of the aliases of its joins. */
  alias: string;
  joinPrefix: string;
  /** The decision for the scope's own entity. */
  decision: AccessDecision;
  /** Decisions for entities reached through references; absent for unchecked scopes (row constraints). */
  access?: AccessLookup;
};

export class QueryScope {
  readonly entity: Entity;
  readonly alias: string;
  private readonly byName: Map<string, Entity>;
  private readonly joins = new Map<string, Join>();

  constructor(
    entity: Entity,
    private readonly options: ScopeOptions,
  ) {
    this.entity = entity;
    this.alias = options.alias;
    this.byName = new Map(options.entities.map((e) => [e.name, e]));
  }

  entityNamed(name: string): Entity | undefined {
    return this.byName.get(name);
  }

  private get checked(): boolean {
    return this.options.access !== undefined;
  }

  /** Resolves a dotted path; `where` names the input it came from, for the 400 it raises. */
  resolve(path: string, where: string): ResolvedPath {
    const parts = path.split('.');
    if (parts.length > MAX_PATH_DEPTH || parts.some((p) => !/^[a-zA-Z][a-zA-Z0-9]*$/.test(p))) {
      throw errors.badRequest('UNKNOWN_FIELD', where, 'unknownField', { value: path });
    }
    let entity = this.entity;
    let decision = this.options.decision;
    let alias = this.alias;
    let prefix = '';
    const hiddenCheck = (name: string) => {
      if (this.checked && decision.hidden.has(name))
        throw errors.badRequest('FIELD_NOT_READABLE', where, 'notReadable', { value: path });
    };
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const last = i === parts.length - 1;
      const sys = SYSTEM[name];
      if (sys) {
        if (!last) break;
        hiddenCheck(name);
        return { path, column: `${alias}.${sys.column}`, kind: sys.kind };
      }
      const field = entity.fields.find((f) => f.name === name);
      if (!field || !isStored(field)) break;
      hiddenCheck(name);
      if (field.type === 'money' && i === parts.length - 2) {
        const sub = parts[i + 1];
        if (sub === 'amount') return { path, column: `${alias}.${columnName(field)}`, kind: 'money', field };
        if (sub === 'currency')
          return { path, column: `${alias}.${currencyColumnName(field)}`, kind: 'currency', field };
        break;
      }
      if (last) return { path, column: `${alias}.${columnName(field)}`, kind: field.type, field };
      if (field.type !== 'reference') break;
      const target = this.byName.get(field.target);
      if (!target) break;
      let rowFilter: FilterTree | null = null;
      if (this.options.access) {
        const d = this.options.access(target.name);
        if (!d.allowed) throw errors.badRequest('ENTITY_NOT_READABLE', where, 'notReadable', { value: path });
        decision = d;
        rowFilter = d.rowFilter;
      }
      prefix = prefix ? `${prefix}.${name}` : name;
      alias = this.join(prefix, alias, columnName(field), target, rowFilter);
      entity = target;
    }
    throw errors.badRequest('UNKNOWN_FIELD', where, 'unknownField', { value: path });
  }

  private join(
    prefix: string,
    fromAlias: string,
    fromColumn: string,
    target: Entity,
    rowFilter: FilterTree | null,
  ): string {
    const existing = this.joins.get(prefix);
    if (existing) return existing.alias;
    const alias = `${this.options.joinPrefix}${this.joins.size + 1}`;
    this.joins.set(prefix, { alias, target, on: `${fromAlias}.${fromColumn}`, rowFilter });
    return alias;
  }

  /**
   * Adds the left joins the resolved paths need. A referenced entity with a row constraint is joined as a derived
   * table holding only the rows the actor reaches (`left join (select t.* from company t where …) j1`).
   */
  applyJoins(qb: Knex.QueryBuilder): Knex.QueryBuilder {
    for (const j of this.joins.values()) {
      if (!j.rowFilter) {
        qb.leftJoin(`${tableName(j.target)} as ${j.alias}`, `${j.alias}.id`, j.on);
        continue;
      }
      const { knex, entities } = this.options;
      const inner = knex(`${tableName(j.target)} as t`).select('t.*');
      const scope = new QueryScope(j.target, { knex, entities, alias: 't', joinPrefix: 'a', decision: FULL_DECISION });
      applyFilter(inner, scope, j.rowFilter, 'access');
      scope.applyJoins(inner);
      qb.leftJoin(inner.as(j.alias), `${j.alias}.id`, j.on);
    }
    return qb;
  }
}

/** What unchecked scopes (row constraints written by administrators) resolve with. */
export const FULL_DECISION: AccessDecision = {
  allowed: true,
  rowFilter: null,
  hidden: new Set(),
  readOnly: new Set(),
} as AccessDecision;
