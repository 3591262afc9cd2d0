/**
 * One store per entity list: what the table shows (columns, sort, page, quick search, filter), remembered in
 * localStorage, and the page of records loaded for it.
 */
import type { Entity } from '@folyam/metamodel';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { dataApi } from '../../api/data.api.ts';
import { ApiError } from '../../api/client.ts';
import type { DataRecord } from '../../api/types.ts';
import { availableColumns, defaultColumns } from './columns.ts';
import { emptyDraft, toFilterTree, type FilterDraft } from './filter.ts';

export type SortItem = { key: string; order: 'asc' | 'desc' };

export type ListState = {
  columns: string[];
  sortBy: SortItem[];
  page: number;
  itemsPerPage: number;
  q: string;
  filter: FilterDraft;
};

const storageKey = (entity: string) => `folyam.list.${entity}`;

function readState(entity: string): Partial<ListState> {
  try {
    const raw = localStorage.getItem(storageKey(entity));
    return raw ? (JSON.parse(raw) as Partial<ListState>) : {};
  } catch {
    return {};
  }
}

/** `['name', '-createdAt']` for `sort=name,-createdAt`. */
export function sortParam(sortBy: SortItem[]): string[] {
  return sortBy.map((s) => (s.order === 'desc' ? `-${s.key}` : s.key));
}

function defineListStore(entityName: string) {
  return defineStore(`list/${entityName}`, () => {
    const saved = readState(entityName);
    const columns = ref<string[]>(Array.isArray(saved.columns) ? saved.columns : []);
    const sortBy = ref<SortItem[]>(Array.isArray(saved.sortBy) ? saved.sortBy : []);
    const page = ref(typeof saved.page === 'number' && saved.page > 0 ? saved.page : 1);
    const itemsPerPage = ref(typeof saved.itemsPerPage === 'number' ? saved.itemsPerPage : 25);
    const q = ref(typeof saved.q === 'string' ? saved.q : '');
    const filter = ref<FilterDraft>(saved.filter?.conditions ? saved.filter : emptyDraft());

    const items = ref<DataRecord[]>([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref<ApiError | null>(null);
    let controller: AbortController | null = null;

    watch(
      [columns, sortBy, page, itemsPerPage, q, filter],
      () => {
        const state: ListState = {
          columns: columns.value,
          sortBy: sortBy.value,
          page: page.value,
          itemsPerPage: itemsPerPage.value,
          q: q.value,
          filter: filter.value,
        };
        try {
          localStorage.setItem(storageKey(entityName), JSON.stringify(state));
        } catch {
          // storage full or unavailable: the list still works, it just forgets
        }
      },
      { deep: true },
    );

    /** Fills in the columns for an entity seen the first time, and drops columns whose fields are gone. */
    function init(entity: Entity, titleField: string | undefined): void {
      const available = availableColumns(entity);
      const kept = columns.value.filter((c) => available.includes(c));
      columns.value = kept.length ? kept : defaultColumns(entity, titleField);
      sortBy.value = sortBy.value.filter((s) => available.includes(s.key));
    }

    function resetColumns(entity: Entity, titleField: string | undefined): void {
      columns.value = defaultColumns(entity, titleField);
    }

    async function load(entity: Entity, titleField: string | undefined): Promise<void> {
      controller?.abort();
      controller = new AbortController();
      const mine = controller;
      loading.value = true;
      error.value = null;
      const fields = [...new Set([...(titleField ? [titleField] : []), ...columns.value])];
      try {
        const res = await dataApi.list(
          entity.name,
          {
            filter: toFilterTree(filter.value, entity),
            sort: sortParam(sortBy.value),
            limit: itemsPerPage.value,
            offset: (page.value - 1) * itemsPerPage.value,
            fields,
            q: q.value,
          },
          mine.signal,
        );
        items.value = res.items;
        total.value = res.total;
        // a remembered page past the end (records were deleted meanwhile): go back to the last page
        const lastPage = Math.max(1, Math.ceil(res.total / itemsPerPage.value));
        if (page.value > lastPage) page.value = lastPage;
      } catch (e) {
        if (mine.signal.aborted) return;
        items.value = [];
        total.value = 0;
        error.value = e instanceof ApiError ? e : null;
        if (!(e instanceof ApiError)) throw e;
      } finally {
        if (!mine.signal.aborted) loading.value = false;
      }
    }

    return { columns, sortBy, page, itemsPerPage, q, filter, items, total, loading, error, init, resetColumns, load };
  });
}

const definitions = new Map<string, ReturnType<typeof defineListStore>>();

/** The list store of one entity: `useEntityListStore('company')`. */
export function useEntityListStore(entityName: string) {
  let def = definitions.get(entityName);
  if (!def) definitions.set(entityName, (def = defineListStore(entityName)));
  return def();
}
