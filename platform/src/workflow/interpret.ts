/**
 * The token semantics of the supported BPMN subset, as pure functions over the instance state: a step starts from
 * a start event or an engine event and runs every token forward until each waits (a task, a timer, a join) or ends.
 * Every change happens on a copy; a step that throws leaves the previous state untouched.
 */
import { addDuration, type NotificationSpec } from '@folyam/metamodel';
import { conditionHolds, evaluateFeel, plainValue } from './feel.ts';
import { timerPlan, type Graph, type Node } from './graph.ts';
import type { Activation, EngineEvent, HistoryEntry, InstanceState } from './types.ts';
import { WorkflowError } from './workflow-error.ts';

/** Element entries allowed in one step before it is taken for an endless loop. */
const STEP_BUDGET = 2_000;

type Token = { elementId: string; scope: string | null; via?: string };

class Step {
  private readonly queue: Token[] = [];
  private budget = STEP_BUDGET;
  private readonly at: string;

  constructor(
    private readonly g: Graph,
    readonly s: InstanceState,
    private readonly now: Date,
  ) {
    this.at = now.toISOString();
  }

  // ── bookkeeping ──────────────────────────────────────────────────────────────────────────────────────────────

  private record(node: Node | null, event: HistoryEntry['event'], extra: Partial<HistoryEntry> = {}): void {
    this.s.history.push({
      at: this.at,
      elementId: node ? node.id : this.g.processId,
      elementType: node ? node.kind : 'process',
      name: node ? node.name : this.g.model.name,
      event,
      ...extra,
    });
  }

  private nextId(elementId: string): string {
    this.s.seq += 1;
    return `${elementId}#${this.s.seq}`;
  }

  private notify(
    elementId: string,
    keyBase: string,
    specs: NotificationSpec[] | undefined,
    event: 'create' | 'complete' | 'end',
  ) {
    (specs ?? []).forEach((n, i) => {
      if (n.event !== event) return;
      this.s.effects.push({
        type: 'notify',
        key: `${keyBase}:${event}:${i}`,
        elementId,
        event,
        to: n.to ?? null,
        channel: n.channel ?? 'email',
        ...(n.template !== undefined && { template: n.template }),
        ...(n.subject !== undefined && { subject: n.subject }),
        ...(n.text !== undefined && { text: n.text }),
      });
    });
  }

  private feel(expression: string, elementId: string, extra?: Record<string, unknown>): unknown {
    try {
      return evaluateFeel(expression, this.s.variables, this.now, extra);
    } catch (e) {
      throw new WorkflowError('workflow.feel', `${elementId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ── running tokens ───────────────────────────────────────────────────────────────────────────────────────────

  /** Moves tokens until every one waits or ends. */
  run(): void {
    while (this.queue.length) {
      if (this.s.status !== 'running') return;
      const t = this.queue.shift()!;
      if (t.scope !== null && !this.s.activations[t.scope]) continue; // its sub-process was cancelled
      if (--this.budget < 0) throw new WorkflowError('workflow.loopLimit');
      this.enter(this.g.nodes[t.elementId], t.scope, t.via);
    }
  }

  private leave(node: Node, scope: string | null, flows: string[] = node.outgoing): void {
    for (const fid of flows) {
      const flow = this.g.nodes[fid];
      this.record(flow, 'taken');
      this.queue.push({ elementId: flow.targetRef!, scope, via: fid });
    }
  }

  private activate(node: Node, scope: string | null): Activation {
    const a: Activation = { id: this.nextId(node.id), elementId: node.id, elementType: node.kind, scope, timers: [] };
    this.s.activations[a.id] = a;
    this.record(node, 'entered', { activationId: a.id });
    for (const b of node.boundaries) this.schedule(this.g.nodes[b], a);
    return a;
  }

  private schedule(timer: Node, owner: Activation): void {
    const plan = timerPlan(timer, this.s.variables, this.now);
    this.addTimer(timer, owner, plan.at, plan.remaining, plan.interval);
  }

  private addTimer(timer: Node, owner: Activation, at: Date, remaining: number | null, interval: string | null) {
    const id = this.nextId(timer.id);
    this.s.timers[id] = { id, elementId: timer.id, owner: owner.id, at: at.toISOString(), remaining, interval };
    owner.timers.push(id);
    this.s.effects.push({ type: 'timer.schedule', timerId: id, elementId: timer.id, at: at.toISOString() });
  }

  private dropTimers(a: Activation): void {
    for (const id of a.timers) {
      if (!this.s.timers[id]) continue;
      delete this.s.timers[id];
      this.s.effects.push({ type: 'timer.cancel', timerId: id });
    }
    a.timers = [];
  }

  enter(node: Node, scope: string | null, via?: string): void {
    switch (node.kind) {
      case 'startEvent':
        this.record(node, 'entered');
        this.record(node, 'completed');
        return this.leave(node, scope);
      case 'endEvent': {
        this.record(node, 'entered');
        this.record(node, 'completed');
        this.notify(node.id, this.nextId(node.id), node.folyam.notifications, 'end');
        if (node.terminate) return this.terminate(scope);
        return this.maybeFinish(scope);
      }
      case 'scriptTask':
        this.record(node, 'entered');
        this.runScript(node);
        this.record(node, 'completed');
        return this.leave(node, scope);
      case 'exclusiveGateway':
        this.record(node, 'entered');
        this.record(node, 'completed');
        return this.leave(node, scope, [this.choose(node)]);
      case 'parallelGateway':
        return this.parallel(node, scope, via);
      case 'userTask': {
        const a = this.activate(node, scope);
        const f = node.folyam;
        this.s.effects.push({
          type: 'task.create',
          activationId: a.id,
          elementId: node.id,
          name: node.name,
          assignee: f.assignee ?? null,
          candidateRoles: f.candidateRoles ?? [],
          candidateGroups: f.candidateGroups ?? [],
          form: f.form ?? null,
          due: f.due ?? null,
          reminders: f.reminders ?? [],
          notifications: f.notifications ?? [],
        });
        // Its `create` notifications travel with task.create: the runner sends them with the task's own data.
        return;
      }
      case 'serviceTask': {
        this.callService(node, this.activate(node, scope));
        return;
      }
      case 'intermediateCatchEvent': {
        const a = this.activate(node, scope);
        this.schedule(node, a);
        return;
      }
      case 'subProcess': {
        const a = this.activate(node, scope);
        this.queue.push({ elementId: this.g.subStart[node.id], scope: a.id });
        return;
      }
      default:
        throw new WorkflowError('workflow.invalidProcess', `${node.id} (${node.kind})`);
    }
  }

  private runScript(node: Node): void {
    const assignments = node.folyam.assignments ?? [];
    for (const a of assignments) this.s.variables[a.name] = this.feel(a.value, node.id);
    if (!assignments.length && node.script) {
      const result = this.feel(node.script, node.id);
      if (result && typeof result === 'object' && !Array.isArray(result)) Object.assign(this.s.variables, result);
    }
  }

  private choose(node: Node): string {
    for (const fid of node.outgoing) {
      const flow = this.g.nodes[fid];
      if (fid === node.default) continue;
      if (!flow.condition) {
        if (node.outgoing.length === 1) return fid;
        continue;
      }
      let holds: boolean;
      try {
        holds = conditionHolds(flow.condition, this.s.variables, this.now);
      } catch (e) {
        throw new WorkflowError('workflow.feel', `${fid}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (holds) return fid;
    }
    if (node.default) return node.default;
    throw new WorkflowError('workflow.noMatchingFlow', node.name ? `${node.name} (${node.id})` : node.id);
  }

  private parallel(node: Node, scope: string | null, via: string | undefined): void {
    if (node.incoming.length > 1) {
      const key = `${scope ?? ''}|${node.id}`;
      const waiting = (this.s.joins[key] ??= {});
      if (via) waiting[via] = (waiting[via] ?? 0) + 1;
      this.record(node, 'entered');
      if (!node.incoming.every((f) => (waiting[f] ?? 0) > 0)) return;
      for (const f of node.incoming) if (--waiting[f] === 0) delete waiting[f];
      if (!Object.keys(waiting).length) delete this.s.joins[key];
    } else this.record(node, 'entered');
    this.record(node, 'completed');
    this.leave(node, scope);
  }

  /** A scope ends when nothing in it waits any more: the process completes, or the sub-process moves on. */
  private maybeFinish(scope: string | null): void {
    if (this.queue.some((t) => t.scope === scope)) return;
    if (Object.values(this.s.activations).some((a) => a.scope === scope)) return;
    const prefix = `${scope ?? ''}|`;
    if (Object.keys(this.s.joins).some((k) => k.startsWith(prefix))) return;
    if (scope === null) {
      this.s.status = 'completed';
      this.record(null, 'completed');
      this.notify(this.g.processId, 'process', this.g.model.folyam.notifications, 'end');
      return;
    }
    this.completeActivation(this.s.activations[scope]);
  }

  /** Ends a scope at once (a terminate end, or the process cancelled by hand, `extra` naming who and why). */
  private terminate(scope: string | null, extra: Partial<HistoryEntry> = {}): void {
    for (const a of Object.values(this.s.activations)) if (a.scope === scope) this.cancel(a);
    for (const k of Object.keys(this.s.joins)) if (k.startsWith(`${scope ?? ''}|`)) delete this.s.joins[k];
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].scope === scope) this.queue.splice(i, 1);
    if (scope === null) {
      this.s.status = 'terminated';
      this.record(null, 'cancelled', extra);
      this.notify(this.g.processId, 'process', this.g.model.folyam.notifications, 'end');
      return;
    }
    this.completeActivation(this.s.activations[scope]);
  }

  /** Cancels an activation and everything inside it (a sub-process's children, its timers). */
  cancel(a: Activation): void {
    for (const child of Object.values(this.s.activations)) if (child.scope === a.id) this.cancel(child);
    for (const k of Object.keys(this.s.joins)) if (k.startsWith(`${a.id}|`)) delete this.s.joins[k];
    this.dropTimers(a);
    delete this.s.activations[a.id];
    const node = this.g.nodes[a.elementId];
    if (node.kind === 'userTask' || node.kind === 'serviceTask')
      this.s.effects.push({ type: 'task.cancel', activationId: a.id });
    if (node.kind === 'userTask') this.notify(node.id, a.id, node.folyam.notifications, 'end');
    this.record(node, 'cancelled', { activationId: a.id });
  }

  completeActivation(a: Activation, extra: Partial<HistoryEntry> = {}): void {
    this.dropTimers(a);
    delete this.s.activations[a.id];
    const node = this.g.nodes[a.elementId];
    this.record(node, 'completed', { activationId: a.id, ...extra });
    if (node.kind === 'userTask') {
      this.notify(node.id, a.id, node.folyam.notifications, 'complete');
      this.notify(node.id, a.id, node.folyam.notifications, 'end');
    }
    this.leave(node, a.scope);
  }

  // ── entry points ─────────────────────────────────────────────────────────────────────────────────────────────

  start(startEventId: string): void {
    this.record(null, 'entered');
    this.notify(this.g.processId, 'process', this.g.model.folyam.notifications, 'create');
    this.queue.push({ elementId: startEventId, scope: null });
    this.run();
  }

  handle(event: EngineEvent): void {
    if (this.s.status !== 'running') throw new WorkflowError('workflow.notRunning');
    switch (event.type) {
      case 'process.cancel': {
        const reason = event.reason?.trim();
        this.terminate(null, {
          actor: event.actor ?? null,
          ...(reason ? { outcome: { comment: reason.slice(0, OUTCOME_COMMENT) } } : {}),
        });
        break;
      }
      case 'task.complete': {
        const a = this.activation(event.activationId, 'userTask');
        if (event.variables) Object.assign(this.s.variables, plainValue(event.variables) as object);
        this.completeActivation(a, { actor: event.actor ?? null, outcome: taskOutcome(event.variables) });
        break;
      }
      case 'service.done': {
        const a = this.activation(event.activationId, 'serviceTask');
        const node = this.g.nodes[a.elementId];
        const result = (plainValue(event.result ?? {}) ?? {}) as Record<string, unknown>;
        const outputs = node.folyam.outputs ?? [];
        if (outputs.length) for (const o of outputs) this.s.variables[o.name] = this.feel(o.value, node.id, { result });
        else Object.assign(this.s.variables, result);
        delete a.incident;
        this.completeActivation(a);
        break;
      }
      case 'service.failed': {
        const a = this.activation(event.activationId, 'serviceTask');
        const m = event.error.messages;
        a.incident = {
          code: String(event.error.code),
          message: String(event.error.message),
          ...(m && typeof m.hu === 'string' && typeof m.en === 'string' ? { messages: { hu: m.hu, en: m.en } } : {}),
        };
        this.record(this.g.nodes[a.elementId] ?? null, 'failed', { activationId: a.id, outcome: a.incident.code });
        return;
      }
      case 'service.retry': {
        const a = this.activation(event.activationId, 'serviceTask');
        if (!a.incident) throw new WorkflowError('workflow.noIncident', a.id);
        if (event.variables) Object.assign(this.s.variables, plainValue(event.variables) as object);
        delete a.incident;
        a.attempt = (a.attempt ?? 0) + 1;
        const node = this.g.nodes[a.elementId];
        this.record(node, 'retried', { activationId: a.id, actor: event.actor ?? null });
        // The inputs are evaluated again: over the variables as they are now.
        this.callService(node, a);
        return;
      }
      case 'timer.fire':
        this.fire(event.timerId);
        break;
      default:
        throw new WorkflowError('workflow.activationMismatch', String((event as { type?: unknown }).type));
    }
    this.run();
  }

  /** Asks the runner to run a service task's connector action, its inputs evaluated over the variables. */
  private callService(node: Node, a: Activation): void {
    const inputs: Record<string, unknown> = {};
    for (const i of node.folyam.inputs ?? []) inputs[i.name] = this.feel(i.value, node.id);
    this.s.effects.push({
      type: 'service.call',
      activationId: a.id,
      elementId: node.id,
      connector: node.folyam.connector ?? '',
      action: node.folyam.action ?? '',
      inputs,
      ...(a.attempt ? { attempt: a.attempt } : {}),
    });
  }

  private activation(id: string, kind: string): Activation {
    const a = this.s.activations[id];
    if (!a) throw new WorkflowError('workflow.unknownActivation', id);
    if (a.elementType !== kind) throw new WorkflowError('workflow.activationMismatch', `${id} is a ${a.elementType}`);
    return a;
  }

  private fire(timerId: string): void {
    const t = this.s.timers[timerId];
    const owner = t && this.s.activations[t.owner];
    if (!t || !owner) throw new WorkflowError('workflow.unknownTimer', timerId);
    delete this.s.timers[timerId];
    owner.timers = owner.timers.filter((id) => id !== timerId);
    const timer = this.g.nodes[t.elementId];
    if (timer.kind === 'intermediateCatchEvent') {
      this.completeActivation(owner);
      return;
    }
    // A boundary timer.
    this.record(timer, 'entered');
    if (timer.cancelActivity !== false) {
      this.cancel(owner);
      this.record(timer, 'completed');
      this.leave(timer, owner.scope);
      return;
    }
    if (t.interval && (t.remaining === null || t.remaining > 0))
      this.addTimer(
        timer,
        owner,
        addDuration(new Date(t.at), t.interval),
        t.remaining === null ? null : t.remaining - 1,
        t.interval,
      );
    this.record(timer, 'completed');
    this.leave(timer, owner.scope);
  }
}

/** A fresh instance state, run from a start event until it waits. */
export function startState(
  g: Graph,
  variables: Record<string, unknown>,
  now: Date,
  startEventId: string,
): InstanceState {
  const s: InstanceState = {
    processId: g.processId,
    status: 'running',
    variables: (plainValue(variables) ?? {}) as Record<string, unknown>,
    seq: 0,
    activations: {},
    timers: {},
    joins: {},
    effects: [],
    history: [],
    error: null,
  };
  new Step(g, s, now).start(startEventId);
  return s;
}

/** The state after one engine event (on a copy of `state`). */
export function nextState(g: Graph, state: InstanceState, event: EngineEvent, now: Date): InstanceState {
  // The last step's effects and history are not carried over, so they are not copied either.
  const s: InstanceState = {
    ...structuredClone({ ...state, effects: [], history: [] }),
    error: null,
  };
  new Step(g, s, now).handle(event);
  return s;
}

/** Longest comment a history entry keeps (the entry's outcome holds 255 characters in all). */
export const OUTCOME_COMMENT = 200;

/**
 * What a completed user task's history entry tells: the `decision` the task page sends (`approve`, or `reject`
 * when sent back) and the completer's `comment`, when given; nothing otherwise.
 */
export function taskOutcome(
  variables: Record<string, unknown> | undefined,
): { decision?: string; comment?: string } | null {
  const decision = typeof variables?.decision === 'string' ? variables.decision.slice(0, 32) : undefined;
  const raw = typeof variables?.comment === 'string' ? variables.comment.trim() : '';
  const comment = raw.length > OUTCOME_COMMENT ? `${raw.slice(0, OUTCOME_COMMENT - 1)}…` : raw || undefined;
  if (!decision && !comment) return null;
  return { ...(decision ? { decision } : {}), ...(comment ? { comment } : {}) };
}
