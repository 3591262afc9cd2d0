/**
 * `compileProcess(model)` → a `CompiledProcess`: the process graph and an XState v5 machine that holds an instance.
 * The machine's context is the instance state (tokens as activations, timers, join counters, variables); its
 * transitions run the BPMN token semantics of `interpret.ts`. Timers are never XState delays: they leave the engine
 * as `timer.schedule` effects and come back as `timer.fire` events, so a persisted snapshot restores completely.
 * XState stays behind this folder's interface.
 */
import { validateProcessModel, type ProcessModel, type RecordTriggerSpec } from '@folyam/metamodel';
import { assign, setup, type AnyStateMachine } from 'xstate';
import { buildGraph, type Graph } from './graph.ts';
import { nextState, startState } from './interpret.ts';
import type { EngineEvent, InstanceState } from './types.ts';
import { WorkflowError } from './workflow-error.ts';

export type MachineInput = { variables: Record<string, unknown>; now: string; startEventId: string };
type MachineEvent = EngineEvent & { now: string };

export type CompiledProcess = {
  processId: string;
  name: string | null;
  /** process-level start events; the first is used when `startInstance` names none */
  startEvents: string[];
  /** start events that a record event starts (`folyam:RecordTrigger`) */
  recordTriggers: (RecordTriggerSpec & { startEventId: string })[];
  /** the XState machine (internal to the workflow folder) */
  readonly machine: AnyStateMachine;
  /** @internal */
  readonly graph: Graph;
};

function failure(e: unknown): InstanceState['error'] {
  if (e instanceof WorkflowError) return { code: e.code, message: e.detail ?? '' };
  return { code: 'workflow.internal', message: e instanceof Error ? e.message : String(e) };
}

function buildMachine(graph: Graph) {
  return setup({
    types: {
      context: {} as InstanceState,
      events: {} as MachineEvent,
      input: {} as MachineInput,
    },
    actions: {
      step: assign(({ context, event }) => {
        try {
          return nextState(graph, context, event, new Date(event.now));
        } catch (e) {
          // The state stays as it was; engine.ts throws the error and the snapshot is discarded.
          return { ...context, effects: [], history: [], error: failure(e) };
        }
      }),
    },
    guards: {
      completed: ({ context }) => context.status === 'completed',
      terminated: ({ context }) => context.status === 'terminated',
    },
  }).createMachine({
    id: graph.processId,
    context: ({ input }) => {
      try {
        return startState(graph, input.variables, new Date(input.now), input.startEventId);
      } catch (e) {
        return {
          processId: graph.processId,
          status: 'running',
          variables: {},
          seq: 0,
          activations: {},
          timers: {},
          joins: {},
          effects: [],
          history: [],
          error: failure(e),
        } satisfies InstanceState;
      }
    },
    initial: 'running',
    states: {
      running: {
        always: [
          { guard: 'completed', target: 'completed' },
          { guard: 'terminated', target: 'terminated' },
        ],
        on: {
          'task.complete': { actions: 'step' },
          'timer.fire': { actions: 'step' },
          'service.done': { actions: 'step' },
          'service.failed': { actions: 'step' },
          'service.retry': { actions: 'step' },
          'process.cancel': { actions: 'step' },
        },
      },
      completed: { type: 'final' },
      terminated: { type: 'final' },
    },
  });
}

/**
 * Compiles a parsed, valid process. Throws `WorkflowError('workflow.invalidProcess')` with the validator's issues
 * when the model holds anything the engine cannot run.
 * `compileProcess(await parseProcessXml(xml))` → `{ processId: 'Process_1', startEvents: ['StartEvent_1'], … }`
 */
export function compileProcess(model: ProcessModel): CompiledProcess {
  const issues = validateProcessModel(model);
  if (issues.length)
    throw new WorkflowError(
      'workflow.invalidProcess',
      issues.map((i) => i.messages.en).join(' '),
      issues.map(({ path, code, message }) => ({ path, code, message })),
    );
  const graph = buildGraph(model);
  return {
    processId: model.id,
    name: model.name,
    startEvents: graph.startEvents,
    recordTriggers: graph.startEvents
      .filter((id) => graph.nodes[id].folyam.recordTrigger)
      .map((id) => ({ ...graph.nodes[id].folyam.recordTrigger!, startEventId: id })),
    machine: buildMachine(graph),
    graph,
  };
}
