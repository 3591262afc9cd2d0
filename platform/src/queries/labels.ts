/**
 * Labels of query paths, aggregates and filters in hu and en: column headers for run, print and export, and the
 * filter summary printed above a report. Pure; reads only metadata.
 */
import {
  localize,
  type AggregateFn,
  type EnumOption,
  type Entity,
  type Field,
  type FilterTree,
  type Locale,
  type LocalizedText,
} from '@folyam/metamodel';

const SYSTEM_LABELS: Record<string, LocalizedText> = {
  id: { hu: 'Azonosító', en: 'Id' },
  version: { hu: 'Verzió', en: 'Version' },
  createdAt: { hu: 'Létrehozva', en: 'Created' },
  updatedAt: { hu: 'Módosítva', en: 'Updated' },
  createdBy: { hu: 'Létrehozta', en: 'Created by' },
  updatedBy: { hu: 'Módosította', en: 'Updated by' },
  ownerId: { hu: 'Tulajdonos', en: 'Owner' },
};

export const FN_LABELS: Record<AggregateFn, LocalizedText> = {
  count: { hu: 'Darab', en: 'Count' },
  sum: { hu: 'Összeg', en: 'Sum' },
  avg: { hu: 'Átlag', en: 'Average' },
  min: { hu: 'Minimum', en: 'Minimum' },
  max: { hu: 'Maximum', en: 'Maximum' },
};

const join = (parts: LocalizedText[], sep: string): LocalizedText => ({
  hu: parts.map((p) => p.hu).join(sep),
  en: parts.map((p) => p.en).join(sep),
});

/** `pathLabel(entities, contact, 'company.name')` → `{ hu: 'Cég › Cégnév', en: 'Company › Company name' }`. */
export function pathLabel(entities: Entity[], root: Entity, path: string): LocalizedText {
  const parts: LocalizedText[] = [];
  let entity: Entity | undefined = root;
  const names = path.split('.');
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (!entity) break;
    const field: Field | undefined = entity.fields.find((f) => f.name === name);
    if (!field) {
      if (name === 'amount' && parts.length) parts.push({ hu: 'összeg', en: 'amount' });
      else if (name === 'currency' && parts.length) parts.push({ hu: 'pénznem', en: 'currency' });
      else parts.push(SYSTEM_LABELS[name] ?? { hu: name, en: name });
      break;
    }
    parts.push(field.label);
    entity = field.type === 'reference' ? entities.find((e) => e.name === field.target) : undefined;
  }
  return join(parts, ' › ');
}

/** `Összeg: Érték`, or `Darab` for a count of records. */
export function aggregateLabel(fn: AggregateFn, of: LocalizedText | null): LocalizedText {
  return of ? join([FN_LABELS[fn], of], ': ') : FN_LABELS[fn];
}

const OPS: Record<string, LocalizedText> = {
  eq: { hu: '=', en: '=' },
  ne: { hu: '≠', en: '≠' },
  lt: { hu: '<', en: '<' },
  lte: { hu: '≤', en: '≤' },
  gt: { hu: '>', en: '>' },
  gte: { hu: '≥', en: '≥' },
  between: { hu: 'között', en: 'between' },
  in: { hu: 'egyike:', en: 'is one of' },
  contains: { hu: 'tartalmazza:', en: 'contains' },
  startsWith: { hu: 'így kezdődik:', en: 'starts with' },
  isEmpty: { hu: 'üres', en: 'is empty' },
  isNotEmpty: { hu: 'nem üres', en: 'is not empty' },
};

function enumLabel(entities: Entity[], root: Entity, path: string, value: unknown, locale: Locale): string | null {
  let entity: Entity | undefined = root;
  const names = path.split('.');
  for (let i = 0; i < names.length && entity; i++) {
    const field: Field | undefined = entity.fields.find((f) => f.name === names[i]);
    if (!field) return null;
    if (i === names.length - 1) {
      if (field.type !== 'enum' && field.type !== 'multiEnum') return null;
      const o = field.options.find((x: EnumOption) => x.value === value);
      return o ? localize(o.label, locale) : null;
    }
    entity = field.type === 'reference' ? entities.find((e) => e.name === field.target) : undefined;
  }
  return null;
}

/** Names of users by id, for values of the system user columns (`ownerId = <id>` reads as a name). */
export type UserNames = Readonly<Record<string, string>>;
const USER_COLUMNS = new Set(['ownerId', 'createdBy', 'updatedBy']);

function valueText(
  entities: Entity[],
  root: Entity,
  path: string,
  v: unknown,
  locale: Locale,
  users: UserNames,
): string {
  if (v === null || v === undefined) return locale === 'hu' ? '(üres)' : '(empty)';
  if (USER_COLUMNS.has(path) && typeof v === 'string' && users[v]) return users[v];
  if (typeof v === 'boolean') return v ? (locale === 'hu' ? 'igen' : 'yes') : locale === 'hu' ? 'nem' : 'no';
  if (typeof v === 'number') return new Intl.NumberFormat(locale === 'hu' ? 'hu-HU' : 'en-GB').format(v);
  const label = enumLabel(entities, root, path, v, locale);
  return label ?? `„${String(v)}”`;
}

/**
 * A resolved filter as one line of text for a printed report:
 * `Állapot = Folyamatban és Kelt ≥ 2026. 01. 01.` / `Status = Open and Date ≥ 2026-01-01`.
 */
export function filterSummary(
  entities: Entity[],
  root: Entity,
  tree: FilterTree | null,
  locale: Locale,
  users: UserNames = {},
): string {
  if (!tree) return '';
  const and = locale === 'hu' ? ' és ' : ' and ';
  const or = locale === 'hu' ? ' vagy ' : ' or ';
  const walk = (t: FilterTree, nested: boolean): string => {
    if ('and' in t) {
      const s = t.and.map((x) => walk(x, true)).join(and);
      return nested && t.and.length > 1 ? `(${s})` : s;
    }
    if ('or' in t) {
      const s = t.or.map((x) => walk(x, true)).join(or);
      return nested && t.or.length > 1 ? `(${s})` : s;
    }
    if ('not' in t) return `${locale === 'hu' ? 'nem' : 'not'} (${walk(t.not, false)})`;
    const field = localize(pathLabel(entities, root, t.field), locale);
    const op = localize(OPS[t.op], locale);
    if (t.op === 'isEmpty' || t.op === 'isNotEmpty') return `${field} ${op}`;
    const values = Array.isArray(t.value) ? t.value : [t.value];
    const text = values.map((v) => valueText(entities, root, t.field, v, locale, users));
    if (t.op === 'between')
      return locale === 'hu'
        ? `${field} ${text[0]} és ${text[1]} között`
        : `${field} between ${text[0]} and ${text[1]}`;
    return `${field} ${op} ${text.join(', ')}`;
  };
  return walk(tree, false);
}
