/**
 * Published metadata: apps (menus), entities and their forms, loaded once per session (and again after the Studio
 * publishes), with look-ups the screens need.
 */
import type { App, Entity, Field } from '@folyam/metamodel';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { metaApi, type FormMeta } from '../api/meta.api.ts';
import type { DataRecord } from '../api/types.ts';

export type ReferenceFrom = { entity: Entity; field: Extract<Field, { type: 'reference' }> };

export const useMetaStore = defineStore('meta', () => {
  const apps = ref<App[]>([]);
  const entities = ref<Entity[]>([]);
  const loaded = ref(false);
  /** Bumped on every (re)load, so screens can tell the metadata changed under them. */
  const revision = ref(0);
  let pending: Promise<void> | null = null;
  const forms = new Map<string, Promise<FormMeta>>();

  const byName = computed(() => new Map(entities.value.map((e) => [e.name, e])));

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= Promise.all([metaApi.apps(), metaApi.entities()])
      .then(([a, e]) => {
        apps.value = a.items;
        entities.value = e.items;
        forms.clear();
        loaded.value = true;
        revision.value++;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  /** The published form of an entity (cached until the metadata reloads). */
  function formOf(name: string): Promise<FormMeta> {
    let f = forms.get(name);
    if (!f) {
      f = metaApi.form(name);
      f.catch(() => forms.delete(name));
      forms.set(name, f);
    }
    return f;
  }

  function entity(name: string): Entity | undefined {
    return byName.value.get(name);
  }

  /** Reference fields of other entities (and of this one) that point at `name`: the related lists of a record. */
  function referencesTo(name: string): ReferenceFrom[] {
    const out: ReferenceFrom[] = [];
    for (const e of entities.value) {
      for (const f of e.fields) if (f.type === 'reference' && f.target === name) out.push({ entity: e, field: f });
    }
    return out;
  }

  /** The field whose value names a record: `titleField`, else a field called `name`, else the first text field. */
  function titleFieldOf(e: Entity): string | undefined {
    return (
      e.titleField ?? e.fields.find((f) => f.name === 'name')?.name ?? e.fields.find((f) => f.type === 'text')?.name
    );
  }

  function recordTitle(e: Entity, record: DataRecord | null | undefined): string {
    if (!record) return '';
    const key = titleFieldOf(e);
    const v = key ? record[key] : undefined;
    return v === null || v === undefined || v === '' ? String(record.id ?? '') : String(v);
  }

  function reset(): void {
    apps.value = [];
    entities.value = [];
    forms.clear();
    loaded.value = false;
  }

  return { apps, entities, loaded, revision, load, formOf, entity, referencesTo, titleFieldOf, recordTitle, reset };
});
