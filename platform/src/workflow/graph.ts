/** The compiled shape of a process: each element with what the interpreter needs, looked up by id. */
import {
  addDuration,
  parseCycle,
  parseDateTime,
  parseDuration,
  type ProcessElement,
  type ProcessModel,
} from '@folyam/metamodel';
import { evaluateFeel } from './feel.ts';
import { WorkflowError } from './workflow-error.ts';

export type Node = ProcessElement & {
  /** `userTask`, `subProcess`, … */
  kind: string;
  boundaries: string[];
  terminate: boolean;
};

export type Graph = {
  processId: string;
  model: ProcessModel;
  nodes: Record<string, Node>;
  /** process-level none start events */
  startEvents: string[];
  /** sub-process id → its start event */
  subStart: Record<string, string>;
};

export const kindOf = (type: string) => {
  const local = type.replace(/^.*:/, '');
  return local.charAt(0).toLowerCase() + local.slice(1);
};

export function buildGraph(model: ProcessModel): Graph {
  const nodes: Record<string, Node> = {};
  for (const e of Object.values(model.elements))
    nodes[e.id] = {
      ...e,
      kind: kindOf(e.type),
      boundaries: [],
      terminate: (e.eventDefinitions ?? []).includes('bpmn:TerminateEventDefinition'),
    };
  const subStart: Record<string, string> = {};
  for (const n of Object.values(nodes)) {
    if (n.kind === 'boundaryEvent' && n.attachedTo && nodes[n.attachedTo]) nodes[n.attachedTo].boundaries.push(n.id);
    if (n.kind === 'startEvent' && n.parent) subStart[n.parent] = n.id;
  }
  const startEvents = model.children.filter((id) => nodes[id].kind === 'startEvent');
  return { processId: model.id, model, nodes, startEvents, subStart };
}

/**
 * Whether a user task's completer can send the work back: the task leads straight to an exclusive gateway with a
 * path whose condition tests `decision` — the variable a "send back" completes with (`decision = "reject"`).
 * Without such a gateway a send-back would only move the work on, so the task offers none.
 */
export function sendsBack(graph: Graph, elementId: string): boolean {
  const node = graph.nodes[elementId];
  if (!node) return false;
  return node.outgoing.some((fid) => {
    const target = graph.nodes[graph.nodes[fid]?.targetRef ?? ''];
    if (target?.kind !== 'exclusiveGateway') return false;
    return target.outgoing.some((gid) => /\bdecision\b/.test(graph.nodes[gid]?.condition ?? ''));
  });
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { iso?: unknown }).iso === 'string') return (v as { iso: string }).iso;
  return String(v);
}

/** The first moment of a timer, the number of further firings and their interval. */
export function timerPlan(
  node: Node,
  variables: Record<string, unknown>,
  now: Date,
): { at: Date; remaining: number | null; interval: string | null } {
  const spec = node.timer;
  if (!spec) throw new WorkflowError('workflow.timerValue', node.id);
  const raw = spec.value.startsWith('=') ? text(evaluateFeel(spec.value, variables, now)) : spec.value;
  if (spec.kind === 'duration') {
    const d = parseDuration(raw);
    if (!d) throw new WorkflowError('workflow.timerValue', `${node.id}: ${raw}`);
    return { at: addDuration(now, d), remaining: 0, interval: null };
  }
  if (spec.kind === 'date') {
    const d = parseDateTime(raw);
    if (!d) throw new WorkflowError('workflow.timerValue', `${node.id}: ${raw}`);
    return { at: d, remaining: 0, interval: null };
  }
  const c = parseCycle(raw);
  if (!c) throw new WorkflowError('workflow.timerValue', `${node.id}: ${raw}`);
  const at = c.start ?? addDuration(now, c.interval);
  return { at, remaining: c.repetitions === null ? null : c.repetitions - 1, interval: c.intervalText };
}
