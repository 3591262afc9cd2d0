/**
 * The diagram a new process starts from: start → one user task → end, laid out left to right, so the modeler
 * opens on something that already runs once an assignee is set.
 */

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A BPMN id from a metadata name: `approveDiscount` → `Process_approveDiscount`. */
export function processElementId(name: string): string {
  return `Process_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export type TemplateTexts = { start: string; task: string; end: string };

/**
 * `newProcessXml('approval', 'Jóváhagyás', { start: 'Kezdés', task: 'Feladat', end: 'Kész' }, english)` → BPMN 2.0
 * XML; `english` texts, when given, become the steps' English names (`folyam:nameEn`).
 */
export function newProcessXml(name: string, label: string, texts: TemplateTexts, english?: TemplateTexts): string {
  const pid = processElementId(name);
  const en = (key: keyof TemplateTexts) =>
    english && english[key] !== texts[key] ? ` folyam:nameEn="${escapeXml(english[key])}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="Definitions_${escapeXml(name)}" targetNamespace="http://folyam.hu/bpmn">
  <bpmn:process id="${escapeXml(pid)}" name="${escapeXml(label)}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="${escapeXml(texts.start)}"${en('start')}>
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="Task_1" name="${escapeXml(texts.task)}"${en('task')}>
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1" name="${escapeXml(texts.end)}"${en('end')}>
      <bpmn:incoming>Flow_2</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${escapeXml(pid)}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="140" y="145" width="60" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1">
        <dc:Bounds x="250" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_1_di" bpmnElement="EndEvent_1">
        <dc:Bounds x="412" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="400" y="145" width="60" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
        <di:waypoint x="188" y="120" />
        <di:waypoint x="250" y="120" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
        <di:waypoint x="350" y="120" />
        <di:waypoint x="412" y="120" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** The `name` attribute of the first `bpmn:process` of an imported file, to propose a label. */
export function processNameOf(xml: string): string | undefined {
  const m = /<(?:\w+:)?process\b[^>]*?\sname="([^"]*)"/.exec(xml);
  return m
    ? m[1]
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    : undefined;
}
