/**
 * Validation of record values against an entity's fields. Pure, so the designer shows the same errors as the
 * server. Values are in API form: camelCase keys, money as `{ amount, currency }`, dates as `YYYY-MM-DD`.
 */
import type { Entity } from './entity.ts';
import { DEFAULT_CURRENCY, DEFAULT_TEXT_LENGTH, type Field } from './field.ts';
import { evalFeel, feelCondition } from './feel.ts';
import { FORMAT_VALIDATORS, isValidEmail, isValidPhone, isValidUrl } from './formats.ts';
import { issue, type Issue } from './issues.ts';
import { SYSTEM_FIELDS } from './names.ts';

export type Money = { amount: number; currency: string };
export type RecordValues = Record<string, unknown>;

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_JSON_BYTES = 65_536;

function isRealDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function checkRange(path: string, n: number, f: { min?: number; max?: number }, out: Issue[]): void {
  if (f.min !== undefined && n < f.min) out.push(issue(path, 'tooSmall', { min: f.min }));
  if (f.max !== undefined && n > f.max) out.push(issue(path, 'tooBig', { max: f.max }));
}

/** Checks and normalises one value; returns the normalised value (or undefined with issues pushed). */
export function normalizeValue(field: Field, value: unknown, path: string, out: Issue[]): unknown {
  const before = out.length;
  const fail = (code: string, params?: Record<string, unknown>) => {
    out.push(issue(path, code, params));
    return undefined;
  };
  switch (field.type) {
    case 'text':
    case 'longText': {
      if (typeof value !== 'string') return fail('invalidType', { expected: 'string' });
      const v = field.type === 'text' ? value.trim() : value;
      const max = field.maxLength ?? (field.type === 'text' ? DEFAULT_TEXT_LENGTH : undefined);
      if (max !== undefined && v.length > max) return fail('tooLong', { max });
      if (field.type === 'text') {
        if (field.minLength !== undefined && v.length < field.minLength)
          return fail('tooShort', { min: field.minLength });
        // Control characters never belong in a one-line text (they break CSV, mail headers and screens).
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f]/.test(v)) return fail('pattern');
        if (field.pattern && v !== '' && !new RegExp(field.pattern, 'u').test(v)) return fail('pattern');
        if (field.format && v !== '' && !FORMAT_VALIDATORS[field.format](v)) return fail(field.format);
      }
      return v;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('number');
      if (!Number.isInteger(value) || !Number.isSafeInteger(value)) return fail('integer');
      checkRange(path, value, field, out);
      return out.length > before ? undefined : value;
    case 'decimal':
    case 'percent': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('number');
      checkRange(path, value, field, out);
      if (Math.abs(value) >= 1e15) return fail('tooBig', { max: 1e15 });
      return out.length > before ? undefined : value;
    }
    case 'money': {
      const m: unknown =
        typeof value === 'number' ? { amount: value, currency: field.currency ?? DEFAULT_CURRENCY } : value;
      if (!m || typeof m !== 'object' || Array.isArray(m)) return fail('money');
      const { amount, currency, ...rest } = m as Record<string, unknown>;
      if (Object.keys(rest).length) return fail('unknownKey', { key: Object.keys(rest).join(', ') });
      if (typeof amount !== 'number' || !Number.isFinite(amount)) {
        out.push(issue(`${path}.amount`, 'number'));
        return undefined;
      }
      const cur = currency ?? field.currency ?? DEFAULT_CURRENCY;
      if (typeof cur !== 'string' || !/^[A-Z]{3}$/.test(cur) || (field.currencies && !field.currencies.includes(cur))) {
        out.push(issue(`${path}.currency`, 'currency'));
        return undefined;
      }
      checkRange(`${path}.amount`, amount, field, out);
      if (Math.abs(amount) >= 1e15) return fail('tooBig', { max: 1e15 });
      return out.length > before ? undefined : ({ amount, currency: cur } satisfies Money);
    }
    case 'boolean':
      if (typeof value !== 'boolean') return fail('boolean');
      return value;
    case 'date':
      if (typeof value !== 'string' || !isRealDate(value)) return fail('date');
      if (field.min && value < field.min) return fail('tooSmall', { min: field.min });
      if (field.max && value > field.max) return fail('tooBig', { max: field.max });
      return value;
    case 'datetime': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return fail('datetime');
      const t = new Date(value);
      if (Number.isNaN(t.getTime())) return fail('datetime');
      return t.toISOString();
    }
    case 'enum':
      if (typeof value !== 'string') return fail('invalidType', { expected: 'string' });
      if (!field.options.some((o) => o.value === value)) return fail('invalidOption', { value });
      return value;
    case 'multiEnum': {
      if (!Array.isArray(value)) return fail('invalidType', { expected: 'array' });
      const bad = value.find((v) => typeof v !== 'string' || !field.options.some((o) => o.value === v));
      if (bad !== undefined) return fail('invalidOption', { value: String(bad) });
      return [...new Set(value as string[])];
    }
    case 'email':
      if (typeof value !== 'string' || !isValidEmail(value.trim())) return fail('email');
      return value.trim();
    case 'phone':
      if (typeof value !== 'string' || !isValidPhone(value.trim())) return fail('phone');
      return value.trim();
    case 'url':
      if (typeof value !== 'string' || value.length > 2000 || !isValidUrl(value.trim())) return fail('url');
      return value.trim();
    case 'reference':
    case 'file':
      if (typeof value !== 'string' || !ID_RE.test(value)) return fail('reference');
      return value;
    case 'json': {
      const text = JSON.stringify(value);
      if (text === undefined) return fail('invalid');
      if (text.length > MAX_JSON_BYTES) return fail('tooLong', { max: MAX_JSON_BYTES });
      return value;
    }
  }
}

export type ValidateOptions = {
  mode: 'create' | 'update';
  /** Fields that may be written although they are system fields (e.g. `ownerId` for permitted actors). */
  allowSystem?: string[];
};

/**
 * Validates input for a create or an update. Returns the normalised values (only the keys given, plus defaults on
 * create) and the issues, each with the field's name as its path.
 */
export function validateRecordInput(
  entity: Entity,
  input: unknown,
  options: ValidateOptions,
): { values: RecordValues; issues: Issue[] } {
  const issues: Issue[] = [];
  const values: RecordValues = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { values, issues: [issue('', 'invalidType', { expected: 'object' })] };
  }
  const byName = new Map(entity.fields.map((f) => [f.name, f]));
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if ((SYSTEM_FIELDS as readonly string[]).includes(key)) {
      if (options.allowSystem?.includes(key)) {
        if (value !== null && (typeof value !== 'string' || !ID_RE.test(value))) issues.push(issue(key, 'reference'));
        else values[key] = value;
      } else issues.push(issue(key, 'readOnly'));
      continue;
    }
    const field = byName.get(key);
    if (!field) {
      issues.push(issue(key, 'unknownField', { value: key }));
      continue;
    }
    if (field.computed || field.readOnly) {
      issues.push(issue(key, 'readOnly'));
      continue;
    }
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0 && field.type === 'multiEnum')) {
      if (field.required) issues.push(issue(key, 'required'));
      else values[key] = field.type === 'multiEnum' ? [] : null;
      continue;
    }
    const v = normalizeValue(field, value, key, issues);
    if (v !== undefined) values[key] = v;
  }
  if (options.mode === 'create') {
    for (const field of entity.fields) {
      if (field.name in values || field.computed) continue;
      if (field.default !== undefined) {
        const v = normalizeValue(field, field.default, field.name, issues);
        if (v !== undefined) values[field.name] = v;
      } else if (field.required && !issues.some((i) => i.path === field.name)) {
        issues.push(issue(field.name, 'required'));
      }
    }
  }
  return { values, issues };
}

/** Evaluates computed fields on a record (stored ones before a write, virtual ones after a read). */
export function computeFields(entity: Entity, record: RecordValues, which: 'stored' | 'virtual'): RecordValues {
  const out: RecordValues = {};
  for (const f of entity.fields) {
    if (!f.computed || Boolean(f.computed.stored) !== (which === 'stored')) continue;
    try {
      out[f.name] = evalFeel(f.computed.expression, feelContext(record)) ?? null;
    } catch {
      out[f.name] = null;
    }
  }
  return out;
}

/** FEEL sees money as its amount, so `value * 2` works on a money field. */
function feelContext(record: RecordValues): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    ctx[k] = v && typeof v === 'object' && 'amount' in (v as object) ? (v as Money).amount : v;
  }
  return ctx;
}

/** Checks the entity's record rules against the whole record; a rule that cannot be evaluated fails. */
export function checkRecordRules(entity: Entity, record: RecordValues): Issue[] {
  const out: Issue[] = [];
  for (const rule of entity.rules ?? []) {
    let ok: boolean;
    try {
      ok = feelCondition(rule.when, feelContext(record));
    } catch {
      ok = false;
    }
    if (!ok) out.push({ path: rule.path ?? '', code: 'rule', message: rule.message });
  }
  return out;
}
