/**
 * A BPMN file without diagram information — written by hand, or by a tool that leaves the drawing out — still opens:
 * its flows are linked to their elements (`incoming`/`outgoing`, which such files often omit) and it is laid out
 * automatically. Files that carry a diagram are used as they are.
 */
import { folyamModdle } from '../../studio/process/moddle.ts';

const HAS_DIAGRAM = /<(?:[\w.-]+:)?BPMNDiagram[\s/>]/;

type Element = {
  $type: string;
  get(name: string): Element[];
  flowElements?: Element[];
  rootElements?: Element[];
  sourceRef?: Element;
  targetRef?: Element;
};

/** Whether the XML holds a drawing (`bpmndi:BPMNDiagram`). */
export function hasDiagram(xml: string): boolean {
  return HAS_DIAGRAM.test(xml);
}

/** Every process and sub-process: the containers whose flows are linked. */
function containers(definitions: Element): Element[] {
  const out: Element[] = [];
  const visit = (c: Element) => {
    out.push(c);
    for (const e of c.flowElements ?? []) if (e.$type === 'bpmn:SubProcess') visit(e);
  };
  for (const root of definitions.rootElements ?? []) if (root.$type === 'bpmn:Process') visit(root);
  return out;
}

/** `await withDiagram(xml)` → `{ xml, laidOut }`: the same XML when it has a drawing, else one laid out. */
export async function withDiagram(xml: string): Promise<{ xml: string; laidOut: boolean }> {
  if (hasDiagram(xml)) return { xml, laidOut: false };
  const [{ BpmnModdle }, { layoutProcess }] = await Promise.all([import('bpmn-moddle'), import('bpmn-auto-layout')]);
  const moddle = new BpmnModdle({ folyam: folyamModdle });
  const { rootElement } = (await moddle.fromXML(xml)) as unknown as { rootElement: Element };
  for (const container of containers(rootElement)) {
    for (const flow of container.flowElements ?? []) {
      if (flow.$type !== 'bpmn:SequenceFlow' || !flow.sourceRef || !flow.targetRef) continue;
      const outgoing = flow.sourceRef.get('outgoing');
      if (!outgoing.includes(flow)) outgoing.push(flow);
      const incoming = flow.targetRef.get('incoming');
      if (!incoming.includes(flow)) incoming.push(flow);
    }
  }
  const { xml: linked } = await moddle.toXML(rootElement as never, { format: true });
  return { xml: (await layoutProcess(linked)) as string, laidOut: true };
}

/**
 * The XML as English-speaking users see it: each element named by its `folyam:nameEn` where it has one (the rest
 * keep the name they were drawn with). Any other language, or a file without English names, is returned as it is.
 */
export async function inLanguage(xml: string, locale: string): Promise<string> {
  if (locale !== 'en' || !xml.includes('nameEn')) return xml;
  const { BpmnModdle } = await import('bpmn-moddle');
  const moddle = new BpmnModdle({ folyam: folyamModdle });
  const { rootElement, elementsById } = (await moddle.fromXML(xml)) as unknown as {
    rootElement: Element;
    elementsById: Record<string, { name?: string; nameEn?: string }>;
  };
  for (const el of Object.values(elementsById)) if (el.nameEn) el.name = el.nameEn;
  return (await moddle.toXML(rootElement as never)).xml;
}
