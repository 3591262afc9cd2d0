/**
 * Installing a metadata package and seeding its demo data. Demo data is written in bulk (chunks of 500 rows,
 * SQLite's limit for a compound insert) straight through the same row mapping the record service uses, so a
 * million companies load in minutes rather than hours; it is not audited, because nobody did it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { computeFields, type Entity } from '@folyam/metamodel';
import { generateCrmDemo, type CrmDemoOptions } from '../demo/index.ts';
import { toDbDateTime } from '../db/connection.ts';
import { uuidv7 } from '../ids.ts';
import type { Platform } from '../platform.ts';
import { recordToRow } from '../data/rows.ts';
import { linkTableName, tableName } from '../schema/columns.ts';
import { loadPackage } from './loader.ts';

/** Imports a package folder into the draft and publishes it. Returns the new metadata version. */
export async function installPackage(platform: Platform, dir: string, actorId: string | null): Promise<number> {
  const pkg = loadPackage(dir);
  await platform.meta.importObjects(pkg.objects, actorId);
  const result = await platform.meta.publish(actorId, { note: `${pkg.manifest.name} ${pkg.manifest.version}` });
  return result.version;
}

/** A demo company group: company k (in generation order) joins it when `k % every === offset`. */
export type DemoCompanyGroup = { name: string; description?: string; every: number; offset?: number };

export type DemoRecipe = Omit<CrmDemoOptions, 'idFactory' | 'ownerIds'> & { companyGroups?: DemoCompanyGroup[] };

export function readRecipe(dir: string): DemoRecipe | null {
  const pkg = loadPackage(dir);
  if (!pkg.manifest.demo) return null;
  return JSON.parse(fs.readFileSync(path.join(dir, pkg.manifest.demo), 'utf8')) as DemoRecipe;
}

const CHUNK = 500;

/** Writes demo records in bulk; children are flushed after their parents so foreign keys hold. */
export async function seedDemoData(
  platform: Platform,
  recipe: DemoRecipe,
  options: { ownerIds?: string[]; actorId?: string | null; onProgress?: (companies: number) => void } = {},
): Promise<Record<string, number>> {
  const snap = await platform.meta.published();
  const entities = new Map<string, Entity>(snap.entities.map((e) => [e.name, e]));
  const order = ['company', 'contact', 'balanceSheet', 'contract'];
  const buffers = new Map<string, Record<string, unknown>[]>(order.map((n) => [n, []]));
  const counts: Record<string, number> = {};
  const now = toDbDateTime(platform.clock.now());
  const actor = options.actorId ?? null;
  const hasStoredComputed = new Map([...entities].map(([n, e]) => [n, e.fields.some((f) => f.computed?.stored)]));

  const flush = async () => {
    await platform.knex.transaction(async (trx) => {
      for (const name of order) {
        const rows = buffers.get(name)!;
        for (let i = 0; i < rows.length; i += CHUNK)
          await trx(tableName(entities.get(name)!)).insert(rows.slice(i, i + CHUNK));
        rows.length = 0;
      }
      // Links after their companies.
      for (let i = 0; i < links.length; i += CHUNK) await trx(linkTable!).insert(links.slice(i, i + CHUNK));
      links.length = 0;
    });
  };

  // Company groups (for campaigns) come first, so companies can be linked to them as they are generated.
  const groups = demoGroups(entities, recipe.companyGroups ?? [], uuidv7);
  const links: Record<string, string>[] = [];
  if (groups.length) {
    const groupEntity = entities.get('companyGroup')!;
    await platform.knex(tableName(groupEntity)).insert(
      groups.map((g) => ({
        ...recordToRow(groupEntity, g.values),
        id: g.id,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: actor,
        updated_by: actor,
        owner_id: actor,
      })),
    );
    counts.companyGroup = groups.length;
  }
  const linkTable = groups.length ? linkTableName(entities.get('company')!, 'groups') : null;

  let companies = 0;
  for (const { entity: name, record } of generateCrmDemo({
    ...recipe,
    ownerIds: options.ownerIds,
    idFactory: () => uuidv7(),
  })) {
    const entity = entities.get(name);
    if (!entity) continue;
    const { id, ownerId, ...values } = record;
    if (hasStoredComputed.get(name)) Object.assign(values, computeFields(entity, values, 'stored'));
    buffers.get(name)!.push({
      ...recordToRow(entity, values),
      id,
      version: 1,
      created_at: now,
      updated_at: now,
      created_by: actor,
      updated_by: actor,
      owner_id: ownerId ?? actor,
    });
    counts[name] = (counts[name] ?? 0) + 1;
    if (name === 'company') {
      for (const g of groups) if (companies % g.every === g.offset) links.push({ left_id: String(id), right_id: g.id });
      companies++;
      if (buffers.get('company')!.length >= CHUNK) {
        await flush();
        options.onProgress?.(companies);
      }
    }
  }
  await flush();
  return counts;
}

/**
 * The recipe's company groups, when the metadata has a `companyGroup` entity and a company `groups` relation to it
 * (another package's recipe may name groups its metadata lacks: they are skipped).
 */
function demoGroups(
  entities: Map<string, Entity>,
  specs: DemoCompanyGroup[],
  idFactory: () => string,
): { id: string; values: Record<string, unknown>; every: number; offset: number }[] {
  const relation = entities.get('company')?.relations?.find((r) => r.name === 'groups');
  if (!entities.has('companyGroup') || relation?.kind !== 'manyToMany' || relation.target !== 'companyGroup') return [];
  return specs
    .filter((g) => Number.isInteger(g.every) && g.every > 0)
    .map((g) => ({
      id: idFactory(),
      values: { name: g.name, ...(g.description ? { description: g.description } : {}) },
      every: g.every,
      offset: Math.abs(Math.trunc(g.offset ?? 0)) % g.every,
    }));
}
