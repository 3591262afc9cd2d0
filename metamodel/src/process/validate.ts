/**
 * What the Folyam workflow engine runs, checked on a parsed process: every element outside the supported subset is
 * refused by name and type, and structural mistakes (no start event, dangling flows, gateways without conditions,
 * unmatched parallel joins, bad FEEL, bad ISO-8601) are reported on the element that carries them.
 */
import { feelSyntaxError } from '../feel.ts';
import type { LocalizedText } from '../i18n.ts';
import { IDENTIFIER_RE } from '../names.ts';
import { describeElement } from './describe.ts';
import { parseCycle, parseDateTime, parseDuration } from './iso8601.ts';
import type { NotificationSpec, ProcessElement, ProcessModel } from './model.ts';

/** An issue of a process: `path` and `elementId` are the BPMN element id (the process id for process-wide ones). */
export type ProcessIssue = {
  code: string;
  path: string;
  elementId: string;
  messages: LocalizedText;
  /** The same text as `messages`, so a process issue is also a metadata `Issue`. */
  message: LocalizedText;
};

/** The BPMN element types the engine runs (sub-types refused separately: event definitions, loops, …). */
export const SUPPORTED_ELEMENT_TYPES = [
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ScriptTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:SubProcess',
  'bpmn:SequenceFlow',
] as const;

/** Elements that carry no behaviour and are left alone. */
const IGNORED_TYPES = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

export const CONNECTORS = ['email', 'sms', 'fax', 'record'] as const;
export const NOTIFICATION_EVENTS = ['create', 'complete', 'end'] as const;
export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export const RECORD_TRIGGER_EVENTS = ['created', 'updated'] as const;

const ACTIVITIES = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:SubProcess']);

/** A FEEL expression with its optional leading `=` removed. */
export function feelBody(expression: string): string {
  const t = expression.trim();
  return t.startsWith('=') ? t.slice(1).trim() : t;
}

class Collector {
  readonly issues: ProcessIssue[] = [];
  add(elementId: string, code: string, messages: LocalizedText): void {
    this.issues.push({ code, path: elementId, elementId, messages, message: messages });
  }
  unsupported(e: ProcessElement, what?: LocalizedText): void {
    const d = describeElement(e);
    this.add(e.id, 'process.unsupported', {
      hu: `${d.hu}${what ? ` ${what.hu}` : ''}: nem támogatott elem.`,
      en: `${d.en}${what ? ` ${what.en}` : ''} is not supported.`,
    });
  }
  element(e: ProcessElement, code: string, problem: LocalizedText): void {
    const d = describeElement(e);
    this.add(e.id, code, { hu: `${d.hu}: ${problem.hu}`, en: `${d.en}: ${problem.en}` });
  }
  feel(e: ProcessElement, what: string, expression: string | undefined | null): void {
    if (expression === undefined || expression === null) return;
    const body = feelBody(expression);
    const err = body === '' ? 'empty expression' : feelSyntaxError(body);
    if (err)
      this.element(e, 'process.feel', {
        hu: `hibás FEEL-kifejezés (${what}): ${expression} — ${err}`,
        en: `invalid FEEL expression (${what}): ${expression} — ${err}`,
      });
  }
  duration(e: ProcessElement, what: string, value: string | undefined): void {
    if (value === undefined) return;
    if (value.trim().startsWith('=')) return this.feel(e, what, value);
    const d = parseDuration(value);
    if (!d || d.negative)
      this.element(e, 'process.iso8601', {
        hu: `${what}: „${value}” nem ISO-8601 időtartam (pl. P2D, PT4H).`,
        en: `${what}: '${value}' is not an ISO-8601 duration (e.g. P2D, PT4H).`,
      });
  }
}

function oneOf(c: Collector, e: ProcessElement, what: string, value: string | undefined, allowed: readonly string[]) {
  if (value === undefined || !allowed.includes(value))
    c.element(e, 'process.invalidSetting', {
      hu: `${what}: ${value === undefined ? 'hiányzik' : `„${value}” nem megengedett`} (lehetséges: ${allowed.join(', ')}).`,
      en: `${what}: ${value === undefined ? 'missing' : `'${value}' is not allowed`} (allowed: ${allowed.join(', ')}).`,
    });
}

function checkNotifications(c: Collector, e: ProcessElement, list: NotificationSpec[] | undefined) {
  (list ?? []).forEach((n, i) => {
    const what = `folyam:Notification[${i + 1}]`;
    oneOf(c, e, `${what} event`, n.event || undefined, NOTIFICATION_EVENTS);
    if (n.channel !== undefined) oneOf(c, e, `${what} channel`, n.channel, NOTIFICATION_CHANNELS);
    if (!n.to)
      c.element(e, 'process.invalidSetting', {
        hu: `${what}: hiányzik a címzett (to).`,
        en: `${what}: the recipient (to) is missing.`,
      });
    else c.feel(e, `${what} to`, n.to);
    if (!n.template && !n.text && !n.subject)
      c.element(e, 'process.invalidSetting', {
        hu: `${what}: sablon (template) vagy szöveg (text) kell.`,
        en: `${what}: needs a template or a text.`,
      });
  });
}

function checkTimer(c: Collector, e: ProcessElement) {
  const t = e.timer;
  if (!t || !t.value) {
    c.element(e, 'process.timer', {
      hu: 'az időzítőnek nincs időtartama, időpontja vagy ciklusa.',
      en: 'the timer has no duration, date or cycle.',
    });
    return;
  }
  if (t.value.startsWith('=')) return c.feel(e, `timer ${t.kind}`, t.value);
  const ok =
    t.kind === 'duration'
      ? !!parseDuration(t.value) && !parseDuration(t.value)!.negative
      : t.kind === 'date'
        ? !!parseDateTime(t.value)
        : !!parseCycle(t.value);
  if (!ok) {
    const example = t.kind === 'duration' ? 'PT1H' : t.kind === 'date' ? '2026-03-01T09:00:00Z' : 'R3/PT1H';
    c.element(e, 'process.iso8601', {
      hu: `az időzítő értéke („${t.value}”) nem érvényes ISO-8601 ${t.kind === 'duration' ? 'időtartam' : t.kind === 'date' ? 'időpont' : 'ismétlődés'} (pl. ${example}).`,
      en: `the timer value '${t.value}' is not a valid ISO-8601 ${t.kind === 'cycle' ? 'repeating interval' : t.kind} (e.g. ${example}).`,
    });
  }
}

function checkEventDefinitions(c: Collector, e: ProcessElement, allowed: string[]): boolean {
  const defs = e.eventDefinitions ?? [];
  if (defs.length > 1 || defs.some((d) => !allowed.includes(d))) {
    c.unsupported(e);
    return false;
  }
  return true;
}

const isTimer = (e: ProcessElement) =>
  e.eventDefinitions?.length === 1 && e.eventDefinitions[0] === 'bpmn:TimerEventDefinition';

function checkUserTask(c: Collector, e: ProcessElement) {
  const f = e.folyam;
  if (f.assignee?.startsWith('=')) c.feel(e, 'assignee', f.assignee);
  if (f.due !== undefined) {
    if (f.due.startsWith('=')) c.feel(e, 'due', f.due);
    else if (!parseDateTime(f.due)) c.duration(e, 'due', f.due);
  }
  (f.reminders ?? []).forEach((r, i) => {
    const what = `folyam:Reminder[${i + 1}]`;
    if ((r.before === undefined) === (r.after === undefined))
      c.element(e, 'process.invalidSetting', {
        hu: `${what}: pontosan az egyik kell: before vagy after.`,
        en: `${what}: needs exactly one of before or after.`,
      });
    if (r.before !== undefined && f.due === undefined)
      c.element(e, 'process.invalidSetting', {
        hu: `${what}: a határidő előtti emlékeztetőhöz határidő (due) kell.`,
        en: `${what}: a reminder before the due date needs a due date.`,
      });
    c.duration(e, `${what} before`, r.before);
    c.duration(e, `${what} after`, r.after);
    c.duration(e, `${what} repeat`, r.repeat);
    if (r.repeat !== undefined && !r.repeat.startsWith('=')) {
      const d = parseDuration(r.repeat);
      if (d && !(d.years || d.months || d.weeks || d.days || d.hours || d.minutes || d.seconds))
        c.element(e, 'process.iso8601', {
          hu: `${what}: az ismétlés időköze nem lehet nulla.`,
          en: `${what}: the repeat interval cannot be zero.`,
        });
    }
    if (r.channel !== undefined) oneOf(c, e, `${what} channel`, r.channel, NOTIFICATION_CHANNELS);
  });
}

function checkServiceTask(c: Collector, e: ProcessElement) {
  const f = e.folyam;
  oneOf(c, e, 'folyam:connector', f.connector, CONNECTORS);
  for (const [kind, items] of [
    ['folyam:Input', f.inputs],
    ['folyam:Output', f.outputs],
  ] as const)
    (items ?? []).forEach((x, i) => {
      if (!x.name)
        c.element(e, 'process.invalidSetting', {
          hu: `${kind}[${i + 1}]: hiányzik a név.`,
          en: `${kind}[${i + 1}]: the name is missing.`,
        });
      c.feel(e, `${kind} ${x.name}`, x.value);
    });
}

function checkScriptTask(c: Collector, e: ProcessElement) {
  const assignments = e.folyam.assignments ?? [];
  const feelScript = (e.scriptFormat ?? '').toLowerCase() === 'feel' && !!e.script?.trim();
  if (!assignments.length && !feelScript) {
    c.element(e, 'process.invalidSetting', {
      hu: 'FEEL-értékadás (folyam:Assignment) vagy scriptFormat="feel" szkript kell.',
      en: 'needs FEEL assignments (folyam:Assignment) or a script with scriptFormat="feel".',
    });
    return;
  }
  assignments.forEach((a, i) => {
    if (!a.name || !IDENTIFIER_RE.test(a.name))
      c.element(e, 'process.invalidSetting', {
        hu: `folyam:Assignment[${i + 1}]: a név („${a.name}”) nem érvényes változónév.`,
        en: `folyam:Assignment[${i + 1}]: the name '${a.name}' is not a valid variable name.`,
      });
    c.feel(e, `folyam:Assignment ${a.name}`, a.value);
  });
  if (!assignments.length && feelScript) c.feel(e, 'script', e.script);
}

function checkRecordTrigger(c: Collector, e: ProcessElement) {
  const t = e.folyam.recordTrigger;
  if (!t) return;
  if (e.parent)
    c.element(e, 'process.invalidSetting', {
      hu: 'rekordindító (folyam:RecordTrigger) csak a folyamat kezdőeseményén lehet.',
      en: 'a record trigger (folyam:RecordTrigger) belongs on a process-level start event.',
    });
  if (!IDENTIFIER_RE.test(t.entity))
    c.element(e, 'process.invalidSetting', {
      hu: `folyam:RecordTrigger: az entitás neve („${t.entity}”) nem érvényes.`,
      en: `folyam:RecordTrigger: the entity name '${t.entity}' is not valid.`,
    });
  oneOf(c, e, 'folyam:RecordTrigger on', t.on || undefined, RECORD_TRIGGER_EVENTS);
  c.feel(e, 'folyam:RecordTrigger condition', t.condition);
}

/** Forward walk from one branch of a fork: which joins close it, and whether any path ends (or leaves) before. */
function walkBranch(model: ProcessModel, fork: ProcessElement, flowId: string) {
  const joins = new Set<string>();
  let open = false;
  const seen = new Set<string>();
  const stack: { flow: string; depth: number }[] = [{ flow: flowId, depth: 0 }];
  while (stack.length) {
    const { flow, depth } = stack.pop()!;
    const key = `${flow}@${depth}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const target = model.elements[model.elements[flow]?.targetRef ?? ''];
    if (!target) continue;
    if (target.id === fork.id) {
      open = true;
      continue;
    }
    let next = depth;
    if (target.type === 'bpmn:ParallelGateway') {
      if (target.incoming.length > 1) {
        if (depth === 0) {
          joins.add(target.id);
          continue;
        }
        next = depth - 1;
      }
      if (target.outgoing.length > 1) next += 1;
    }
    const outs = [...target.outgoing];
    // An interrupting boundary timer's path replaces the activity's own; a non-interrupting one is a side path
    // that may end on its own.
    for (const b of Object.values(model.elements))
      if (b.type === 'bpmn:BoundaryEvent' && b.attachedTo === target.id && b.cancelActivity !== false)
        outs.push(...b.outgoing);
    if (!outs.length) open = true;
    for (const o of outs) stack.push({ flow: o, depth: next });
  }
  return { joins, open };
}

function checkParallel(c: Collector, model: ProcessModel) {
  const gateways = Object.values(model.elements).filter((e) => e.type === 'bpmn:ParallelGateway');
  const matched = new Map<string, string>();
  for (const g of gateways) {
    if (g.incoming.length > 1 && g.outgoing.length > 1) {
      c.element(g, 'process.parallelMixed', {
        hu: 'egy párhuzamos átjáró nem lehet egyszerre elágazás és összefutás: bontsa két átjáróra.',
        en: 'a parallel gateway cannot both join and fork: split it into two gateways.',
      });
      continue;
    }
    if (g.outgoing.length < 2) continue;
    const branches = g.outgoing.map((f) => walkBranch(model, g, f));
    const joins = new Set(branches.flatMap((b) => [...b.joins]));
    if (joins.size === 0) continue; // branches that each run to an end: a fork without a join
    const [join] = joins;
    const j = model.elements[join];
    if (
      joins.size > 1 ||
      branches.some((b) => b.open || b.joins.size !== 1) ||
      j.incoming.length !== g.outgoing.length
    ) {
      c.element(g, 'process.parallelUnmatched', {
        hu: `az elágazás ágai nem ugyanabban a párhuzamos összefutásban (${[...joins].join(', ')}) érnek véget, vagy egy ág előtte kilép; csak blokkszerkezetű elágazás–összefutás támogatott.`,
        en: `the branches of this fork do not all end in one parallel join (${[...joins].join(', ')}), or a branch leaves before it; only block-structured fork/join pairs are supported.`,
      });
      continue;
    }
    matched.set(join, g.id);
  }
  for (const g of gateways)
    if (g.incoming.length > 1 && g.outgoing.length <= 1 && !matched.has(g.id))
      c.element(g, 'process.parallelUnmatched', {
        hu: 'ez a párhuzamos összefutás nem egyetlen elágazás összes ágát zárja le, így a folyamat itt megakadna.',
        en: 'this parallel join does not close all branches of one fork, so the process would wait here forever.',
      });
}

function checkElement(c: Collector, model: ProcessModel, e: ProcessElement) {
  if (IGNORED_TYPES.has(e.type)) return;
  if (!(SUPPORTED_ELEMENT_TYPES as readonly string[]).includes(e.type)) return c.unsupported(e);
  if (e.loop)
    return c.unsupported(e, {
      hu: e.loop.includes('MultiInstance') ? '(többpéldányos)' : '(ciklikus)',
      en: e.loop.includes('MultiInstance') ? '(multi-instance)' : '(loop)',
    });
  if (e.isForCompensation) return c.unsupported(e, { hu: '(kompenzációs)', en: '(for compensation)' });
  const isFlowNode = e.type !== 'bpmn:SequenceFlow';
  switch (e.type) {
    case 'bpmn:SequenceFlow': {
      if (!e.sourceRef || !model.elements[e.sourceRef])
        c.element(e, 'process.flowNoSource', { hu: 'nincs forrása.', en: 'has no source.' });
      if (!e.targetRef || !model.elements[e.targetRef])
        c.element(e, 'process.flowNoTarget', { hu: 'nincs célja.', en: 'has no target.' });
      const source = model.elements[e.sourceRef ?? ''];
      if (e.condition !== null && e.condition !== undefined) {
        if (source && source.type !== 'bpmn:ExclusiveGateway')
          c.unsupported(e, {
            hu: '(feltételes folyam csak kizáró átjáróból indulhat)',
            en: '(a condition on a flow is only supported out of an exclusive gateway)',
          });
        else c.feel(e, 'condition', e.condition);
      }
      return;
    }
    case 'bpmn:StartEvent':
      if (!checkEventDefinitions(c, e, [])) return;
      checkRecordTrigger(c, e);
      break;
    case 'bpmn:EndEvent':
      if (!checkEventDefinitions(c, e, ['bpmn:TerminateEventDefinition'])) return;
      checkNotifications(c, e, e.folyam.notifications);
      break;
    case 'bpmn:IntermediateCatchEvent':
      if (!isTimer(e)) return c.unsupported(e);
      checkTimer(c, e);
      break;
    case 'bpmn:BoundaryEvent': {
      if (!isTimer(e)) return c.unsupported(e);
      checkTimer(c, e);
      const host = model.elements[e.attachedTo ?? ''];
      if (!host || !['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SubProcess'].includes(host.type))
        c.element(e, 'process.boundaryHost', {
          hu: 'időzítő peremesemény csak felhasználói feladaton, szolgáltatásfeladaton vagy alfolyamaton lehet.',
          en: 'a timer boundary event must be attached to a user task, a service task or a sub-process.',
        });
      if (e.outgoing.length === 0)
        c.element(e, 'process.noOutgoing', { hu: 'nincs kimenő folyama.', en: 'has no outgoing flow.' });
      return;
    }
    case 'bpmn:UserTask':
      checkUserTask(c, e);
      checkNotifications(c, e, e.folyam.notifications);
      break;
    case 'bpmn:ServiceTask':
      checkServiceTask(c, e);
      break;
    case 'bpmn:ScriptTask':
      checkScriptTask(c, e);
      break;
    case 'bpmn:SubProcess': {
      if (e.triggeredByEvent) return c.unsupported(e);
      const starts = (e.children ?? []).map((id) => model.elements[id]).filter((x) => x?.type === 'bpmn:StartEvent');
      if (starts.length !== 1)
        c.element(e, 'process.subProcessStart', {
          hu: 'pontosan egy üres kezdőesemény kell benne.',
          en: 'needs exactly one none start event inside.',
        });
      break;
    }
    case 'bpmn:ExclusiveGateway': {
      if (e.default && !e.outgoing.includes(e.default))
        c.element(e, 'process.defaultFlow', {
          hu: 'az alapértelmezett folyam nem ennek az átjárónak a kimenete.',
          en: 'the default flow is not one of its outgoing flows.',
        });
      if (e.outgoing.length > 1)
        for (const fid of e.outgoing) {
          const f = model.elements[fid];
          if (fid !== e.default && !f.condition)
            c.element(e, 'process.gatewayNoCondition', {
              hu: `a(z) ${fid} kimenő folyamnak nincs feltétele, és nem is alapértelmezett.`,
              en: `the outgoing flow ${fid} has no condition and is not the default flow.`,
            });
        }
      break;
    }
  }
  if (!isFlowNode) return;
  if (ACTIVITIES.has(e.type)) {
    if (e.outgoing.length > 1)
      c.element(e, 'process.implicitSplit', {
        hu: 'több kimenő folyama van: elágazáshoz használjon átjárót.',
        en: 'has several outgoing flows: use a gateway to branch.',
      });
  }
  if (e.type !== 'bpmn:EndEvent' && e.outgoing.length === 0)
    c.element(e, 'process.noOutgoing', {
      hu: 'nincs kimenő folyama (a folyamat itt elakadna).',
      en: 'has no outgoing flow (the process would get stuck here).',
    });
  if (e.type !== 'bpmn:StartEvent' && e.incoming.length === 0)
    c.element(e, 'process.noIncoming', {
      hu: 'nincs bejövő folyama, így sosem érhető el.',
      en: 'has no incoming flow, so it is never reached.',
    });
}

/**
 * Checks a parsed process against what the engine runs.
 * `validateProcessModel(model)` → `[]`, or `[{ code: 'process.unsupported', path: 'Event_1', elementId: 'Event_1',
 * messages: { en: "Compensation boundary event 'Undo' (id Event_1) is not supported.", hu: … } }]`
 */
export function validateProcessModel(model: ProcessModel): ProcessIssue[] {
  const c = new Collector();
  for (const p of model.extras.processes)
    c.add(p, 'process.unsupported', {
      hu: `Több folyamat (medence) egy fájlban nem támogatott: ${p}.`,
      en: `Several processes (pools) in one file are not supported: ${p}.`,
    });
  for (const m of model.extras.messageFlows)
    c.add(m, 'process.unsupported', {
      hu: `Az üzenetfolyam (azonosító: ${m}) nem támogatott.`,
      en: `Message flow (id ${m}) is not supported.`,
    });
  const starts = model.children.map((id) => model.elements[id]).filter((e) => e.type === 'bpmn:StartEvent');
  if (!starts.length)
    c.add(model.id, 'process.noStart', {
      hu: 'A folyamatnak nincs kezdőeseménye.',
      en: 'The process has no start event.',
    });
  checkNotifications(
    c,
    { id: model.id, type: 'bpmn:Process', name: model.name, parent: null, incoming: [], outgoing: [], folyam: {} },
    model.folyam.notifications,
  );
  for (const e of Object.values(model.elements)) checkElement(c, model, e);
  checkParallel(c, model);
  return c.issues;
}
