/** Human names of BPMN elements for messages: "Compensation boundary event 'Undo' (id Event_1)". */
import type { LocalizedText } from '../i18n.ts';
import type { ProcessElement } from './model.ts';

const TYPES: Record<string, LocalizedText> = {
  Process: { hu: 'folyamat', en: 'process' },
  StartEvent: { hu: 'kezdőesemény', en: 'start event' },
  EndEvent: { hu: 'záróesemény', en: 'end event' },
  IntermediateCatchEvent: { hu: 'köztes elkapó esemény', en: 'intermediate catch event' },
  IntermediateThrowEvent: { hu: 'köztes kiváltó esemény', en: 'intermediate throw event' },
  BoundaryEvent: { hu: 'peremesemény', en: 'boundary event' },
  UserTask: { hu: 'felhasználói feladat', en: 'user task' },
  ServiceTask: { hu: 'szolgáltatásfeladat', en: 'service task' },
  ScriptTask: { hu: 'szkriptfeladat', en: 'script task' },
  SendTask: { hu: 'küldő feladat', en: 'send task' },
  ReceiveTask: { hu: 'fogadó feladat', en: 'receive task' },
  ManualTask: { hu: 'kézi feladat', en: 'manual task' },
  BusinessRuleTask: { hu: 'üzletiszabály-feladat', en: 'business rule task' },
  Task: { hu: 'típus nélküli feladat', en: 'task without a type' },
  CallActivity: { hu: 'hívó tevékenység', en: 'call activity' },
  SubProcess: { hu: 'alfolyamat', en: 'sub-process' },
  Transaction: { hu: 'tranzakció', en: 'transaction' },
  AdHocSubProcess: { hu: 'ad hoc alfolyamat', en: 'ad-hoc sub-process' },
  ExclusiveGateway: { hu: 'kizáró átjáró', en: 'exclusive gateway' },
  ParallelGateway: { hu: 'párhuzamos átjáró', en: 'parallel gateway' },
  InclusiveGateway: { hu: 'befogadó átjáró', en: 'inclusive gateway' },
  EventBasedGateway: { hu: 'eseményalapú átjáró', en: 'event-based gateway' },
  ComplexGateway: { hu: 'összetett átjáró', en: 'complex gateway' },
  SequenceFlow: { hu: 'sorrendi folyam', en: 'sequence flow' },
  DataObjectReference: { hu: 'adatobjektum', en: 'data object' },
  DataStoreReference: { hu: 'adattár', en: 'data store' },
};

const DEFINITIONS: Record<string, LocalizedText> = {
  TimerEventDefinition: { hu: 'időzítő', en: 'timer' },
  MessageEventDefinition: { hu: 'üzenet', en: 'message' },
  SignalEventDefinition: { hu: 'jelzés', en: 'signal' },
  ErrorEventDefinition: { hu: 'hiba', en: 'error' },
  EscalationEventDefinition: { hu: 'eszkalációs', en: 'escalation' },
  CompensateEventDefinition: { hu: 'kompenzációs', en: 'compensation' },
  ConditionalEventDefinition: { hu: 'feltételes', en: 'conditional' },
  LinkEventDefinition: { hu: 'kapcsolati', en: 'link' },
  CancelEventDefinition: { hu: 'megszakító', en: 'cancel' },
  TerminateEventDefinition: { hu: 'befejező', en: 'terminate' },
};

const local = (type: string) => type.replace(/^.*:/, '');

/** "timer boundary event" / "időzítő peremesemény"; the type itself when it has no name here. */
export function describeType(
  element: Pick<ProcessElement, 'type' | 'eventDefinitions' | 'triggeredByEvent'>,
): LocalizedText {
  const base = TYPES[local(element.type)] ?? { hu: local(element.type), en: local(element.type) };
  const defs = (element.eventDefinitions ?? []).map((d) => DEFINITIONS[local(d)] ?? { hu: local(d), en: local(d) });
  const kind =
    defs.length > 1
      ? { hu: 'többszörös', en: 'multiple' }
      : defs.length === 1
        ? defs[0]
        : element.triggeredByEvent
          ? { hu: 'esemény-', en: 'event' }
          : null;
  if (!kind) return base;
  return {
    hu: element.triggeredByEvent ? `esemény-${base.hu}` : `${kind.hu} ${base.hu}`,
    en: `${kind.en} ${base.en}`,
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `Compensation boundary event 'Undo' (id Event_1)` / `A(z) 'Undo' kompenzációs peremesemény (Event_1)`. */
export function describeElement(element: ProcessElement): LocalizedText {
  const t = describeType(element);
  const name = element.name ? ` '${element.name}'` : '';
  return {
    hu: `A(z)${name} ${t.hu} (azonosító: ${element.id})`,
    en: `${capital(t.en)}${name} (id ${element.id})`,
  };
}
