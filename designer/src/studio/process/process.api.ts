/**
 * Process definitions as metadata (kind `process`, list `processes`): drafts saved and published through the
 * metadata API like entities and forms, plus what the properties panel offers to pick from (published roles,
 * forms and entities; work groups and users of the organisation).
 */
import type { LocalizedText, ProcessDefinition } from '@folyam/metamodel';
import { http } from '../../api/client.ts';
import type { FormMeta } from '../../api/meta.api.ts';
import { orgApi } from '../org/org.api.ts';

export type ProcessMeta = ProcessDefinition;

const one = (name: string) => `/api/meta/processes/${encodeURIComponent(name)}`;

export const processApi = {
  drafts: () => http.get<{ items: ProcessMeta[] }>('/api/meta/processes', { draft: 1 }),
  published: () => http.get<{ items: ProcessMeta[] }>('/api/meta/processes'),
  save: (name: string, body: ProcessMeta) => http.put<ProcessMeta>(one(name), body),
  remove: (name: string) => http.delete<unknown>(one(name)),
  roles: () => http.get<{ items: { name: string; label: LocalizedText }[] }>('/api/meta/roles'),
  forms: () => http.get<{ items: FormMeta[] }>('/api/meta/forms'),
  groups: orgApi.groups,
  users: orgApi.users,
};
