/**
 * BPMN XML → plain `ProcessModel`, with the `folyam:` extension read. Pure and browser-safe: bpmn-moddle only.
 * Elements of other extension namespaces (Camunda `zeebe:`, `camunda:` …) are read by moddle as generic elements
 * and ignored here.
 */
// bpmn-moddle has no types for its entry point; the reference keeps them with this file wherever it is compiled.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./bpmn-moddle.d.ts" />
import { BpmnModdle } from 'bpmn-moddle';
import folyamDescriptor from './folyam.moddle.json' with { type: 'json' };
import type {
  FolyamSettings,
  NameValue,
  NotificationSpec,
  ProcessElement,
  ProcessModel,
  ReminderSpec,
  TimerSpec,
} from './model.ts';

export * from './model.ts';
export { validateProcessModel, type ProcessIssue } from './validate.ts';

/** The moddle descriptor of the `folyam:` namespace, for bpmn-js (`moddleExtensions: { folyam: folyamModdle }`). */
export const folyamModdle = folyamDescriptor;
export const FOLYAM_BPMN_NS = 'https://folyam.hu/schema/bpmn/1.0';

/** BPMN files above this size are refused before parsing. */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;

/** Thrown for XML that is not a BPMN document; `code` is stable. */
export class ProcessParseError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

// moddle objects are dynamic: their properties depend on the descriptors, so they are read loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Moddle = any;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function list(v: unknown): string[] | undefined {
  const s = str(v);
  if (!s) return undefined;
  const items = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function extensions(el: Moddle, type: string): Moddle[] {
  const values: Moddle[] = el.extensionElements?.values ?? [];
  return values.filter((v) => v.$type === type);
}

function notifications(el: Moddle): NotificationSpec[] {
  return extensions(el, 'folyam:Notification').map((n) =>
    compact({
      event: str(n.event) ?? '',
      to: str(n.to),
      channel: str(n.channel),
      template: str(n.template),
      subject: str(n.subject),
      text: typeof n.text === 'string' ? n.text : undefined,
    }),
  );
}

function nameValues(el: Moddle, type: string): NameValue[] {
  return extensions(el, type).map((x) => ({
    name: str(x.name) ?? '',
    value: typeof x.value === 'string' ? x.value : '',
  }));
}

function folyamSettings(el: Moddle): FolyamSettings {
  const f: FolyamSettings = {};
  switch (el.$type) {
    case 'bpmn:UserTask': {
      Object.assign(
        f,
        compact({
          assignee: str(el.assignee),
          candidateRoles: list(el.candidateRoles),
          candidateGroups: list(el.candidateGroups),
          form: str(el.form),
          due: str(el.due),
        }),
      );
      const reminders: ReminderSpec[] = extensions(el, 'folyam:Reminder').map((r) =>
        compact({
          before: str(r.before),
          after: str(r.after),
          repeat: str(r.repeat),
          channel: str(r.channel),
          template: str(r.template),
        }),
      );
      if (reminders.length) f.reminders = reminders;
      break;
    }
    case 'bpmn:ServiceTask': {
      Object.assign(f, compact({ connector: str(el.connector), action: str(el.action) }));
      const inputs = nameValues(el, 'folyam:Input');
      const outputs = nameValues(el, 'folyam:Output');
      if (inputs.length) f.inputs = inputs;
      if (outputs.length) f.outputs = outputs;
      break;
    }
    case 'bpmn:ScriptTask': {
      const assignments = nameValues(el, 'folyam:Assignment');
      if (assignments.length) f.assignments = assignments;
      break;
    }
    case 'bpmn:StartEvent': {
      const t = extensions(el, 'folyam:RecordTrigger')[0];
      if (t)
        f.recordTrigger = compact({ entity: str(t.entity) ?? '', on: str(t.on) ?? '', condition: str(t.condition) });
      break;
    }
  }
  const n = notifications(el);
  if (n.length) f.notifications = n;
  return f;
}

function timerOf(def: Moddle): TimerSpec | null {
  for (const kind of ['duration', 'date', 'cycle'] as const) {
    const prop = kind === 'duration' ? 'timeDuration' : kind === 'date' ? 'timeDate' : 'timeCycle';
    const expr = def[prop];
    if (expr) return { kind, value: typeof expr.body === 'string' ? expr.body.trim() : '' };
  }
  return null;
}

function toElement(el: Moddle, parent: string | null): ProcessElement {
  const e: ProcessElement = {
    id: el.id,
    type: el.$type,
    name: str(el.name) ?? null,
    ...(str(el.nameEn) ? { nameEn: str(el.nameEn) } : {}),
    parent,
    incoming: [],
    outgoing: [],
    folyam: folyamSettings(el),
  };
  if (el.$type === 'bpmn:SequenceFlow') {
    e.sourceRef = el.sourceRef?.id ?? null;
    e.targetRef = el.targetRef?.id ?? null;
    const body = el.conditionExpression?.body;
    e.condition = typeof body === 'string' && body.trim() !== '' ? body.trim() : null;
    return e;
  }
  if ('default' in el || el.$instanceOf?.('bpmn:Gateway') || el.$instanceOf?.('bpmn:Activity'))
    e.default = el.default?.id ?? null;
  if (el.$instanceOf?.('bpmn:Event')) {
    const defs: Moddle[] = el.eventDefinitions ?? [];
    e.eventDefinitions = defs.map((d) => d.$type);
    const timerDef = defs.find((d) => d.$type === 'bpmn:TimerEventDefinition');
    e.timer = timerDef ? timerOf(timerDef) : null;
  }
  if (el.$type === 'bpmn:BoundaryEvent') {
    e.attachedTo = el.attachedToRef?.id ?? null;
    e.cancelActivity = el.cancelActivity !== false;
  }
  if (el.$instanceOf?.('bpmn:Activity')) {
    e.loop = el.loopCharacteristics?.$type ?? null;
    if (el.isForCompensation) e.isForCompensation = true;
  }
  if (el.$instanceOf?.('bpmn:SubProcess')) {
    e.children = [];
    if (el.triggeredByEvent) e.triggeredByEvent = true;
  }
  if (el.$type === 'bpmn:ScriptTask') {
    e.scriptFormat = str(el.scriptFormat) ?? null;
    e.script = typeof el.script === 'string' ? el.script : null;
  }
  return e;
}

function collect(flowElements: Moddle[], parent: string | null, model: ProcessModel, into: string[]): void {
  for (const el of flowElements ?? []) {
    if (!el?.id) continue;
    const e = toElement(el, parent);
    model.elements[e.id] = e;
    into.push(e.id);
    if (e.children) collect(el.flowElements, e.id, model, e.children);
  }
}

/**
 * Parses BPMN 2.0 XML into a plain `ProcessModel`. The executable process is taken (the first one when none is
 * marked executable). `incoming`/`outgoing` are derived from the flows' `sourceRef`/`targetRef`, since moddle only
 * fills them when the XML lists them.
 * `await parseProcessXml(xml)` → `{ id: 'Process_1', elements: { StartEvent_1: { type: 'bpmn:StartEvent', … } } }`
 * Throws `ProcessParseError` (`process.xml`, `process.noProcess`, `process.tooLarge`).
 */
export async function parseProcessXml(xml: string): Promise<ProcessModel> {
  if (xml.length > MAX_BPMN_BYTES) throw new ProcessParseError('process.tooLarge', 'The BPMN file is too large.');
  const moddle = new BpmnModdle({ folyam: folyamDescriptor });
  let definitions: Moddle;
  let warnings: { message: string }[];
  try {
    const result = await moddle.fromXML(xml, 'bpmn:Definitions');
    definitions = result.rootElement;
    warnings = result.warnings ?? [];
  } catch (e) {
    throw new ProcessParseError('process.xml', e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const roots: Moddle[] = definitions?.rootElements ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  const process = processes.find((p) => p.isExecutable) ?? processes[0];
  if (!process) throw new ProcessParseError('process.noProcess', 'The BPMN file holds no process.');
  const messageFlows: string[] = [];
  for (const r of roots)
    if (r.$type === 'bpmn:Collaboration') for (const mf of r.messageFlows ?? []) if (mf.id) messageFlows.push(mf.id);
  const model: ProcessModel = {
    id: process.id,
    name: str(process.name) ?? null,
    elements: {},
    children: [],
    folyam: { notifications: notifications(process) },
    extras: {
      processes: processes.filter((p) => p !== process).map((p) => p.id),
      messageFlows,
      warnings: warnings.map((w) => w.message.split('\n')[0]),
    },
  };
  collect(process.flowElements, null, model, model.children);
  for (const e of Object.values(model.elements)) {
    if (e.type !== 'bpmn:SequenceFlow') continue;
    if (e.sourceRef && model.elements[e.sourceRef]) model.elements[e.sourceRef].outgoing.push(e.id);
    if (e.targetRef && model.elements[e.targetRef]) model.elements[e.targetRef].incoming.push(e.id);
  }
  return model;
}
