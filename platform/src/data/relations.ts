/**
 * Many-to-many relations: a record's links live in a link table (`<entity>__<relation>`, columns left_id and
 * right_id). In the API a relation is an array of target ids under the relation's name.
 */
import { issue, type Entity, type Issue } from '@folyam/metamodel';
import type { Knex } from 'knex';
import { linkTableName, tableName } from '../schema/columns.ts';

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_LINKS = 1000;

/** Takes the relation keys out of an input, checking each is an array of ids. */
export function splitRelations(entity: Entity, input: Record<string, unknown>): { rest: Record<string, unknown>; links: Map<string, string[]>; issues: Issue[] } {
  const rest: Record<string, unknown> = { ...input };
  const links = new Map<string, string[]>();
  const issues: Issue[] = [];
  for (const r of entity.relations ?? []) {
    if (!(r.name in input)) continue;
    const v = input[r.name];
    delete rest[r.name];
    if (v === null) {
      links.set(r.name, []);
    } else if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !ID_RE.test(x))) {
      issues.push(issue(r.name, 'invalidType', { expected: 'array of ids' }));
    } else if (v.length > MAX_LINKS) {
      issues.push(issue(r.name, 'tooManyItems', { max: MAX_LINKS }));
    } else {
      links.set(r.name, [...new Set(v as string[])]);
    }
  }
  return { rest, links, issues };
}

/** Ids among `links` whose target record does not exist, as issues on the relation's path. */
export async function missingTargets(knex: Knex, entity: Entity, all: Entity[], links: Map<string, string[]>): Promise<Issue[]> {
  const out: Issue[] = [];
  for (const [name, ids] of links) {
    const r = entity.relations!.find((x) => x.name === name)!;
    const target = all.find((e) => e.name === r.target);
    if (!target || !ids.length) continue;
    const found = await knex(tableName(target)).whereIn('id', ids).select('id');
    if (found.length !== ids.length) out.push(issue(name, 'referenceMissing'));
  }
  return out;
}

/** Replaces the links of one record, inside the caller's transaction. */
export async function writeLinks(trx: Knex, entity: Entity, id: string, links: Map<string, string[]>): Promise<void> {
  for (const [name, ids] of links) {
    const table = linkTableName(entity, name);
    await trx(table).where({ left_id: id }).delete();
    for (let i = 0; i < ids.length; i += 500) {
      await trx(table).insert(ids.slice(i, i + 500).map((right) => ({ left_id: id, right_id: right })));
    }
  }
}

/** The linked ids of each record, by relation name. */
export async function readLinks(knex: Knex, entity: Entity, ids: string[]): Promise<Map<string, Record<string, string[]>>> {
  const out = new Map<string, Record<string, string[]>>(ids.map((id) => [id, {}]));
  for (const r of entity.relations ?? []) {
    for (const id of ids) out.get(id)![r.name] = [];
    if (!ids.length) continue;
    const rows = await knex(linkTableName(entity, r.name)).whereIn('left_id', ids).select('left_id', 'right_id').orderBy('right_id');
    for (const row of rows) out.get(row.left_id)?.[r.name].push(row.right_id);
  }
  return out;
}
