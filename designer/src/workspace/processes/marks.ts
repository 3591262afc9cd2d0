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
 * A step's name in the screen's language: its English name (`folyam:nameEn` in the BPMN) in English when it has
 * one, else the name it was drawn with; null for an unnamed step.
 */
export function localName(step: { name?: string | null; nameEn?: string | null }, locale: string): string | null {
  return (locale === 'en' && step.nameEn) || step.name || null;
}

/**
 * What a history row is about: the step's name (in `locale`, see `localName`); for the process itself, the
 * process's label in the screen's language (`processName`); for an unnamed step, its kind in words (`typeName`) with its BPMN id, so two unnamed gateways
 * stay apart.
 */
export function stepName(
  h: Pick<HistoryEntry, 'name' | 'nameEn' | 'elementId' | 'elementType'>,
  processName: string,
  typeName: (elementType: string) => string | null,
  locale = 'hu',
): string {
  if (h.elementType === 'process' && processName) return processName;
  const name = localName(h, locale);
  if (name) return name;
  if (h.elementType === 'process') return h.elementId;
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

/** Steps that take no time of their own: entering one and leaving it is one moment. */
const INSTANT_STEPS = new Set(['startEvent', 'endEvent', 'exclusiveGateway', 'parallelGateway']);

/**
 * The history as a reader wants it (in the API's order, oldest first): unnamed flows left out, and an event or a
 * gateway that was entered and left in the same moment told once, as `passed`, instead of "started" and
 * "completed". A join still waiting for its other branches keeps its `entered` (the next entry of that step comes
 * later or never), and so does any step with a person's hand in it.
 */
export function condensedHistory(history: HistoryEntry[] | undefined): HistoryEntry[] {
  const entries = (history ?? []).filter((h) => !isUnnamedPassage(h));
  const out: HistoryEntry[] = [];
  const merged = new Set<number>();
  entries.forEach((h, i) => {
    if (merged.has(i)) return;
    if (h.event === 'entered' && !h.actor && h.elementType && INSTANT_STEPS.has(h.elementType)) {
      const next = entries.findIndex((o, j) => j > i && o.elementId === h.elementId);
      const left = entries[next];
      if (left && left.event === 'completed' && left.at === h.at && !left.actor) {
        merged.add(next);
        out.push({ ...left, event: 'passed' });
        return;
      }
    }
    out.push(h);
  });
  return out;
}

/** The processes that can start on a record of `entity`. */
export function startableOn(processes: StartableProcess[], entity: string): StartableProcess[] {
  return processes.filter((p) => p.entity === entity);
}

/** A user's words quoted as the language writes quotes: „…” in Hungarian, “…” in English. */
export function quoted(text: string, locale: 'hu' | 'en' | string = 'hu'): string {
  return locale === 'en' ? `“${text}”` : `„${text}”`;
}

/** Words for a task's decision in the history (`approve` → "Elvégezve", `reject` → "Visszaküldve"), if known. */
export type DecisionWords = (decision: string) => string | null;

/**
 * An outcome as one line of text: strings as they are; a completed task's `{ decision, comment }` as the decision
 * in words and the comment quoted; a handover's `assignee` as "→ name"; other objects as `key: value` pairs.
 */
export function outcomeText(
  outcome: unknown,
  decisionWords: DecisionWords = () => null,
  locale: 'hu' | 'en' = 'hu',
): string {
  if (outcome === null || outcome === undefined || outcome === '') return '';
  if (typeof outcome !== 'object') return String(outcome);
  const { decision, comment, assignee, ...rest } = outcome as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof decision === 'string') parts.push(decisionWords(decision) ?? `decision: ${decision}`);
  if (assignee && typeof assignee === 'object') {
    const a = assignee as { id?: string; name?: string | null };
    parts.push(`→ ${a.name || a.id}`);
  }
  if (typeof comment === 'string' && comment) parts.push(quoted(comment, locale));
  for (const [k, v] of Object.entries(rest))
    parts.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.join(' · ');
}
