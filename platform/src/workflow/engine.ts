/**
 * The step API of the workflow engine. A runner starts an instance, persists the returned snapshot, carries out the
 * effects (tasks, timers, service calls, notifications) and feeds each outcome back as an event:
 *
 *   const r1 = startInstance(compiled, { variables: { amount: 1200 }, now });
 *   const r2 = resumeInstance(compiled, r1.snapshot, { type: 'task.complete', activationId: 'Task_check#3' }, now);
 *
 * Pure and deterministic: time comes in as `now`, ids come from a counter kept in the snapshot.
 */
import { createActor } from 'xstate';
import type { CompiledProcess, MachineInput } from './compile.ts';
import type { EngineEvent, InstanceState, StartInput, StepResult } from './types.ts';
import { WorkflowError } from './workflow-error.ts';

export type {
  ActivationId,
  ActiveElement,
  Effect,
  EngineEvent,
  HistoryEntry,
  StartInput,
  StepResult,
} from './types.ts';
export type { CompiledProcess } from './compile.ts';
export { WorkflowError } from './workflow-error.ts';

const EVENT_TYPES = new Set([
  'task.complete',
  'timer.fire',
  'service.done',
  'service.failed',
  'service.retry',
  'process.cancel',
]);

type Persisted = { status: string; context: InstanceState } & Record<string, unknown>;

function toDate(now: Date | string): Date {
  const d = now instanceof Date ? now : new Date(now);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Not a valid instant: ${String(now)}`);
  return d;
}

function result(snapshot: Persisted): StepResult {
  const c = snapshot.context;
  if (c.error) throw new WorkflowError(c.error.code, c.error.message || undefined);
  return {
    snapshot: { ...snapshot, context: { ...c, effects: [], history: [], error: null } },
    status: c.status,
    variables: c.variables,
    active: Object.values(c.activations).map((a) => ({
      activationId: a.id,
      elementId: a.elementId,
      elementType: a.elementType,
      ...(a.incident && { incident: a.incident }),
    })),
    effects: c.effects,
    history: c.history,
  };
}

function defaultStart(compiled: CompiledProcess): string | undefined {
  return (
    compiled.startEvents.find((id) => !compiled.recordTriggers.some((t) => t.startEventId === id)) ??
    compiled.startEvents[0]
  );
}

/**
 * An instance kept in memory across the events of one step — the runner feeds the answers of automatic steps back
 * at once — so it is not restored from its snapshot for each: `session.result` is where it stands,
 * `session.resume(event, now)` answers as `resumeInstance` would on that snapshot. `close()` when done.
 */
export type InstanceSession = {
  readonly result: StepResult;
  resume(event: EngineEvent, now: Date | string): StepResult;
  close(): void;
};

function checkEventType(event: EngineEvent): void {
  if (!EVENT_TYPES.has(event?.type))
    throw new WorkflowError('workflow.activationMismatch', String((event as { type?: unknown })?.type));
}

function session(actor: ReturnType<typeof createActor>, first: StepResult): InstanceSession {
  let current = first;
  return {
    get result() {
      return current;
    },
    resume(event, now) {
      checkEventType(event);
      if (current.status !== 'running') throw new WorkflowError('workflow.notRunning');
      actor.send({ ...event, now: toDate(now).toISOString() } as never);
      // A refused event leaves the instance as it was (the actor's next step starts from its state again).
      current = result(actor.getPersistedSnapshot() as unknown as Persisted);
      return current;
    },
    close() {
      actor.stop();
    },
  };
}

/** `startInstance`, keeping the instance open for the events that follow at once (see `InstanceSession`). */
export function startSession(compiled: CompiledProcess, input: StartInput): InstanceSession {
  const startEventId = input.startEventId ?? defaultStart(compiled);
  if (!startEventId || !compiled.startEvents.includes(startEventId))
    throw new WorkflowError('workflow.unknownStartEvent', String(input.startEventId ?? ''));
  const machineInput: MachineInput = {
    variables: input.variables ?? {},
    now: toDate(input.now).toISOString(),
    startEventId,
  };
  const actor = createActor(compiled.machine, { input: machineInput });
  actor.start();
  try {
    return session(actor, result(actor.getPersistedSnapshot() as unknown as Persisted));
  } catch (e) {
    actor.stop();
    throw e;
  }
}

/** `resumeInstance`, keeping the instance open for the events that follow at once (see `InstanceSession`). */
export function resumeSession(
  compiled: CompiledProcess,
  snapshot: unknown,
  event: EngineEvent,
  now: Date | string,
): InstanceSession {
  checkEventType(event);
  const persisted = restore(compiled, snapshot);
  if (persisted.context.status !== 'running') throw new WorkflowError('workflow.notRunning');
  const actor = createActor(compiled.machine, { snapshot: persisted as never });
  actor.start();
  const resumed = session(actor, result(persisted));
  try {
    resumed.resume(event, now);
    return resumed;
  } catch (e) {
    resumed.close();
    throw e;
  }
}

/** Starts an instance at a start event (a record-triggered one by its id) and runs it until it waits. */
export function startInstance(compiled: CompiledProcess, input: StartInput): StepResult {
  const started = startSession(compiled, input);
  started.close();
  return started.result;
}

function restore(compiled: CompiledProcess, snapshot: unknown): Persisted {
  let s = snapshot;
  if (typeof s === 'string') {
    try {
      s = JSON.parse(s);
    } catch {
      throw new WorkflowError('workflow.badSnapshot');
    }
  }
  const p = s as Persisted | null;
  if (!p || typeof p !== 'object' || !p.context || p.context.processId !== compiled.processId)
    throw new WorkflowError('workflow.badSnapshot');
  // A snapshot taken on another version of the diagram may wait in elements that no longer exist.
  const missing = Object.values(p.context.activations ?? {}).find((a) => !compiled.graph.nodes[a.elementId]);
  if (missing) throw new WorkflowError('workflow.badSnapshot', missing.elementId);
  return p;
}

/**
 * Applies one event to a persisted instance. Throws `WorkflowError` — `workflow.unknownActivation` /
 * `workflow.unknownTimer` for stale events, `workflow.notRunning` after the end — and then nothing changes.
 */
export function resumeInstance(
  compiled: CompiledProcess,
  snapshot: unknown,
  event: EngineEvent,
  now: Date | string,
): StepResult {
  const resumed = resumeSession(compiled, snapshot, event, now);
  resumed.close();
  return resumed.result;
}
