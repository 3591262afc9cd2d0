/**
 * What the signed-in user may do with an entity, from the `access` flags the metadata API adds to each entity
 * (`GET /api/meta/entities`). Buttons for actions the user may not take are not shown; the server refuses them
 * anyway.
 */
import type { Entity } from '@folyam/metamodel';

export type EntityAction = 'create' | 'update' | 'delete' | 'export';

export function can(entity: Entity | undefined, action: EntityAction): boolean {
  const flags = (entity as { access?: Partial<Record<EntityAction, boolean>> } | undefined)?.access;
  return flags ? flags[action] !== false : true;
}
