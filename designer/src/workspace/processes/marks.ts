/**
 * What the process view marks on the diagram: the steps active now, the steps done (entered and left, or passed
 * through), and the sequence flows taken between done steps. Pure, from the instance the API returns.
 */
import type { HistoryEntry, ProcessInstance, StartableProcess } from './processes.api.ts';

/** `stuck`: active steps whose automatic action failed (an incident). */
export type DiagramMarks = { active: string[]; done: string[]; stuck?: string[] };

/** `diagramMarks({ active: [{ elementId: 'Review' }], history: [...] })` → `{ active: ['Review'], done: [...] }`. */
export function diagramMarks(instance: Pick<ProcessInstance, 'active' | 'history'>): DiagramMarks {
  const active = [...new Set((instance.active ?? []).map((a) => a.elementId))];
  const activeSet = new Set(active);
  const done: string[] = [];
  for (const h of instance.history ?? []) {
    // a step still running shows as active (even when it ran before: a loop); anything else named was passed
    if (h.elementId && !activeSet.has(h.elementId) && !done.includes(h.elementId)) done.push(h.elementId);
  }
  const stuck = [...new Set((instance.active ?? []).filter((a) => a.incident).map((a) => a.elementId))];
  return stuck.length ? { active, done, stuck } : { active, done };
}

/**
 * What a history row is about: the step's name; for the process itself, the process's name; for an unnamed step,
 * its kind in words (`typeName`) with its BPMN id, so two unnamed gateways stay apart.
 */
export function stepName(
  h: Pick<HistoryEntry, 'name' | 'elementId' | 'elementType'>,
  processName: string,
  typeName: (elementType: string) => string | null,
): string {
  if (h.name) return h.name;
  if (h.elementType === 'process') return processName || h.elementId;
  const type = h.elementType ? typeName(h.elementType) : null;
  return type ? `${type} (${h.elementId})` : h.elementId;
}

/**
 * History newest first, for the table. The API lists it in the order it happened, and one step writes several
 * entries with the same time, so entries of equal time keep their order reversed too.
 */
export function historyNewestFirst(history: HistoryEntry[] | undefined): HistoryEntry[] {
  return [...(history ?? [])].reverse().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/**
 * Whether a history entry is only the passing of an unnamed sequence flow: the diagram shows it, the table leaves
 * it out unless every step is asked for. A named flow (a gateway's "yes" path) says which way a decision went.
 */
export function isUnnamedPassage(h: Pick<HistoryEntry, 'event' | 'name' | 'elementType'>): boolean {
  return h.event === 'taken' && !h.name && (h.elementType === 'sequenceFlow' || !h.elementType);
}

/** The processes that can start on a record of `entity`. */
export function startableOn(processes: StartableProcess[], entity: string): StartableProcess[] {
  return processes.filter((p) => p.entity === entity);
}

/** An outcome as one line of text: strings as they are, objects as `key: value` pairs. */
export function outcomeText(outcome: unknown): string {
  if (outcome === null || outcome === undefined || outcome === '') return '';
  if (typeof outcome !== 'object') return String(outcome);
  return Object.entries(outcome as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}
