/**
 * The record being viewed or edited: loads it, keeps the draft, validates with the metamodel's own rules (loaded
 * lazily), saves only what changed with its version, and turns the server's answers into field errors, a stale
 * version conflict, or a message.
 */
import type { Entity, Field } from '@folyam/metamodel';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '../../api/client.ts';
import { dataApi } from '../../api/data.api.ts';
import type { ApiIssue, DataRecord, Localized } from '../../api/types.ts';

export type SaveOutcome = 'created' | 'saved' | 'unchanged' | 'invalid' | 'conflict' | 'error';

/** `revenue.amount` → `revenue`, `tags[1]` → `tags`. */
export function fieldOfPath(path: string): string {
  return path.split(/[.[]/)[0] ?? '';
}

function toLocalized(issue: ApiIssue): Localized {
  const raw = issue.message as unknown;
  if (raw && typeof raw === 'object') return raw as Localized;
  if (issue.messages) return issue.messages;
  const text = typeof raw === 'string' ? raw : issue.code;
  return { hu: text, en: text };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const editable = (f: Field) => !f.readOnly && !f.computed;

export const useRecordStore = defineStore('record', () => {
  const entity = ref<Entity | null>(null);
  const record = ref<DataRecord | null>(null);
  const draft = ref<Record<string, unknown>>({});
  /** Field errors in both locales, so a language switch re-renders them. */
  const fieldErrors = ref<Record<string, Localized[]>>({});
  /** Errors that belong to no field (record rules, permissions, a failed request). */
  const formErrors = ref<Localized[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  const conflict = ref(false);
  const notFound = ref(false);

  const isNew = computed(() => !record.value);

  /** Field values that differ from the loaded record (on a new record: everything filled in). */
  const changes = computed(() => {
    const out: Record<string, unknown> = {};
    const e = entity.value;
    if (!e) return out;
    for (const f of e.fields) {
      if (!editable(f) || !(f.name in draft.value)) continue;
      const v = draft.value[f.name];
      if (
        record.value
          ? !same(v, record.value[f.name])
          : v !== null && v !== undefined && !(Array.isArray(v) && !v.length)
      ) {
        out[f.name] = v;
      }
    }
    return out;
  });
  const dirty = computed(() => Object.keys(changes.value).length > 0);

  function clearErrors(): void {
    fieldErrors.value = {};
    formErrors.value = [];
  }

  function fill(r: DataRecord | null, prefill: Record<string, unknown> = {}): void {
    record.value = r;
    const values: Record<string, unknown> = {};
    for (const f of entity.value?.fields ?? []) {
      if (r) values[f.name] = r[f.name] ?? null;
      else if (f.name in prefill) values[f.name] = prefill[f.name];
      else if (f.default !== undefined) values[f.name] = f.default;
      else values[f.name] = f.type === 'multiEnum' ? [] : null;
    }
    draft.value = values;
  }

  /** Opens a record, or a new one (`id === 'new'`) with some fields pre-filled. */
  async function open(e: Entity, id: string, prefill: Record<string, unknown> = {}): Promise<void> {
    entity.value = e;
    clearErrors();
    conflict.value = false;
    notFound.value = false;
    if (id === 'new') return fill(null, prefill);
    if (record.value?.id === id && entity.value?.name === e.name && !dirty.value) return;
    loading.value = true;
    record.value = null;
    try {
      fill(await dataApi.get(e.name, id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) notFound.value = true;
      else addRequestError(err);
    } finally {
      loading.value = false;
    }
  }

  async function reload(): Promise<void> {
    const e = entity.value;
    const r = record.value;
    if (!e || !r) return;
    conflict.value = false;
    clearErrors();
    loading.value = true;
    try {
      fill(await dataApi.get(e.name, r.id));
    } catch (err) {
      addRequestError(err);
    } finally {
      loading.value = false;
    }
  }

  function setField(name: string, value: unknown): void {
    draft.value = { ...draft.value, [name]: value };
    if (fieldErrors.value[name]) {
      const { [name]: _gone, ...rest } = fieldErrors.value;
      fieldErrors.value = rest;
    }
  }

  function addIssues(issues: ApiIssue[]): void {
    const names = new Set(entity.value?.fields.map((f) => f.name));
    const byField: Record<string, Localized[]> = {};
    const general: Localized[] = [];
    for (const i of issues) {
      const name = fieldOfPath(i.path ?? '');
      if (names.has(name)) (byField[name] ??= []).push(toLocalized(i));
      else general.push(toLocalized(i));
    }
    fieldErrors.value = byField;
    formErrors.value = general;
  }

  function addRequestError(err: unknown): void {
    if (err instanceof ApiError) {
      formErrors.value = [err.body.messages ?? { hu: err.body.message, en: err.body.message }];
    } else {
      console.error(err);
      formErrors.value = [{ hu: 'Váratlan hiba történt.', en: 'Something went wrong.' }];
    }
  }

  /** The same checks the server runs, before anything is sent. */
  async function validate(values: Record<string, unknown>, mode: 'create' | 'update'): Promise<boolean> {
    const e = entity.value;
    if (!e) return false;
    const { validateRecordInput } = await import('@folyam/metamodel');
    const { issues } = validateRecordInput(e, values, { mode });
    if (!issues.length) return true;
    addIssues(issues.map((i) => ({ path: i.path, code: i.code, message: i.message })));
    return false;
  }

  async function save(): Promise<SaveOutcome> {
    const e = entity.value;
    if (!e || saving.value) return 'error';
    clearErrors();
    const values = changes.value;
    const creating = !record.value;
    if (!creating && !Object.keys(values).length) return 'unchanged';
    saving.value = true;
    try {
      if (!(await validate(values, creating ? 'create' : 'update'))) return 'invalid';
      const saved = creating
        ? await dataApi.create(e.name, values)
        : await dataApi.update(e.name, record.value!.id, record.value!.version, values);
      fill(saved);
      return creating ? 'created' : 'saved';
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && /VERSION/i.test(err.code)) {
        conflict.value = true;
        return 'conflict';
      }
      if (err instanceof ApiError && err.details.length) {
        addIssues(err.details);
        return 'invalid';
      }
      addRequestError(err);
      return 'error';
    } finally {
      saving.value = false;
    }
  }

  async function remove(): Promise<boolean> {
    const e = entity.value;
    const r = record.value;
    if (!e || !r) return false;
    clearErrors();
    saving.value = true;
    try {
      await dataApi.remove(e.name, r.id);
      record.value = null;
      draft.value = {};
      return true;
    } catch (err) {
      addRequestError(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return {
    entity,
    record,
    draft,
    fieldErrors,
    formErrors,
    loading,
    saving,
    conflict,
    notFound,
    isNew,
    changes,
    dirty,
    open,
    reload,
    setField,
    save,
    remove,
  };
});
