/** The organisation API (administrators only): departments, work groups and users. */
import { http } from '../../api/client.ts';

export type Department = { id: string; name: string; parentId: string | null; headId: string | null };
export type Group = { id: string; name: string; description: string | null; members: string[] };
export type OrgUser = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone?: string | null;
  roles: string[];
  departmentId: string | null;
  managerId: string | null;
  locale: 'hu' | 'en' | null;
  disabled: boolean;
  createdAt?: string;
};
export type NewUser = Partial<Omit<OrgUser, 'id' | 'createdAt' | 'disabled'>> & { username: string; password: string };

const one = (kind: string, id: string) => `/api/org/${kind}/${encodeURIComponent(id)}`;

export const orgApi = {
  departments: () => http.get<{ items: Department[] }>('/api/org/departments'),
  createDepartment: (body: Partial<Department>) => http.post<Department>('/api/org/departments', body),
  updateDepartment: (id: string, body: Partial<Department>) => http.patch<Department>(one('departments', id), body),
  deleteDepartment: (id: string) => http.delete<unknown>(one('departments', id)),
  groups: () => http.get<{ items: Group[] }>('/api/org/groups'),
  createGroup: (body: Partial<Group>) => http.post<Group>('/api/org/groups', body),
  updateGroup: (id: string, body: Partial<Group>) => http.patch<Group>(one('groups', id), body),
  deleteGroup: (id: string) => http.delete<unknown>(one('groups', id)),
  users: () => http.get<{ items: OrgUser[] }>('/api/org/users'),
  createUser: (body: NewUser) => http.post<OrgUser>('/api/org/users', body),
  updateUser: (id: string, body: Partial<OrgUser>) => http.patch<OrgUser>(one('users', id), body),
  resetPassword: (id: string, password: string) => http.post<unknown>(`${one('users', id)}/password`, { password }),
  /** Role names for the users' role picker: the published roles (the server only accepts those) and `admin`. */
  roles: () => http.get<{ items: { name: string; label: { hu: string; en: string } }[] }>('/api/meta/roles'),
};

/** Departments in tree order (parents first, children by name), each with its depth. */
export function departmentTree(deps: Department[]): { dep: Department; depth: number }[] {
  const ids = new Set(deps.map((d) => d.id));
  const children = new Map<string | null, Department[]>();
  for (const d of deps) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push(d);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'hu'));
  const out: { dep: Department; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const d of children.get(parent) ?? []) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push({ dep: d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The ids of a department and everything below it (the parents it cannot be moved under). */
export function subtreeIds(deps: Department[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of deps)
      if (d.parentId && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
  }
  return out;
}
