/** The metadata API as the Studio uses it: working copies (drafts), saving, the draft's plan, publishing. */
import type { Entity, LocalizedText } from '@folyam/metamodel';
import { http } from '../api/client.ts';
import type { FormMeta } from '../api/meta.api.ts';

export type MetaKind = 'entity' | 'role' | 'app' | 'form';
export type MetaChange = { kind: MetaKind; id: string; name: string; change: 'added' | 'removed' | 'changed' };
export type PlanStep = { op: string; description: LocalizedText; dataLoss: boolean; [k: string]: unknown };
export type Plan = { steps: PlanStep[]; dataLoss: boolean };
export type PublishResult = { plan: Plan; changes: MetaChange[]; applied: boolean; version: number };
export type DraftState = { version: number; changes: MetaChange[]; plan: Plan | null };

const one = (kind: string, name: string) => `/api/meta/${kind}/${encodeURIComponent(name)}`;

export const studioApi = {
  entities: () => http.get<{ items: Entity[] }>('/api/meta/entities', { draft: 1 }),
  /** The published entities (their fields tell which ones are already columns). */
  publishedEntities: () => http.get<{ items: Entity[] }>('/api/meta/entities'),
  saveEntity: (name: string, body: Entity) => http.put<Entity>(one('entities', name), body),
  deleteEntity: (name: string) => http.delete<unknown>(one('entities', name)),
  forms: () => http.get<{ items: FormMeta[] }>('/api/meta/forms', { draft: 1 }),
  publishedForm: (entity: string) => http.get<FormMeta>(one('forms', entity)),
  saveForm: (entity: string, body: FormMeta) => http.put<FormMeta>(one('forms', entity), body),
  deleteForm: (entity: string) => http.delete<unknown>(one('forms', entity)),
  /** The draft's objects of one kind, in the order the draft's validation paths count them. */
  draftNames: (list: 'entities' | 'forms' | 'roles' | 'apps' | 'processes') =>
    http.get<{ items: { name: string }[] }>(`/api/meta/${list}`, { draft: 1 }),
  draft: () => http.get<DraftState>('/api/meta/draft'),
  discardDraft: () => http.delete<unknown>('/api/meta/draft'),
  publish: (body: { dryRun?: boolean; confirmDataLoss?: boolean; note?: string }) =>
    http.post<PublishResult>('/api/meta/publish', body),
};
