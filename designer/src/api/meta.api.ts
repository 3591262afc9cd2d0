import type { App, Entity } from '@folyam/metamodel';
import { http } from './client.ts';

export const metaApi = {
  apps: () => http.get<{ items: App[] }>('/api/meta/apps'),
  entities: () => http.get<{ items: Entity[] }>('/api/meta/entities'),
};
