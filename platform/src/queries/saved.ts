/**
 * Saved queries (`folyam_queries`): a name, a folder, an owner, sharing (private, with roles, with everyone) and
 * the definition. Only the owner changes or deletes one; a shared query is visible by role or to everyone, and
 * running it still applies the runner's own access.
 */
import { issue, type Issue, type QueryDefinition } from '@folyam/metamodel';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { fromDbDateTime, toDbDateTime } from '../db/connection.ts';
import { errors } from '../errors.ts';
import { uuidv7 } from '../ids.ts';

export const SHARING = ['private', 'roles', 'everyone'] as const;
export type Sharing = (typeof SHARING)[number];

export type SavedQuery = {
  id: string;
  name: string;
  folder: string | null;
  ownerId: string;
  sharing: Sharing;
  roles: string[];
  definition: QueryDefinition;
  createdAt: string;
  updatedAt: string;
  /** Whether the asking actor may change or delete it (its owner). */
  canEdit: boolean;
};

export type SavedQueryInput = {
  name: string;
  folder: string | null;
  sharing: Sharing;
  roles: string[];
  definition: QueryDefinition;
};

const TABLE = 'folyam_queries';
const LABEL = { hu: 'A mentett lekérdezés', en: 'The saved query' };

function rowToQuery(r: Record<string, unknown>, actor: Actor): SavedQuery {
  return {
    id: String(r.id),
    name: String(r.name),
    folder: (r.folder as string) ?? null,
    ownerId: String(r.owner_id),
    sharing: r.sharing as Sharing,
    roles: JSON.parse(String(r.roles ?? '[]')),
    definition: JSON.parse(String(r.definition)),
    createdAt: fromDbDateTime(r.created_at)!,
    updatedAt: fromDbDateTime(r.updated_at)!,
    canEdit: String(r.owner_id) === actor.id,
  };
}

/**
 * Checks the metadata part of a save (name, folder, sharing, roles); the definition is checked by the caller,
 * which compiles it. `definition` is passed through untouched.
 */
export function parseSavedQueryInput(body: Record<string, unknown>, definition: QueryDefinition): SavedQueryInput {
  const issues: Issue[] = [];
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) issues.push(issue('name', 'required'));
  else if (name.length > 200) issues.push(issue('name', 'tooLong', { max: 200 }));
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f]/.test(name)) issues.push(issue('name', 'pattern'));
  let folder: string | null = null;
  if (body.folder !== undefined && body.folder !== null && body.folder !== '') {
    if (typeof body.folder !== 'string') issues.push(issue('folder', 'invalidType', { expected: 'string' }));
    else if (body.folder.trim().length > 200) issues.push(issue('folder', 'tooLong', { max: 200 }));
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f]/.test(body.folder)) issues.push(issue('folder', 'pattern'));
    else folder = body.folder.trim() || null;
  }
  const sharing = (body.sharing ?? 'private') as Sharing;
  if (!SHARING.includes(sharing)) issues.push(issue('sharing', 'invalidOption', { value: String(body.sharing) }));
  let roles: string[] = [];
  if (body.roles !== undefined) {
    if (
      !Array.isArray(body.roles) ||
      body.roles.length > 100 ||
      body.roles.some((r) => typeof r !== 'string' || !/^[a-z][a-zA-Z0-9]{0,47}$/.test(r))
    ) {
      issues.push(issue('roles', 'invalidType', { expected: 'array of role names' }));
    } else roles = [...new Set(body.roles as string[])];
  }
  if (sharing === 'roles' && !roles.length) issues.push(issue('roles', 'tooFewItems', { min: 1 }));
  if (issues.length) throw errors.validation(issues);
  return { name, folder, sharing, roles: sharing === 'roles' ? roles : [], definition };
}

export class SavedQueryStore {
  constructor(private readonly deps: { knex: Knex; clock: Clock }) {}

  /** What the actor sees: their own, those shared with everyone, and those shared with a role of theirs. */
  async list(actor: Actor): Promise<SavedQuery[]> {
    const rows = await this.deps
      .knex(TABLE)
      .where((w) => w.where('owner_id', actor.id).orWhere('sharing', 'everyone').orWhere('sharing', 'roles'))
      .orderBy([
        { column: 'folder', order: 'asc' },
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(5000);
    return rows.map((r) => rowToQuery(r, actor)).filter((q) => this.visible(actor, q));
  }

  private visible(actor: Actor, q: SavedQuery): boolean {
    return (
      q.ownerId === actor.id ||
      q.sharing === 'everyone' ||
      (q.sharing === 'roles' && q.roles.some((r) => actor.roles.includes(r)))
    );
  }

  /** A query the actor may see, or 404 (hiding that others exist). */
  async get(actor: Actor, id: string): Promise<SavedQuery> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw errors.notFound(LABEL);
    const row = await this.deps.knex(TABLE).where({ id }).first();
    const q = row ? rowToQuery(row, actor) : null;
    if (!q || !this.visible(actor, q)) throw errors.notFound(LABEL);
    return q;
  }

  async create(actor: Actor, input: SavedQueryInput): Promise<SavedQuery> {
    const now = toDbDateTime(this.deps.clock.now());
    const id = uuidv7();
    await this.deps.knex(TABLE).insert({
      id,
      name: input.name,
      folder: input.folder,
      owner_id: actor.id,
      sharing: input.sharing,
      roles: JSON.stringify(input.roles),
      definition: JSON.stringify(input.definition),
      created_at: now,
      updated_at: now,
    });
    return this.get(actor, id);
  }

  private async owned(actor: Actor, id: string): Promise<SavedQuery> {
    const q = await this.get(actor, id);
    if (!q.canEdit) throw errors.forbidden();
    return q;
  }

  async update(actor: Actor, id: string, input: SavedQueryInput): Promise<SavedQuery> {
    await this.owned(actor, id);
    await this.deps
      .knex(TABLE)
      .where({ id, owner_id: actor.id })
      .update({
        name: input.name,
        folder: input.folder,
        sharing: input.sharing,
        roles: JSON.stringify(input.roles),
        definition: JSON.stringify(input.definition),
        updated_at: toDbDateTime(this.deps.clock.now()),
      });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.owned(actor, id);
    await this.deps.knex(TABLE).where({ id, owner_id: actor.id }).delete();
  }

  /** A private copy owned by the actor: `Céges lista (másolat)` / `Company list (copy)`. */
  async duplicate(actor: Actor, id: string): Promise<SavedQuery> {
    const q = await this.get(actor, id);
    const suffix = actor.locale === 'en' ? ' (copy)' : ' (másolat)';
    return this.create(actor, {
      name: `${q.name.slice(0, 200 - suffix.length)}${suffix}`,
      folder: q.folder,
      sharing: 'private',
      roles: [],
      definition: q.definition,
    });
  }
}
