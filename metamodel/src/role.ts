import { z } from 'zod';
import { LocalizedText } from './i18n.ts';
import { Identifier, StableId } from './names.ts';
import { FilterTree } from './filter.ts';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'query'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Which rows a permission reaches: the actor's own; their department's (and below); their subordinates' (their own
 * plus those of the users they manage, directly or as the head of a department, all the way down); or all.
 */
export const SCOPES = ['own', 'department', 'subordinates', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const Permission = z.object({
  entity: z.union([Identifier, z.literal('*')]),
  actions: z.array(z.enum(ACTIONS)).min(1),
  scope: z.enum(SCOPES).optional(),
  filter: FilterTree.optional(),
  hiddenFields: z.array(Identifier).optional(),
  readOnlyFields: z.array(Identifier).optional(),
  /** The actor may set `ownerId` on create/update, to a user within this permission's scope. */
  assignOwner: z.boolean().optional(),
});
export type Permission = z.infer<typeof Permission>;

export const Role = z.object({
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** Administrators may change metadata and see everything. */
  admin: z.boolean().optional(),
  /** Holders may read the audit log (`GET /api/audit`), limited to the records they may read. */
  audit: z.boolean().optional(),
  permissions: z.array(Permission).optional(),
});
export type Role = z.infer<typeof Role>;
