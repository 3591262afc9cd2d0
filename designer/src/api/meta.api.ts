import type { App, Entity } from '@folyam/metamodel';
import { http } from './client.ts';

/** A form as the metadata API serves it: a form-js schema bound to an entity (`generated` when not designed). */
export type FormMeta = {
  id: string;
  name: string;
  entity: string;
  schema: { type?: string; components: { type: string; key?: string; id?: string; [k: string]: unknown }[] };
  generated?: boolean;
  [k: string]: unknown;
};

export const metaApi = {
  apps: () => http.get<{ items: App[] }>('/api/meta/apps'),
  entities: () => http.get<{ items: Entity[] }>('/api/meta/entities'),
  /** The published form of an entity: designed, or generated from its fields. */
  form: (entity: string) => http.get<FormMeta>(`/api/meta/forms/${encodeURIComponent(entity)}`),
};
