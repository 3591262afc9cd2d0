/**
 * `schemaDiff(published, draft)`: the DDL plan that turns the tables of the published entities into those of the
 * draft. Pure. Entities and fields are matched by their stable ids, so a rename is a rename, not a drop and an add.
 * Every step that can lose data is flagged; the runner refuses such a plan without an explicit confirmation.
 */
import type { Entity, LocalizedText } from '@folyam/metamodel';
import { entityColumns, indexName, linkTableName, tableName, type ColumnSpec, type ColumnType } from './columns.ts';

export type IndexSpec = { name: string; columns: string[]; unique: boolean };
export type ForeignKey = { column: string; refTable: string; onDelete: 'restrict' | 'setNull' | 'cascade' };

export type PlanStep = { description: LocalizedText; dataLoss: boolean } & (
  | { op: 'createTable'; table: string; columns: ColumnSpec[]; indexes: IndexSpec[] }
  | { op: 'renameTable'; from: string; to: string }
  | { op: 'dropTable'; table: string }
  | { op: 'addColumn'; table: string; column: ColumnSpec }
  | { op: 'renameColumn'; table: string; from: string; to: string }
  | { op: 'alterColumn'; table: string; column: ColumnSpec; from: ColumnType }
  | { op: 'dropColumn'; table: string; column: string }
  | { op: 'addIndex'; table: string; index: IndexSpec }
  | { op: 'dropIndex'; table: string; index: IndexSpec }
  | { op: 'addForeignKey'; table: string; foreignKey: ForeignKey }
  | { op: 'dropForeignKey'; table: string; foreignKey: ForeignKey }
  | { op: 'createLinkTable'; table: string; left: string; right: string }
  | { op: 'dropLinkTable'; table: string }
);

export type Plan = { steps: PlanStep[]; dataLoss: boolean };

/** Indexes a table needs: one per unique or indexed field, one per reference, and the entity's own indexes. */
export function desiredIndexes(entity: Entity, all: Entity[]): IndexSpec[] {
  const table = tableName(entity);
  const columns = entityColumns(entity, all);
  const colOf = (fieldName: string): string[] => {
    const f = entity.fields.find((x) => x.name === fieldName);
    return f ? columns.filter((c) => c.fieldId === f.id && c.part === 'value').map((c) => c.name) : [];
  };
  const out: IndexSpec[] = [];
  for (const f of entity.fields) {
    const cols = colOf(f.name);
    if (!cols.length) continue;
    const key = f.id.toLowerCase();
    if (f.unique) out.push({ name: indexName(table, `u_${key}`), columns: cols, unique: true });
    else if (f.indexed || f.type === 'reference')
      out.push({ name: indexName(table, key), columns: cols, unique: false });
  }
  for (const ix of entity.indexes ?? []) {
    const cols = ix.fields.flatMap(colOf);
    if (cols.length)
      out.push({ name: indexName(table, ix.id.toLowerCase()), columns: cols, unique: Boolean(ix.unique) });
  }
  return out;
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A type change that keeps every value as it is. */
export function isWidening(from: ColumnType, to: ColumnType): boolean {
  if (from.kind === 'string' && to.kind === 'string') return to.length >= from.length;
  if (to.kind === 'text') return from.kind !== 'boolean';
  if (from.kind === 'integer' && to.kind === 'decimal') return to.precision - to.scale >= 10;
  if (from.kind === 'decimal' && to.kind === 'decimal')
    return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  if (from.kind === 'boolean' && to.kind === 'integer') return true;
  if ((from.kind === 'date' || from.kind === 'datetime') && to.kind === 'string') return to.length >= 23;
  return false;
}

const t = (hu: string, en: string): LocalizedText => ({ hu, en });

function sortByReferences(entities: Entity[], all: Entity[]): Entity[] {
  const names = new Set(entities.map((e) => e.name));
  const out: Entity[] = [];
  const visiting = new Set<string>();
  const done = new Set<string>();
  const byName = new Map(all.map((e) => [e.name, e]));
  const visit = (e: Entity) => {
    if (done.has(e.name) || visiting.has(e.name)) return;
    visiting.add(e.name);
    for (const f of e.fields) {
      if (f.type === 'reference' && f.target !== e.name && names.has(f.target)) visit(byName.get(f.target)!);
    }
    visiting.delete(e.name);
    done.add(e.name);
    out.push(e);
  };
  entities.forEach(visit);
  return out;
}

export function schemaDiff(published: Entity[], draft: Entity[]): Plan {
  const steps: PlanStep[] = [];
  const oldById = new Map(published.map((e) => [e.id, e]));
  const newIds = new Set(draft.map((e) => e.id));
  const fkSteps: PlanStep[] = [];

  // Tables that go away first, then renames, so names are free for what comes.
  for (const e of published) {
    if (newIds.has(e.id)) continue;
    for (const r of e.relations ?? []) {
      const table = linkTableName(e, r.name);
      steps.push({
        op: 'dropLinkTable',
        table,
        dataLoss: true,
        description: t(`A(z) ${table} kapcsolótábla törlése`, `Drop link table ${table}`),
      });
    }
    const table = tableName(e);
    steps.push({
      op: 'dropTable',
      table,
      dataLoss: true,
      description: t(`A(z) ${table} tábla és minden adatának törlése`, `Drop table ${table} and all its data`),
    });
  }
  for (const e of draft) {
    const old = oldById.get(e.id);
    if (old && tableName(old) !== tableName(e)) {
      steps.push({
        op: 'renameTable',
        from: tableName(old),
        to: tableName(e),
        dataLoss: false,
        description: t(
          `A(z) ${tableName(old)} tábla átnevezése: ${tableName(e)}`,
          `Rename table ${tableName(old)} to ${tableName(e)}`,
        ),
      });
    }
  }

  const created = sortByReferences(
    draft.filter((e) => !oldById.has(e.id)),
    draft,
  );
  const createdNames = new Set<string>();
  for (const e of created) {
    const table = tableName(e);
    const columns = entityColumns(e, draft).map((c) => {
      // A reference to a table created later in a cycle gets its key afterwards.
      const target = c.references && draft.find((x) => tableName(x) === c.references!.table);
      const later = target && target.name !== e.name && !oldById.has(target.id) && !createdNames.has(target.name);
      if (later && c.references) {
        fkSteps.push({
          op: 'addForeignKey',
          table,
          foreignKey: { column: c.name, refTable: c.references.table, onDelete: c.references.onDelete },
          dataLoss: false,
          description: t(`Idegen kulcs: ${table}.${c.name}`, `Foreign key ${table}.${c.name}`),
        });
        return { ...c, references: undefined };
      }
      return c;
    });
    steps.push({
      op: 'createTable',
      table,
      columns,
      indexes: desiredIndexes(e, draft),
      dataLoss: false,
      description: t(`A(z) ${table} tábla létrehozása`, `Create table ${table}`),
    });
    createdNames.add(e.name);
  }

  for (const e of draft) {
    const old = oldById.get(e.id);
    if (!old) continue;
    const table = tableName(e);
    const oldCols = entityColumns(old, published);
    const newCols = entityColumns(e, draft);
    const key = (c: ColumnSpec) => `${c.fieldId}/${c.part}`;
    const oldByKey = new Map(oldCols.map((c) => [key(c), c]));
    const newKeys = new Set(newCols.map(key));
    const renamed = new Map<string, string>();
    const oldIndexes = desiredIndexes(old, published);
    const newIndexes = desiredIndexes(e, draft);
    const newIndexNames = new Set(newIndexes.map((i) => i.name));

    // Drop indexes and keys that change before touching their columns.
    for (const c of oldCols) {
      const n = newCols.find((x) => key(x) === key(c));
      const refChanged =
        c.references &&
        (!n ||
          !n.references ||
          n.references.table !== c.references.table ||
          n.references.onDelete !== c.references.onDelete ||
          n.name !== c.name);
      if (c.references && refChanged) {
        steps.push({
          op: 'dropForeignKey',
          table,
          foreignKey: { column: c.name, ...c.references, refTable: c.references.table },
          dataLoss: false,
          description: t(`Idegen kulcs törlése: ${table}.${c.name}`, `Drop foreign key ${table}.${c.name}`),
        });
      }
    }
    for (const c of newCols) {
      const o = oldByKey.get(key(c));
      if (o && o.name !== c.name) renamed.set(o.name, c.name);
    }
    for (const ix of oldIndexes) {
      const mapped = ix.columns.map((c) => renamed.get(c) ?? c);
      const keep = newIndexes.find(
        (n) => n.name === ix.name && n.unique === ix.unique && n.columns.join() === mapped.join(),
      );
      if (!keep || !newIndexNames.has(ix.name)) {
        steps.push({
          op: 'dropIndex',
          table,
          index: ix,
          dataLoss: false,
          description: t(`Index törlése: ${ix.name}`, `Drop index ${ix.name}`),
        });
      }
    }
    for (const c of oldCols) {
      if (!newKeys.has(key(c))) {
        steps.push({
          op: 'dropColumn',
          table,
          column: c.name,
          dataLoss: true,
          description: t(
            `A(z) ${table}.${c.name} oszlop és adatainak törlése`,
            `Drop column ${table}.${c.name} and its data`,
          ),
        });
      }
    }
    for (const c of newCols) {
      const o = oldByKey.get(key(c));
      if (!o) {
        steps.push({
          op: 'addColumn',
          table,
          column: c,
          dataLoss: false,
          description: t(`Új oszlop: ${table}.${c.name}`, `Add column ${table}.${c.name}`),
        });
        continue;
      }
      if (o.name !== c.name) {
        steps.push({
          op: 'renameColumn',
          table,
          from: o.name,
          to: c.name,
          dataLoss: false,
          description: t(
            `Oszlop átnevezése: ${table}.${o.name} → ${c.name}`,
            `Rename column ${table}.${o.name} to ${c.name}`,
          ),
        });
      }
      if (!sameType(o.type, c.type)) {
        const loss = !isWidening(o.type, c.type);
        steps.push({
          op: 'alterColumn',
          table,
          column: { ...c, references: undefined },
          from: o.type,
          dataLoss: loss,
          description: loss
            ? t(
                `A(z) ${table}.${c.name} típusának szűkítése: adatvesztéssel járhat`,
                `Narrow the type of ${table}.${c.name}: values may be lost`,
              )
            : t(`A(z) ${table}.${c.name} típusának bővítése`, `Widen the type of ${table}.${c.name}`),
        });
      }
      const refChanged =
        c.references &&
        (!o.references ||
          o.references.table !== c.references.table ||
          o.references.onDelete !== c.references.onDelete ||
          o.name !== c.name);
      if (c.references && refChanged) {
        fkSteps.push({
          op: 'addForeignKey',
          table,
          foreignKey: { column: c.name, refTable: c.references.table, onDelete: c.references.onDelete },
          dataLoss: false,
          description: t(
            `Idegen kulcs: ${table}.${c.name} → ${c.references.table}`,
            `Foreign key ${table}.${c.name} → ${c.references.table}`,
          ),
        });
      }
    }
    for (const ix of newIndexes) {
      const old = oldIndexes.find((o) => o.name === ix.name);
      const mapped = old?.columns.map((c) => renamed.get(c) ?? c);
      if (!old || old.unique !== ix.unique || mapped!.join() !== ix.columns.join()) {
        steps.push({
          op: 'addIndex',
          table,
          index: ix,
          dataLoss: false,
          description: t(`Index létrehozása: ${ix.name}`, `Create index ${ix.name}`),
        });
      }
    }
  }
  steps.push(...fkSteps);

  // Many-to-many link tables.
  for (const e of draft) {
    const old = oldById.get(e.id);
    for (const r of e.relations ?? []) {
      const oldRel = old?.relations?.find((x) => x.id === r.id);
      const target = draft.find((x) => x.name === r.target);
      if (!target) continue;
      const table = linkTableName(e, r.name);
      if (!oldRel) {
        steps.push({
          op: 'createLinkTable',
          table,
          left: tableName(e),
          right: tableName(target),
          dataLoss: false,
          description: t(`Kapcsolótábla létrehozása: ${table}`, `Create link table ${table}`),
        });
      } else if (old && linkTableName(old, oldRel.name) !== table) {
        steps.push({
          op: 'renameTable',
          from: linkTableName(old, oldRel.name),
          to: table,
          dataLoss: false,
          description: t(`Kapcsolótábla átnevezése: ${table}`, `Rename link table to ${table}`),
        });
      }
    }
    for (const r of old?.relations ?? []) {
      if (!(e.relations ?? []).some((x) => x.id === r.id)) {
        const table = linkTableName(old!, r.name);
        steps.push({
          op: 'dropLinkTable',
          table,
          dataLoss: true,
          description: t(`A(z) ${table} kapcsolótábla törlése`, `Drop link table ${table}`),
        });
      }
    }
  }
  return { steps, dataLoss: steps.some((s) => s.dataLoss) };
}
