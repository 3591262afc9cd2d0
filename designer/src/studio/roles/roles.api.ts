/** Roles as metadata: the draft's roles, saving one into the draft, deleting one from it. */
import type { Role } from '@folyam/metamodel';
import { http } from '../../api/client.ts';

const one = (name: string) => `/api/meta/roles/${encodeURIComponent(name)}`;

export const rolesApi = {
  draft: () => http.get<{ items: Role[] }>('/api/meta/roles', { draft: 1 }),
  save: (name: string, body: Role) => http.put<Role>(one(name), body),
  remove: (name: string) => http.delete<unknown>(one(name)),
};
