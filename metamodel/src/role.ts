import { z } from 'zod';
import { LocalizedText } from './i18n.ts';
import { Identifier, StableId } from './names.ts';
import { FilterTree } from './filter.ts';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'query'] as const;
export type Action = (typeof ACTIONS)[number];

/** Which rows a permission reaches: the actor's own, their department's (and below), or all. */
export const SCOPES = ['own', 'department', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const Permission = z.object({
  entity: z.union([Identifier, z.literal('*')]),
  actions: z.array(z.enum(ACTIONS)).min(1),
  scope: z.enum(SCOPES).optional(),
  filter: FilterTree.optional(),
  hiddenFields: z.array(Identifier).optional(),
  readOnlyFields: z.array(Identifier).optional(),
});
export type Permission = z.infer<typeof Permission>;

export const Role = z.object({
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  description: LocalizedText.optional(),
  /** Administrators may change metadata and see everything. */
  admin: z.boolean().optional(),
  permissions: z.array(Permission).optional(),
});
export type Role = z.infer<typeof Role>;
