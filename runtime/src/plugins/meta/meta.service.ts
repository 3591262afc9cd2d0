/**
 * The metadata API's logic. Administrators read and write drafts and publish; every signed-in user reads the
 * published entities they may read (hidden fields left out), which is what the workspace renders.
 */
import { errors, evaluateAccess, type Actor, type MetaKind, type Platform, type Snapshot } from '@folyam/platform';
import { defaultFormSchema, type Entity, type Form, type FormComponent, type MenuItem } from '@folyam/metamodel';

export const KIND_BY_PATH: Record<string, MetaKind> = {
  entities: 'entity',
  roles: 'role',
  apps: 'app',
  forms: 'form',
  processes: 'process',
};
const LIST = { entity: 'entities', role: 'roles', app: 'apps', form: 'forms', process: 'processes' } as const;

export function kindOf(path: string): MetaKind {
  const kind = KIND_BY_PATH[path];
  if (!kind) throw errors.notFound();
  return kind;
}

type EntityView = Entity & { access?: { create: boolean; update: boolean; delete: boolean; export: boolean } };

/** The published entities this actor may read, with hidden fields removed and what else they may do. */
export async function visibleEntities(platform: Platform, actor: Actor, snap: Snapshot): Promise<EntityView[]> {
  // Only the mask matters here, not which rows: no need to ask the organisation or the shares.
  const ctx = { roles: snap.roles, departmentMembers: async (a: Actor) => [a.id] };
  const out: EntityView[] = [];
  for (const e of snap.entities) {
    const read = await evaluateAccess(actor, e, 'read', ctx);
    if (!read.allowed) continue;
    const can = async (a: 'create' | 'update' | 'delete' | 'export') =>
      (await evaluateAccess(actor, e, a, ctx)).allowed;
    out.push({
      ...e,
      fields: e.fields
        .filter((f) => !read.hidden.has(f.name))
        .map((f) => (read.readOnly.has(f.name) ? { ...f, readOnly: true } : f)),
      // Nothing else in the metadata may name a hidden field either.
      titleField: e.titleField && !read.hidden.has(e.titleField) ? e.titleField : undefined,
      searchFields: e.searchFields?.filter((n) => !read.hidden.has(n)),
      indexes: e.indexes?.filter((ix) => ix.fields.every((n) => !read.hidden.has(n))),
      rules: e.rules?.filter((r) => ![...read.hidden].some((h) => new RegExp(`\\b${h}\\b`).test(r.when))),
      access: {
        create: await can('create'),
        update: await can('update'),
        delete: await can('delete'),
        export: await can('export'),
      },
    });
  }
  return out;
}

/** Drops the components bound to fields the reader cannot see. */
function withoutHidden(components: FormComponent[], visible: Set<string>): FormComponent[] {
  return components
    .filter((c) => !c.key || c.type === 'text' || visible.has(c.key))
    .map((c) => (c.components ? { ...c, components: withoutHidden(c.components, visible) } : c));
}

/**
 * One form per readable entity: the designed one, or the one generated from its fields (`generated: true`),
 * each without the components of fields the reader may not see. A form is named after its entity.
 */
export function visibleForms(forms: Form[], entities: EntityView[]): (Form & { generated?: boolean })[] {
  return entities.map((e) => {
    const designed = forms.find((f) => f.entity === e.name);
    const visible = new Set(e.fields.map((f) => f.name));
    if (designed)
      return {
        ...designed,
        schema: { ...designed.schema, components: withoutHidden(designed.schema.components, visible) },
      };
    return { id: `default_${e.id}`, name: e.name, entity: e.name, schema: defaultFormSchema(e), generated: true };
  });
}

/** Menus without the entries whose entity the actor cannot read. */
export function visibleMenu(items: MenuItem[], readable: Set<string>): MenuItem[] {
  return items
    .map((i) => ({ ...i, children: i.children ? visibleMenu(i.children, readable) : undefined }))
    .filter((i) => (i.entity ? readable.has(i.entity) : !i.children || i.children.length > 0));
}

export async function getObjects(platform: Platform, actor: Actor, kind: MetaKind, draft: boolean) {
  // Process definitions are read by users through /api/processes, which applies the start rights.
  if (draft || kind === 'role' || kind === 'process') {
    if (!actor.admin) throw errors.forbidden();
    const snap = draft ? await platform.meta.draft() : await platform.meta.published();
    return snap[LIST[kind]];
  }
  const snap = await platform.meta.published();
  const entities = await visibleEntities(platform, actor, snap);
  if (kind === 'entity') return entities;
  if (kind === 'form') return visibleForms(snap.forms, entities);
  const readable = new Set(entities.map((e) => e.name));
  return snap.apps.map((a) => ({ ...a, menu: visibleMenu(a.menu, readable) }));
}

export async function getObject(platform: Platform, actor: Actor, kind: MetaKind, name: string, draft: boolean) {
  const list = (await getObjects(platform, actor, kind, draft)) as { name: string }[];
  const found = list.find((o) => o.name === name);
  if (!found) throw errors.notFound();
  return found;
}

/**
 * Saves an object into the draft. The path names the object as it is now; a body with the same id and another
 * name renames it. A new object takes the path's name when the body has none.
 */
export async function putObject(
  platform: Platform,
  actor: Actor,
  kind: MetaKind,
  name: string,
  body: Record<string, unknown>,
) {
  if (!actor.admin) throw errors.forbidden();
  const draft = await platform.meta.draft();
  const existing = (draft[LIST[kind]] as { id: string; name: string }[]).find((o) => o.name === name);
  const candidate = { ...body, name: body.name ?? name, id: body.id ?? existing?.id };
  if (existing && candidate.id !== existing.id) {
    throw errors.badRequest('ID_MISMATCH', 'id', 'invalid');
  }
  return platform.meta.saveDraft(kind, candidate, actor.id);
}

export async function deleteObject(platform: Platform, actor: Actor, kind: MetaKind, name: string) {
  if (!actor.admin) throw errors.forbidden();
  const draft = await platform.meta.draft();
  const existing = (draft[LIST[kind]] as { id: string; name: string }[]).find((o) => o.name === name);
  if (!existing) throw errors.notFound();
  await platform.meta.deleteDraft(kind, existing.id, actor.id);
}

export async function publish(platform: Platform, actor: Actor, body: Record<string, unknown>) {
  if (!actor.admin) throw errors.forbidden();
  const result = await platform.meta.publish(actor.id, {
    dryRun: body.dryRun === true,
    confirmDataLoss: body.confirmDataLoss === true,
    note: typeof body.note === 'string' ? body.note.slice(0, 500) : undefined,
  });
  if (result.applied) {
    await platform.knex.transaction((trx) =>
      platform.events.emit(trx, { type: 'meta.published', actor, version: result.version, changes: result.changes }),
    );
  }
  return result;
}
