import { http } from './client.ts';
import type { DataRecord, HistoryEntry, ListQuery, ListResult } from './types.ts';

const base = (entity: string) => `/api/data/${encodeURIComponent(entity)}`;
const one = (entity: string, id: string) => `${base(entity)}/${encodeURIComponent(id)}`;

export const dataApi = {
  list: (entity: string, query: ListQuery = {}, signal?: AbortSignal) =>
    http.get<ListResult<DataRecord>>(
      base(entity),
      {
        filter: query.filter ? JSON.stringify(query.filter) : undefined,
        sort: query.sort?.length ? query.sort.join(',') : undefined,
        limit: query.limit,
        offset: query.offset,
        fields: query.fields?.length ? query.fields.join(',') : undefined,
        q: query.q?.trim() || undefined,
      },
      signal,
    ),
  get: (entity: string, id: string) => http.get<DataRecord>(one(entity, id)),
  create: (entity: string, values: Record<string, unknown>) => http.post<DataRecord>(base(entity), values),
  update: (entity: string, id: string, version: number, values: Record<string, unknown>) =>
    http.patch<DataRecord>(one(entity, id), { ...values, version }),
  remove: (entity: string, id: string) => http.delete<unknown>(one(entity, id)),
  history: (entity: string, id: string) => http.get<{ items: HistoryEntry[] }>(`${one(entity, id)}/history`),
};
