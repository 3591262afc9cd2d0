/**
 * The metadata store: published versions (whole snapshots, numbered, who and when, with the DDL plan they ran) and
 * a draft overlay of changed objects. The runtime reads the published snapshot; the Studio edits the draft.
 */
import type { Knex } from 'knex';
import {
  App,
  canonicalize,
  checkFormAgainstEntity,
  Form,
  validateForm,
  Entity,
  ProcessDefinition,
  Role,
  validateApp,
  validateEntities,
  validateEntity,
  validateProcessDefinition,
  validateRole,
  type Issue,
} from '@folyam/metamodel';
import type { Clock } from '../clock.ts';
import { toDbDateTime, fromDbDateTime, type Dialect } from '../db/connection.ts';
import { errors } from '../errors.ts';
import { applyPlan } from '../schema/apply.ts';
import { schemaDiff, type Plan } from '../schema/diff.ts';
import { checkProcessDefinition } from '../workflow/bpmn-check.ts';

export const META_KINDS = ['entity', 'role', 'app', 'form', 'process'] as const;
export type MetaKind = (typeof META_KINDS)[number];
export type MetaObject = Entity | Role | App | Form | ProcessDefinition;

export type Snapshot = {
  version: number;
  entities: Entity[];
  roles: Role[];
  apps: App[];
  forms: Form[];
  /** Process definitions; each published version keeps the BPMN its instances run on. */
  processes: ProcessDefinition[];
};
export type MetaChange = { kind: MetaKind; id: string; name: string; change: 'added' | 'removed' | 'changed' };
export type VersionInfo = { version: number; publishedAt: string; publishedBy: string | null; note: string | null };

const LIST_KEY = { entity: 'entities', role: 'roles', app: 'apps', form: 'forms', process: 'processes' } as const;

function emptySnapshot(): Snapshot {
  return { version: 0, entities: [], roles: [], apps: [], forms: [], processes: [] };
}

function validateObject(kind: MetaKind, body: unknown, entityNames: string[]) {
  if (kind === 'entity') return validateEntity(body, entityNames);
  if (kind === 'role') return validateRole(body);
  if (kind === 'form') return validateForm(body);
  if (kind === 'process') return validateProcessDefinition(body);
  return validateApp(body);
}

/** What changed between two snapshots, object by object (matched by stable id). */
export function metaDiff(before: Snapshot, after: Snapshot): MetaChange[] {
  const out: MetaChange[] = [];
  for (const kind of META_KINDS) {
    const key = LIST_KEY[kind];
    const a = new Map<string, MetaObject>(before[key].map((o: MetaObject) => [o.id, o]));
    const b = new Map<string, MetaObject>(after[key].map((o: MetaObject) => [o.id, o]));
    for (const [id, o] of b) {
      const old = a.get(id);
      if (!old) out.push({ kind, id, name: o.name, change: 'added' });
      else if (JSON.stringify(canonicalize(old)) !== JSON.stringify(canonicalize(o)))
        out.push({ kind, id, name: o.name, change: 'changed' });
    }
    for (const [id, o] of a) if (!b.has(id)) out.push({ kind, id, name: o.name, change: 'removed' });
  }
  return out;
}

export type MetaStoreOptions = { knex: Knex; dialect: Dialect; clock: Clock; refreshMs?: number };

export class MetaStore {
  private readonly knex: Knex;
  private readonly dialect: Dialect;
  private readonly clock: Clock;
  private readonly refreshMs: number;
  private cached: Snapshot = emptySnapshot();
  private checkedAt = -Infinity;
  private loading: Promise<Snapshot> | null = null;
  private readonly listeners = new Set<(s: Snapshot) => void>();

  constructor(options: MetaStoreOptions) {
    this.knex = options.knex;
    this.dialect = options.dialect;
    this.clock = options.clock;
    this.refreshMs = options.refreshMs ?? 1000;
  }

  /** Called with the new snapshot whenever a newer published version is seen. */
  onPublished(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The published snapshot. Other runtime nodes may publish, so the version number is re-read at most once per
   * `refreshMs`; the snapshot itself is loaded only when the number moved.
   */
  async published(): Promise<Snapshot> {
    const now = Date.now();
    if (now - this.checkedAt < this.refreshMs) return this.cached;
    if (!this.loading) {
      this.loading = this.refresh().finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  private async refresh(): Promise<Snapshot> {
    const row = await this.knex('folyam_meta_versions').max({ v: 'version' }).first();
    const latest = Number(row?.v ?? 0);
    this.checkedAt = Date.now();
    if (latest !== this.cached.version) {
      const snap = await this.loadVersion(latest);
      this.setCached(snap);
    }
    return this.cached;
  }

  private setCached(snap: Snapshot): void {
    const changed = snap.version !== this.cached.version;
    this.cached = snap;
    this.checkedAt = Date.now();
    if (changed) for (const l of this.listeners) l(snap);
  }

  async loadVersion(version: number): Promise<Snapshot> {
    if (version === 0) return emptySnapshot();
    const row = await this.knex('folyam_meta_versions').where({ version }).first();
    if (!row) throw errors.notFound({ hu: 'A metaadat-verzió', en: 'The metadata version' });
    const body = JSON.parse(row.snapshot) as Omit<Snapshot, 'version'>;
    return {
      version,
      entities: body.entities ?? [],
      roles: body.roles ?? [],
      apps: body.apps ?? [],
      forms: body.forms ?? [],
      processes: body.processes ?? [],
    };
  }

  /** What a published version changed against the one before it, and the DDL plan it ran. */
  async versionDiff(version: number): Promise<{ version: number; changes: MetaChange[]; plan: Plan | null }> {
    const after = await this.loadVersion(version);
    const before = await this.loadVersion(version - 1);
    const row = await this.knex('folyam_meta_versions').where({ version }).select('plan').first();
    return { version, changes: metaDiff(before, after), plan: row?.plan ? (JSON.parse(row.plan) as Plan) : null };
  }

  async versions(): Promise<VersionInfo[]> {
    const rows = await this.knex('folyam_meta_versions')
      .select('version', 'published_at', 'published_by', 'note')
      .orderBy('version', 'desc');
    return rows.map((r) => ({
      version: Number(r.version),
      publishedAt: fromDbDateTime(r.published_at)!,
      publishedBy: r.published_by,
      note: r.note,
    }));
  }

  /** The published snapshot with the draft's changes laid over it. */
  async draft(): Promise<Snapshot & { changed: MetaChange[] }> {
    const base = await this.refresh();
    const rows = await this.knex('folyam_meta_drafts').select('kind', 'meta_id', 'body', 'deleted');
    const out: Snapshot = {
      version: base.version,
      entities: [...base.entities],
      roles: [...base.roles],
      apps: [...base.apps],
      forms: [...base.forms],
      processes: [...base.processes],
    };
    for (const r of rows) {
      const key = LIST_KEY[r.kind as MetaKind];
      if (!key) continue;
      const list = out[key] as MetaObject[];
      const i = list.findIndex((o) => o.id === r.meta_id);
      if (r.deleted) {
        if (i >= 0) list.splice(i, 1);
      } else {
        const body = JSON.parse(r.body) as MetaObject;
        if (i >= 0) list[i] = body;
        else list.push(body);
      }
    }
    return { ...out, changed: metaDiff(base, out) };
  }

  /** Saves one object into the draft after validating it; returns its canonical form. */
  async saveDraft(kind: MetaKind, body: unknown, actorId: string | null): Promise<MetaObject> {
    const draft = await this.draft();
    const candidate = body as { id?: string; name?: string };
    const entityNames = [
      ...draft.entities.filter((e) => e.id !== candidate?.id).map((e) => e.name),
      String(candidate?.name ?? ''),
    ];
    const r = validateObject(kind, body, entityNames);
    if (!r.ok) throw errors.validation(r.issues);
    const obj = r.value as MetaObject;
    if (kind === 'form') {
      const formIssues = checkFormAgainstEntity(
        obj as Form,
        draft.entities.find((e) => e.name === (obj as Form).entity),
      );
      if (formIssues.length) throw errors.validation(formIssues);
    }
    if (kind === 'process') {
      const processIssues = await checkProcessDefinition(obj as ProcessDefinition, draft.entities);
      if (processIssues.length) throw errors.validation(processIssues);
    }
    const list = draft[LIST_KEY[kind]] as MetaObject[];
    const clash = list.find((o) => o.name === obj.name && o.id !== obj.id);
    if (clash)
      throw errors.validation([
        {
          path: 'name',
          code: 'duplicate',
          message: { hu: `A(z) ${obj.name} név már foglalt.`, en: `The name ${obj.name} is already taken.` },
        },
      ]);
    await this.writeDraftRow(kind, obj.id, obj.name, canonicalize(obj), false, actorId);
    return canonicalize(obj) as MetaObject;
  }

  async deleteDraft(kind: MetaKind, id: string, actorId: string | null): Promise<void> {
    const draft = await this.draft();
    const obj = (draft[LIST_KEY[kind]] as MetaObject[]).find((o) => o.id === id);
    if (!obj) throw errors.notFound();
    await this.writeDraftRow(kind, id, obj.name, null, true, actorId);
  }

  /** Throws away draft changes: all of them, or those of one object. */
  async discardDraft(kind?: MetaKind, id?: string): Promise<void> {
    let q = this.knex('folyam_meta_drafts');
    if (kind) q = q.where({ kind });
    if (id) q = q.where({ meta_id: id });
    await q.delete();
  }

  private async writeDraftRow(
    kind: MetaKind,
    id: string,
    name: string,
    body: unknown,
    deleted: boolean,
    actorId: string | null,
  ) {
    const row = {
      kind,
      meta_id: id,
      name,
      body: body === null ? null : JSON.stringify(body),
      deleted,
      updated_at: toDbDateTime(this.clock.now()),
      updated_by: actorId,
    };
    await this.knex('folyam_meta_drafts').insert(row).onConflict(['kind', 'meta_id']).merge();
  }

  /** Checks the whole draft: every object, and references across them. */
  validateSnapshot(s: Snapshot): Issue[] {
    const issues: Issue[] = [];
    const r = validateEntities(s.entities);
    if (!r.ok) issues.push(...r.issues);
    const entityNames = new Set(s.entities.map((e) => e.name));
    s.roles.forEach((role, i) => {
      const v = validateRole(role);
      if (!v.ok) issues.push(...v.issues.map((x) => ({ ...x, path: `roles[${i}].${x.path}` })));
      role.permissions?.forEach((p, j) => {
        if (p.entity !== '*' && !entityNames.has(p.entity)) {
          issues.push({
            path: `roles[${i}].permissions[${j}].entity`,
            code: 'unknownEntity',
            message: { hu: `Ismeretlen entitás: ${p.entity}.`, en: `Unknown entity: ${p.entity}.` },
          });
        }
      });
    });
    s.forms.forEach((form, i) => {
      const v = validateForm(form);
      if (!v.ok) issues.push(...v.issues.map((x) => ({ ...x, path: `forms[${i}].${x.path}` })));
      else
        issues.push(
          ...checkFormAgainstEntity(
            form,
            s.entities.find((e) => e.name === form.entity),
          ).map((x) => ({ ...x, path: `forms[${i}].${x.path}` })),
        );
    });
    s.apps.forEach((app, i) => {
      const v = validateApp(app);
      if (!v.ok) issues.push(...v.issues.map((x) => ({ ...x, path: `apps[${i}].${x.path}` })));
    });
    return issues;
  }

  /**
   * Publishes the draft: validates it, computes the DDL plan, and — unless `dryRun` — applies the plan and stores
   * the new version. A plan that loses data needs `confirmDataLoss`.
   */
  async publish(
    actorId: string | null,
    options: { dryRun?: boolean; confirmDataLoss?: boolean; note?: string } = {},
  ): Promise<{ plan: Plan; changes: MetaChange[]; applied: boolean; version: number }> {
    const published = await this.refresh();
    const draft = await this.draft();
    const issues = this.validateSnapshot(draft);
    for (const [i, p] of draft.processes.entries()) {
      const found = await checkProcessDefinition(p, draft.entities);
      issues.push(...found.map((x) => ({ ...x, path: `processes[${i}].${x.path}` })));
    }
    if (issues.length) throw errors.validation(issues);
    const plan = schemaDiff(published.entities, draft.entities);
    const changes = draft.changed;
    if (options.dryRun) return { plan, changes, applied: false, version: published.version };
    const version = published.version + 1;
    const snapshot = JSON.stringify(
      canonicalize({
        entities: draft.entities,
        roles: draft.roles,
        apps: draft.apps,
        forms: draft.forms,
        processes: draft.processes,
      }),
    );
    const record = async (k: Knex) => {
      await k('folyam_meta_versions').insert({
        version,
        snapshot,
        plan: JSON.stringify(plan),
        note: options.note ?? null,
        published_at: toDbDateTime(this.clock.now()),
        published_by: actorId,
      });
      await k('folyam_meta_drafts').delete();
    };
    if (this.dialect === 'sqlite') {
      // SQLite runs DDL inside transactions: the tables and the version land together or not at all.
      await this.knex.transaction(async (trx) => {
        await applyPlan(trx, this.dialect, plan, options);
        await record(trx);
      });
    } else {
      await applyPlan(this.knex, this.dialect, plan, options);
      await this.knex.transaction(record);
    }
    this.setCached({
      version,
      entities: draft.entities,
      roles: draft.roles,
      apps: draft.apps,
      forms: draft.forms,
      processes: draft.processes,
    });
    return { plan, changes, applied: true, version };
  }

  /** Loads objects straight into the draft, e.g. from a package on disk. Each is validated. */
  async importObjects(objects: { kind: MetaKind; body: unknown }[], actorId: string | null): Promise<void> {
    // Entities first so references between them resolve when each is checked.
    const names = objects.filter((o) => o.kind === 'entity').map((o) => String((o.body as { name?: unknown }).name));
    for (const o of objects) {
      const r = validateObject(o.kind, o.body, names);
      if (!r.ok)
        throw errors.validation(
          r.issues.map((x) => ({ ...x, path: `${o.kind}:${(o.body as { name?: string }).name}.${x.path}` })),
        );
      const obj = r.value as MetaObject;
      await this.writeDraftRow(o.kind, obj.id, obj.name, canonicalize(obj), false, actorId);
    }
  }
}
