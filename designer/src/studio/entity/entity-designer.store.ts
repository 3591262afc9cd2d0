/**
 * The entity designer's state: the draft's entities, the one being edited (a working copy), and saving it into the
 * draft. New fields get a local id until their first save, when their stable id is made from the entity and the
 * field name (`project_dueDate`) — never to change again, renames included. The server's validation issues are
 * kept per input (see `issues.ts`).
 */
import type { Entity, Field, FieldType } from '@folyam/metamodel';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '../../api/client.ts';
import type { Localized } from '../../api/types.ts';
import { studioApi } from '../studio.api.ts';
import { useStudioStore } from '../studio.store.ts';
import { blankField } from './field-kinds.ts';
import { syncForm } from './form-sync.ts';
import { mapIssues, type IssueMap } from './issues.ts';
import { stableFieldId, toIdentifier, uniqueName } from './naming.ts';

export type NewEntityInput = { name: string; label: Localized; pluralLabel: Localized };

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Drops optional settings left empty in the inputs, so the draft holds no blanks the schema refuses. */
function tidy(f: Field): Field {
  const out = clone(f) as Field & Record<string, unknown>;
  for (const k of ['maxLength', 'minLength', 'min', 'max', 'scale', 'pattern', 'format', 'currency', 'onDelete']) {
    const v = out[k];
    if (v === '' || v === null || (typeof v === 'number' && Number.isNaN(v))) delete out[k];
  }
  for (const k of ['required', 'unique', 'indexed', 'readOnly', 'rich']) if (out[k] === false) delete out[k];
  if (out.description && !out.description.hu && !out.description.en) delete out.description;
  if (Array.isArray(out.currencies) && !out.currencies.length) delete out.currencies;
  if (Array.isArray(out.accept) && !out.accept.length) delete out.accept;
  return out;
}

export const useEntityDesignerStore = defineStore('studio-entities', () => {
  const entities = ref<Entity[]>([]);
  const published = ref<Entity[]>([]);
  const loading = ref(false);
  const loadError = ref(false);

  const working = ref<Entity | null>(null);
  const savedJson = ref('');
  const originalName = ref<string | null>(null);
  const pending = ref(new Set<string>());
  /** Fields whose technical name was typed by hand (it no longer follows the label). */
  const nameTouched = ref(new Set<string>());
  const issues = ref<IssueMap>({});
  const generalIssues = ref<Localized[]>([]);
  const saving = ref(false);
  const selected = ref<string | null>(null);
  let seq = 0;

  const dirty = computed(() => !!working.value && JSON.stringify(working.value) !== savedJson.value);
  const publishedEntity = computed(() => published.value.find((e) => e.id === working.value?.id));

  async function loadAll(): Promise<void> {
    loading.value = true;
    loadError.value = false;
    try {
      const [draft, live] = await Promise.all([studioApi.entities(), studioApi.publishedEntities()]);
      entities.value = draft.items;
      published.value = live.items;
    } catch {
      loadError.value = true;
    } finally {
      loading.value = false;
    }
  }

  /** Starts editing an entity of the draft; false when there is none by that name. */
  function open(name: string): boolean {
    const e = entities.value.find((x) => x.name === name);
    working.value = e ? clone(e) : null;
    savedJson.value = e ? JSON.stringify(working.value) : '';
    originalName.value = e ? name : null;
    pending.value = new Set();
    nameTouched.value = new Set();
    issues.value = {};
    generalIssues.value = [];
    selected.value = e?.fields[0]?.id ?? null;
    return !!e;
  }

  function close(): void {
    working.value = null;
    originalName.value = null;
  }

  const isNewField = (id: string) => pending.value.has(id) || !publishedEntity.value?.fields.some((f) => f.id === id);
  const isPendingField = (id: string) => pending.value.has(id);
  const isPublishedField = (id: string) => !!publishedEntity.value?.fields.some((f) => f.id === id);
  const publishedField = (id: string) => publishedEntity.value?.fields.find((f) => f.id === id);

  function fieldById(id: string): Field | undefined {
    return working.value?.fields.find((f) => f.id === id);
  }

  function addField(type: FieldType): Field | undefined {
    const e = working.value;
    if (!e) return undefined;
    const id = `new${++seq}_${Date.now().toString(36)}`;
    const field = blankField(type, { id, name: '', label: { hu: '', en: '' } });
    e.fields.push(field);
    pending.value.add(id);
    selected.value = id;
    return field;
  }

  /** The technical name follows the label of a new field until it is typed by hand. */
  function labelChanged(id: string): void {
    const f = fieldById(id);
    if (!f || !pending.value.has(id) || nameTouched.value.has(id)) return;
    const base = toIdentifier(f.label.en || f.label.hu);
    const others = working.value!.fields.filter((x) => x.id !== id).map((x) => x.name);
    f.name = base ? uniqueName(base, others) : '';
  }

  function changeType(id: string, type: FieldType): void {
    const e = working.value;
    const i = e?.fields.findIndex((f) => f.id === id) ?? -1;
    if (!e || i < 0) return;
    e.fields[i] = blankField(type, e.fields[i]);
  }

  function moveField(from: number, to: number): void {
    const list = working.value?.fields;
    if (!list || from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return;
    const [f] = list.splice(from, 1);
    list.splice(to, 0, f);
  }

  function removeField(id: string): void {
    const e = working.value;
    if (!e) return;
    const i = e.fields.findIndex((f) => f.id === id);
    if (i < 0) return;
    const [gone] = e.fields.splice(i, 1);
    if (e.titleField === gone.name) delete e.titleField;
    pending.value.delete(id);
    if (selected.value === id) selected.value = e.fields[Math.min(i, e.fields.length - 1)]?.id ?? null;
  }

  /** Saves the working copy into the draft. False (with issues on the inputs) when the server refuses it. */
  async function save(): Promise<boolean> {
    const e = working.value;
    if (!e || saving.value) return false;
    const localIds = e.fields.map((f) => f.id);
    const taken = new Set([...e.fields.map((f) => f.id), ...(e.removedFields ?? []).map((f) => f.id)]);
    const payload: Entity = { ...clone(e), fields: e.fields.map(tidy) };
    payload.fields.forEach((f) => {
      if (!pending.value.has(f.id)) return;
      taken.delete(f.id);
      f.id = stableFieldId(e.id, f.name, taken);
      taken.add(f.id);
    });
    if (!payload.titleField) delete payload.titleField;
    saving.value = true;
    issues.value = {};
    generalIssues.value = [];
    const before = entities.value.find((x) => x.id === e.id);
    try {
      const saved = await studioApi.saveEntity(originalName.value ?? e.name, payload);
      if (before) await followDesignedForm(before, saved);
      const selectedIndex = localIds.indexOf(selected.value ?? '');
      working.value = clone(saved);
      savedJson.value = JSON.stringify(working.value);
      originalName.value = saved.name;
      pending.value = new Set();
      nameTouched.value = new Set();
      selected.value = saved.fields[selectedIndex]?.id ?? saved.fields[0]?.id ?? null;
      const i = entities.value.findIndex((x) => x.id === saved.id);
      if (i >= 0) entities.value[i] = clone(saved);
      else entities.value.push(clone(saved));
      await useStudioStore().refresh();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.details.length) issues.value = mapIssues(err.details, localIds);
      else if (err instanceof ApiError)
        generalIssues.value = [err.body.messages ?? { hu: err.message, en: err.message }];
      else generalIssues.value = [{ hu: 'Váratlan hiba történt.', en: 'Something went wrong.' }];
      // show the first field with a problem
      const firstField = Object.keys(issues.value).find((k) => k.startsWith('field:'));
      if (firstField) selected.value = firstField.split(':')[1];
      return false;
    } finally {
      saving.value = false;
    }
  }

  /** A designed form of the entity keeps working after fields were renamed or removed (see `form-sync.ts`). */
  async function followDesignedForm(before: Entity, after: Entity): Promise<void> {
    try {
      const form = (await studioApi.forms()).items.find((f) => f.entity === before.name);
      const synced = form && syncForm(form, before, after);
      if (synced) await studioApi.saveForm(before.name, synced);
    } catch (err) {
      // the entity is saved; publishing will name what the form still lacks
      console.warn('the designed form could not follow the entity', err);
    }
  }

  /** Creates an entity in the draft, with a required `name` text field as its title. */
  async function create(input: NewEntityInput): Promise<Entity> {
    const entity: Entity = {
      id: input.name,
      name: input.name,
      label: input.label,
      pluralLabel: input.pluralLabel,
      titleField: 'name',
      fields: [
        { id: `${input.name}_name`, name: 'name', type: 'text', required: true, label: { hu: 'Név', en: 'Name' } },
      ],
    };
    const saved = await studioApi.saveEntity(input.name, entity);
    entities.value.push(clone(saved));
    await useStudioStore().refresh();
    return saved;
  }

  async function removeEntity(): Promise<void> {
    const name = originalName.value;
    if (!name) return;
    await studioApi.deleteEntity(name);
    entities.value = entities.value.filter((x) => x.name !== name);
    close();
    await useStudioStore().refresh();
  }

  return {
    entities,
    published,
    loading,
    loadError,
    working,
    originalName,
    issues,
    generalIssues,
    saving,
    selected,
    nameTouched,
    dirty,
    loadAll,
    open,
    close,
    isNewField,
    isPendingField,
    isPublishedField,
    publishedField,
    fieldById,
    addField,
    labelChanged,
    changeType,
    moveField,
    removeField,
    save,
    create,
    removeEntity,
  };
});
