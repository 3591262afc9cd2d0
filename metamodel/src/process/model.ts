/**
 * The plain JSON shape of a parsed BPMN process: what the validator checks, the workflow compiler compiles and the
 * modeler shows. No moddle objects survive into it, so it can be cached, sent over the wire and compared.
 */

/** A timer definition as written: exactly one of the three BPMN kinds, the raw text (ISO-8601 or `=FEEL`). */
export type TimerSpec = { kind: 'duration' | 'date' | 'cycle'; value: string };

export type ReminderSpec = { before?: string; after?: string; repeat?: string; channel?: string; template?: string };

export type NotificationSpec = {
  event: string;
  to?: string;
  channel?: string;
  template?: string;
  subject?: string;
  text?: string;
};

export type NameValue = { name: string; value: string };

export type RecordTriggerSpec = { entity: string; on: string; condition?: string };

/** The folyam: settings of one element; only the keys that apply to its type are set. */
export type FolyamSettings = {
  assignee?: string;
  candidateRoles?: string[];
  candidateGroups?: string[];
  form?: string;
  due?: string;
  reminders?: ReminderSpec[];
  notifications?: NotificationSpec[];
  connector?: string;
  action?: string;
  inputs?: NameValue[];
  outputs?: NameValue[];
  assignments?: NameValue[];
  recordTrigger?: RecordTriggerSpec;
};

export type ProcessElement = {
  id: string;
  /** The moddle type, e.g. `bpmn:UserTask`, `bpmn:SequenceFlow`. */
  type: string;
  name: string | null;
  /** The name English-speaking users see (`folyam:nameEn`); without it they see `name`. */
  nameEn?: string;
  /** The sub-process that holds the element; null at the process level. */
  parent: string | null;
  incoming: string[];
  outgoing: string[];
  /** Sequence flows */
  sourceRef?: string | null;
  targetRef?: string | null;
  /** Sequence flow condition (the `conditionExpression` body) */
  condition?: string | null;
  /** Gateways and activities: the id of the default flow */
  default?: string | null;
  /** Event definition types, e.g. `bpmn:TimerEventDefinition`, `bpmn:TerminateEventDefinition`. */
  eventDefinitions?: string[];
  timer?: TimerSpec | null;
  /** Boundary events */
  attachedTo?: string | null;
  cancelActivity?: boolean;
  /** Sub-processes: ids of the direct children (flow nodes and flows) */
  children?: string[];
  triggeredByEvent?: boolean;
  /** Multi-instance or standard loop characteristics, by type */
  loop?: string | null;
  isForCompensation?: boolean;
  /** Script tasks */
  scriptFormat?: string | null;
  script?: string | null;
  /** Gateway direction as written (informative) */
  folyam: FolyamSettings;
};

export type ProcessModel = {
  id: string;
  name: string | null;
  elements: Record<string, ProcessElement>;
  /** Ids of the process-level flow nodes and flows, in document order */
  children: string[];
  folyam: { notifications: NotificationSpec[] };
  /** What the parser met that the model cannot hold: other processes, message flows, parser warnings. */
  extras: { processes: string[]; messageFlows: string[]; warnings: string[] };
};
