import type { OrgUser } from '../org/org.ts';

/** A person of an in-memory organisation for tests: `orgUser('anna', { roles: ['sales'] })` (the id is the name). */
export const orgUser = (id: string, extra: Partial<OrgUser> = {}): OrgUser => ({
  id,
  username: id,
  displayName: id.toUpperCase(),
  email: null,
  roles: [],
  departmentId: null,
  managerId: null,
  disabled: false,
  ...extra,
});
