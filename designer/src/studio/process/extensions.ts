/**
 * Reading and replacing the `folyam:` extension elements of a BPMN element (reminders, notifications, inputs,
 * outputs, assignments, record triggers). A change builds a new `bpmn:ExtensionElements` that keeps the other
 * kinds, so the properties panel sets it with one undoable `modeling.updateProperties` call.
 */

/** The parts of a moddle element this module touches. */
export type ModdleElement = {
  $type: string;
  $parent?: ModdleElement;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [k: string]: unknown;
};
export type Moddle = { create(type: string, attrs?: Record<string, unknown>): ModdleElement };

export type Attrs = Record<string, string>;

function extensionValues(bo: ModdleElement): ModdleElement[] {
  const ext = bo.get('extensionElements') as ModdleElement | undefined;
  return ((ext?.get('values') as ModdleElement[] | undefined) ?? []).slice();
}

/** `extensionsOf(task, 'folyam:Reminder')` → the reminders as plain attribute maps, in order. */
export function extensionsOf(bo: ModdleElement, type: string, keys: readonly string[]): Attrs[] {
  return extensionValues(bo)
    .filter((v) => v.$type === type)
    .map((v) => Object.fromEntries(keys.map((k) => [k, (v.get(k) as string | undefined) ?? ''])));
}

/**
 * A new `extensionElements` for `bo` whose entries of `type` are `items` (empty attributes left out), the other
 * entries kept in place; undefined when nothing would be left.
 */
export function replaceExtensions(
  moddle: Moddle,
  bo: ModdleElement,
  type: string,
  items: Attrs[],
): ModdleElement | undefined {
  const others = extensionValues(bo).filter((v) => v.$type !== type);
  const created = items.map((item) =>
    moddle.create(type, Object.fromEntries(Object.entries(item).filter(([, v]) => v !== '' && v !== undefined))),
  );
  const values = [...others, ...created];
  if (!values.length) return undefined;
  const ext = moddle.create('bpmn:ExtensionElements', { values });
  for (const v of values) v.$parent = ext;
  return ext;
}

/** `splitList('sales, manager')` → `['sales', 'manager']` (candidate roles and groups are comma-separated). */
export function splitList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function joinList(values: string[]): string | undefined {
  const v = values.map((s) => s.trim()).filter(Boolean);
  return v.length ? v.join(',') : undefined;
}

/** The concepts the properties panel knows, from a business object's type and event definition. */
export type ElementKind =
  | 'process'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'sequenceFlow'
  | 'timerEvent'
  | 'startEvent'
  | 'endEvent'
  | 'gateway'
  | 'other';

export function elementKind(bo: ModdleElement | undefined): ElementKind {
  if (!bo) return 'other';
  const defs = (bo.get?.('eventDefinitions') as ModdleElement[] | undefined) ?? [];
  if (defs.some((d) => d.$type === 'bpmn:TimerEventDefinition')) return 'timerEvent';
  switch (bo.$type) {
    case 'bpmn:Process':
    case 'bpmn:Collaboration':
      return 'process';
    case 'bpmn:UserTask':
      return 'userTask';
    case 'bpmn:ServiceTask':
      return 'serviceTask';
    case 'bpmn:ScriptTask':
      return 'scriptTask';
    case 'bpmn:SequenceFlow':
      return 'sequenceFlow';
    case 'bpmn:StartEvent':
      return 'startEvent';
    case 'bpmn:EndEvent':
      return 'endEvent';
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:ParallelGateway':
    case 'bpmn:InclusiveGateway':
      return 'gateway';
    default:
      return 'other';
  }
}
