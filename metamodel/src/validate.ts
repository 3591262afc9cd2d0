/**
 * Validation of metadata: the zod shape, then what a shape cannot say (unique names and ids, references to
 * entities that exist, FEEL that parses). Every issue carries a JSON path and a message in hu and en.
 */
import { z } from 'zod';
import { App } from './app.ts';
import { Form } from './form.ts';
import { Entity } from './entity.ts';
import { feelSyntaxError } from './feel.ts';
import { fromZod, issue, type Issue } from './issues.ts';
import { RESERVED_TABLE_PREFIX, snakeCase, SYSTEM_FIELDS } from './names.ts';
import { Role } from './role.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function parse<T>(schema: z.ZodType<T>, input: unknown, prefix: PropertyKey[] = []): Result<T> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: fromZod(r.error, prefix) };
}

function duplicates(values: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return dup;
}

/**
 * Validates one entity. `knownEntities` lists the names references may point to (the entity itself included).
 * `validateEntity(json, ['company'])` → `{ ok: true, value }` or `{ ok: false, issues: [{ path: 'fields[1].name', … }] }`
 */
export function validateEntity(input: unknown, knownEntities?: string[]): Result<Entity> {
  const shape = parse(Entity, input);
  if (!shape.ok) return shape;
  const e = shape.value;
  const issues: Issue[] = [];
  if (e.name.toLowerCase().startsWith(RESERVED_TABLE_PREFIX.replace('_', '')))
    issues.push(issue('name', 'reserved', { value: e.name }));
  const names = e.fields.map((f) => f.name);
  const columns = e.fields.map((f) => snakeCase(f.name));
  const ids = [...e.fields, ...(e.removedFields ?? [])].map((f) => f.id);
  const dupNames = duplicates(names);
  const dupColumns = duplicates(columns);
  const dupIds = duplicates(ids);
  e.fields.forEach((f, i) => {
    if ((SYSTEM_FIELDS as readonly string[]).includes(f.name))
      issues.push(issue(`fields[${i}].name`, 'reserved', { value: f.name }));
    if (dupNames.has(f.name) || dupColumns.has(snakeCase(f.name)))
      issues.push(issue(`fields[${i}].name`, 'duplicate', { value: f.name }));
    if (dupIds.has(f.id)) issues.push(issue(`fields[${i}].id`, 'duplicate', { value: f.id }));
    if (f.type === 'reference' && knownEntities && !knownEntities.includes(f.target)) {
      issues.push(issue(`fields[${i}].target`, 'unknownEntity', { value: f.target }));
    }
    if (f.type === 'enum' || f.type === 'multiEnum') {
      const dupOpts = duplicates(f.options.map((o) => o.value));
      f.options.forEach((o, j) => {
        if (dupOpts.has(o.value))
          issues.push(issue(`fields[${i}].options[${j}].value`, 'duplicate', { value: o.value }));
      });
    }
    if (f.type === 'text' && f.pattern) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        issues.push(issue(`fields[${i}].pattern`, 'pattern'));
      }
    }
    if (f.computed) {
      const err = feelSyntaxError(f.computed.expression);
      if (err) issues.push(issue(`fields[${i}].computed.expression`, 'feel', { detail: err }));
    }
  });
  const fieldExists = (n: string) => names.includes(n);
  if (e.titleField && !fieldExists(e.titleField))
    issues.push(issue('titleField', 'unknownField', { value: e.titleField }));
  e.searchFields?.forEach((n, i) => {
    if (!fieldExists(n)) issues.push(issue(`searchFields[${i}]`, 'unknownField', { value: n }));
  });
  const indexIds = duplicates((e.indexes ?? []).map((x) => x.id));
  e.indexes?.forEach((x, i) => {
    if (indexIds.has(x.id)) issues.push(issue(`indexes[${i}].id`, 'duplicate', { value: x.id }));
    x.fields.forEach((n, j) => {
      if (!fieldExists(n)) issues.push(issue(`indexes[${i}].fields[${j}]`, 'unknownField', { value: n }));
    });
  });
  e.relations?.forEach((r, i) => {
    if (names.includes(r.name)) issues.push(issue(`relations[${i}].name`, 'duplicate', { value: r.name }));
    if (knownEntities && !knownEntities.includes(r.target))
      issues.push(issue(`relations[${i}].target`, 'unknownEntity', { value: r.target }));
  });
  e.rules?.forEach((r, i) => {
    const err = feelSyntaxError(r.when);
    if (err) issues.push(issue(`rules[${i}].when`, 'feel', { detail: err }));
  });
  return issues.length ? { ok: false, issues } : { ok: true, value: e };
}

export function validateRole(input: unknown): Result<Role> {
  return parse(Role, input);
}

export function validateForm(input: unknown): Result<Form> {
  return parse(Form, input);
}

export function validateApp(input: unknown): Result<App> {
  return parse(App, input);
}

/** Validates a set of entities together, so references are checked against the set. */
export function validateEntities(inputs: unknown[]): Result<Entity[]> {
  const names = inputs.map((x) => (x && typeof x === 'object' ? String((x as { name?: unknown }).name) : ''));
  const issues: Issue[] = [];
  const out: Entity[] = [];
  inputs.forEach((input, i) => {
    const r = validateEntity(input, names);
    if (r.ok) out.push(r.value);
    else issues.push(...r.issues.map((x) => ({ ...x, path: `entities[${i}]${x.path ? '.' + x.path : ''}` })));
  });
  duplicates(names).forEach((n) => issues.push(issue('entities', 'duplicate', { value: n })));
  return issues.length ? { ok: false, issues } : { ok: true, value: out };
}
