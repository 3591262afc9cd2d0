/** Running processes: the ones a user may start, starting one, and the instances they started. */
import { http } from '../../api/client.ts';
import type { OpenedTask } from '../tasks/tasks.api.ts';

export type Text = { hu: string; en: string } | string;

export type StartableProcess = { key: string; label: Text; description?: Text | null; entity?: string | null };
export type ProcessDefinition = StartableProcess & { bpmn: string; [k: string]: unknown };

export type Activation = {
  activationId?: string;
  elementId: string;
  name?: string | null;
  nameEn?: string | null;
  taskId?: string | null;
  /** An automatic step whose action was refused waits with this. */
  incident?: { code: string; message: string; messages?: { hu: string; en: string } };
};
export type HistoryEntry = {
  at: string;
  elementId: string;
  elementType?: string;
  name?: string | null;
  nameEn?: string | null;
  event: string;
  actor?: { id: string; name?: string | null } | null;
  outcome?: unknown;
};

export type ProcessInstance = {
  id: string;
  processKey: string;
  processLabel?: Text | null;
  status: string;
  variables?: Record<string, unknown>;
  record?: { entity: string; id: string; title?: string | null } | null;
  startedBy?: { id: string; name?: string | null } | string | null;
  startedAt?: string;
  endedAt?: string | null;
  active?: Activation[];
  /** In lists: the steps it waits in, and whether each is stuck. */
  current?: { elementId: string; name: string | null; nameEn?: string | null; stuck: boolean }[];
  history?: HistoryEntry[];
  bpmn?: string;
  /** The caller may stop it (its initiator or an administrator, while it runs). */
  canCancel?: boolean;
  [k: string]: unknown;
};

const enc = encodeURIComponent;

export const processesApi = {
  startable: () => http.get<{ items: StartableProcess[] }>('/api/processes'),
  get: (key: string) => http.get<ProcessDefinition>(`/api/processes/${enc(key)}`),
  start: (key: string, body: { variables: Record<string, unknown>; record?: { entity: string; id: string } }) =>
    http.post<{ instanceId: string; tasks: OpenedTask[] }>(`/api/processes/${enc(key)}/start`, body),
  /** `query`: `startedBy` (`me`), `status`, `stuck` (`true`), `recordEntity` + `recordId`, `limit`, `offset`. */
  list: (query: Record<string, string | number>) =>
    http.get<{ items: ProcessInstance[]; total: number }>('/api/processes/instances', query),
  instance: (id: string) => http.get<ProcessInstance>(`/api/processes/instances/${enc(id)}`),
  /** Its initiator or an administrator: stops a running instance. */
  cancel: (id: string, reason: string) =>
    http.post<{ instanceId: string; status: string }>(
      `/api/processes/instances/${enc(id)}/cancel`,
      reason ? { reason } : {},
    ),
  /** Administrators: runs a stuck automatic step again. */
  retry: (id: string, activationId: string, variables: Record<string, unknown> = {}) =>
    http.post<{ instanceId: string; status: string }>(`/api/processes/instances/${enc(id)}/retry`, {
      activationId,
      variables,
    }),
};

/** A label that may come localised or plain. */
export function textOf(text: Text | null | undefined, locale: string): string {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return text[locale as 'hu' | 'en'] || text.hu || text.en;
}
