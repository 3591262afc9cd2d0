/**
 * Keeps a designed form in step with its entity: a designed form binds components by field *name*, so when the
 * entity designer saves renamed or removed fields (or a renamed entity), the draft's form follows — keys renamed
 * (FEEL conditions too, outside string literals), components of removed fields dropped.
 */
import type { Entity } from '@folyam/metamodel';
import type { FormMeta } from '../../api/meta.api.ts';
import type { SchemaComponent } from '../../forms/registry.ts';

export type FieldChanges = { renamed: Map<string, string>; removed: Set<string> };

export function fieldChanges(before: Entity, after: Entity): FieldChanges {
  const renamed = new Map<string, string>();
  const removed = new Set<string>();
  for (const f of before.fields) {
    const now = after.fields.find((x) => x.id === f.id);
    if (!now) removed.add(f.name);
    else if (now.name !== f.name) renamed.set(f.name, now.name);
  }
  return { renamed, removed };
}

/** `status != "status"` with status → state: `state != "status"` (names in string literals stay). */
export function renameInFeel(expression: string, renamed: Map<string, string>): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*/g, (token) =>
    token.startsWith('"') ? token : (renamed.get(token) ?? token),
  );
}

function patch(components: SchemaComponent[], changes: FieldChanges): SchemaComponent[] {
  return components
    .filter((c) => !(typeof c.key === 'string' && changes.removed.has(c.key)))
    .map((c) => {
      const out: SchemaComponent = { ...c };
      if (typeof c.key === 'string' && changes.renamed.has(c.key)) out.key = changes.renamed.get(c.key);
      const hide = (c.conditional as { hide?: unknown } | undefined)?.hide;
      if (typeof hide === 'string')
        out.conditional = { ...(c.conditional as object), hide: renameInFeel(hide, changes.renamed) };
      if (Array.isArray(c.components)) out.components = patch(c.components as SchemaComponent[], changes);
      return out;
    });
}

/** The form adjusted to the entity as saved, or null when nothing in it changes. */
export function syncForm(form: FormMeta, before: Entity, after: Entity): FormMeta | null {
  const changes = fieldChanges(before, after);
  const renamedEntity = before.name !== after.name;
  if (!changes.renamed.size && !changes.removed.size && !renamedEntity) return null;
  const components = patch(form.schema.components as SchemaComponent[], changes);
  const same = JSON.stringify(components) === JSON.stringify(form.schema.components);
  if (same && !renamedEntity) return null;
  return { ...form, name: after.name, entity: after.name, schema: { ...form.schema, components } };
}
