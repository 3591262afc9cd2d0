/** The query generator's endpoints: saved queries, run, print, export and its job. */
import type { QueryDefinition } from '@folyam/metamodel';
import { http, request } from '../../api/client.ts';
import type { Localized } from '../../api/types.ts';

export type Sharing = 'private' | 'roles' | 'everyone';

export type SavedQuery = {
  id: string;
  name: string;
  folder: string | null;
  ownerId: string;
  sharing: Sharing;
  roles: string[];
  definition: QueryDefinition;
  canEdit: boolean;
};

export type SavedQueryInput = Pick<SavedQuery, 'name' | 'folder' | 'sharing' | 'roles' | 'definition'>;

export type ResultColumn = {
  key: string;
  label: Localized;
  type: string;
  options?: { value: string; label: Localized }[];
  currency?: string;
  scale?: number;
  target?: string;
};

export type QueryResult = {
  columns: ResultColumn[];
  rows: Record<string, unknown>[];
  total: number;
  totals?: Record<string, unknown>;
};

/** An order chosen on the grid's headers, replacing the query's own (`undefined` keeps the query's order). */
export type SortOverride = { path: string; dir: 'asc' | 'desc' }[] | undefined;
const sortOf = (sort: SortOverride) => (sort?.length ? { sort } : {});

/** What to run: a definition being designed, or a saved query by id. */
export type QuerySource = { definition: QueryDefinition } | { id: string };
export type Params = Record<string, unknown>;

export type JobView = { id?: string; status: string; progress: number; downloadUrl?: string; error?: unknown };

export const queriesApi = {
  list: () => http.get<{ items: SavedQuery[] }>('/api/queries'),
  get: (id: string) => http.get<SavedQuery>(`/api/queries/${encodeURIComponent(id)}`),
  create: (input: SavedQueryInput) => http.post<SavedQuery>('/api/queries', input),
  update: (id: string, input: SavedQueryInput) => http.put<SavedQuery>(`/api/queries/${encodeURIComponent(id)}`, input),
  remove: (id: string) => http.delete<void>(`/api/queries/${encodeURIComponent(id)}`),
  duplicate: (id: string) => http.post<SavedQuery>(`/api/queries/${encodeURIComponent(id)}/duplicate`),
  run: (
    src: QuerySource,
    params: Params,
    limit: number,
    offset: number,
    opts: { sort?: SortOverride; signal?: AbortSignal } = {},
  ) =>
    request<QueryResult>('POST', '/api/queries/run', {
      body: { ...src, params, limit, offset, ...sortOf(opts.sort) },
      signal: opts.signal,
    }),
  export: (src: QuerySource, params: Params, format: 'xlsx' | 'csv', csvSeparator: ';' | ',', sort?: SortOverride) =>
    http.post<{ jobId: string; statusUrl: string }>('/api/queries/export', {
      ...src,
      params,
      format,
      csvSeparator,
      ...sortOf(sort),
    }),
  job: (statusUrl: string) => http.get<JobView>(statusUrl),
};

/** Params without empty values (an optional parameter left empty drops its conditions). */
export function filledParams(params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) out[k] = v;
  return out;
}
