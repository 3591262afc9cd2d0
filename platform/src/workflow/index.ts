/** The workflow engine's public API: compile a parsed BPMN process, start and step its instances. */
export { compileProcess, type CompiledProcess } from './compile.ts';
export {
  resumeInstance,
  resumeSession,
  startInstance,
  startSession,
  WorkflowError,
  type InstanceSession,
  type ActivationId,
  type ActiveElement,
  type Effect,
  type EngineEvent,
  type HistoryEntry,
  type StartInput,
  type StepResult,
} from './engine.ts';
export { evaluateFeel, conditionHolds } from './feel.ts';
export type { ProcessModel } from '@folyam/metamodel';
