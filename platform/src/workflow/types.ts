/** The step API's data: what the engine asks the runner to do (effects), what it records (history), what it keeps. */
import type { NotificationSpec, ReminderSpec } from '@folyam/metamodel';

/** Unique per activation of an element in an instance, e.g. `Task_check#3`. */
export type ActivationId = string;

export type Effect =
  | {
      type: 'task.create';
      activationId: ActivationId;
      elementId: string;
      name: string | null;
      /** raw: a user name or FEEL `=…` */
      assignee: string | null;
      candidateRoles: string[];
      candidateGroups: string[];
      form: string | null;
      /** raw ISO duration/date or FEEL */
      due: string | null;
      reminders: ReminderSpec[];
      notifications: NotificationSpec[];
    }
  | { type: 'task.cancel'; activationId: ActivationId }
  | { type: 'timer.schedule'; timerId: string; elementId: string; at: string }
  | { type: 'timer.cancel'; timerId: string }
  | {
      type: 'service.call';
      activationId: ActivationId;
      elementId: string;
      connector: string;
      action: string;
      inputs: Record<string, unknown>;
      /** 1, 2, … when the call is retried after a failure (its outcome is then a new call, under a new key) */
      attempt?: number;
    }
  | {
      type: 'notify';
      key: string;
      elementId: string;
      event: 'create' | 'complete' | 'end';
      /** raw: the FEEL (`=…`) or text of `folyam:Notification to`; the runner resolves it */
      to: unknown;
      channel: string;
      template?: string;
      subject?: string;
      text?: string;
    };

export type HistoryEntry = {
  at: string;
  elementId: string;
  /** the BPMN type's local name: `userTask`, `sequenceFlow`, `process` */
  elementType: string;
  name: string | null;
  /** `failed`: an automatic step's action was refused; the step waits with an incident. */
  event: 'entered' | 'completed' | 'cancelled' | 'taken' | 'failed' | 'retried';
  activationId?: string;
  actor?: string | null;
  outcome?: unknown;
};

export type ActiveElement = {
  activationId: string;
  elementId: string;
  elementType: string;
  /** Set after `service.failed`: the call failed and waits for a retry (`service.retry`) or a cancellation. */
  incident?: { code: string; message: string; messages?: { hu: string; en: string } };
};

export type StepResult = {
  /** JSON-serialisable; persist it and feed it back to `resumeInstance` */
  snapshot: unknown;
  status: 'running' | 'completed' | 'terminated';
  variables: Record<string, unknown>;
  active: ActiveElement[];
  effects: Effect[];
  history: HistoryEntry[];
};

export type EngineEvent =
  | { type: 'task.complete'; activationId: ActivationId; variables?: Record<string, unknown>; actor?: string | null }
  | { type: 'timer.fire'; timerId: string }
  | { type: 'service.done'; activationId: ActivationId; result?: Record<string, unknown> }
  | {
      type: 'service.failed';
      activationId: ActivationId;
      error: { code: string; message: string; messages?: { hu: string; en: string } };
    }
  /** Runs a failed automatic step again (after `variables`, when given, are set). */
  | { type: 'service.retry'; activationId: ActivationId; variables?: Record<string, unknown>; actor?: string | null }
  /** Stops a running instance by hand: every waiting step cancelled, the process `terminated`. */
  | { type: 'process.cancel'; actor?: string | null; reason?: string };

export type StartInput = { variables?: Record<string, unknown>; now: Date | string; startEventId?: string };

/** One waiting activation inside the instance state. */
export type Activation = {
  id: ActivationId;
  elementId: string;
  elementType: string;
  /** the sub-process activation that holds it; null at the process level */
  scope: ActivationId | null;
  /** boundary timers (of this activation) or the catch timer it waits for */
  timers: string[];
  incident?: { code: string; message: string; messages?: { hu: string; en: string } };
  /** How many times a failed service call was retried. */
  attempt?: number;
};

export type TimerState = {
  id: string;
  /** the timer event */
  elementId: string;
  /** the activation it belongs to: the host of a boundary timer, or the waiting catch event */
  owner: ActivationId;
  at: string;
  /** further firings of a cycle after this one (null: unbounded) */
  remaining: number | null;
  interval: string | null;
};

/** The instance state, kept in the XState context and persisted with the snapshot. */
export type InstanceState = {
  processId: string;
  status: 'running' | 'completed' | 'terminated';
  variables: Record<string, unknown>;
  seq: number;
  activations: Record<ActivationId, Activation>;
  timers: Record<string, TimerState>;
  /** tokens waiting at parallel joins: `${scope}|${gatewayId}` → flow id → count */
  joins: Record<string, Record<string, number>>;
  /** effects and history of the last step only (emptied in the persisted snapshot) */
  effects: Effect[];
  history: HistoryEntry[];
  /** a step that failed: the snapshot is discarded and the error thrown */
  error: { code: string; message: string } | null;
};
