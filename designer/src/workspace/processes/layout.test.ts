import { describe, expect, it } from 'vitest';
import { hasDiagram, inLanguage, withDiagram } from './layout.ts';

const HAND_WRITTEN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="d" targetNamespace="https://folyam.hu/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:userTask id="check" name="Ellenőrzés" folyam:assignee="=initiator" />
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" default="f4" />
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="send">
      <bpmn:conditionExpression>=ok = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="end" />
    <bpmn:serviceTask id="send" folyam:connector="email" folyam:action="send">
      <bpmn:extensionElements><folyam:input name="to" value="=initiator" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f5" sourceRef="send" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('BPMN without a drawing', () => {
  it('is laid out with a shape per element and an edge per flow, keeping the folyam: settings', async () => {
    expect(hasDiagram(HAND_WRITTEN)).toBe(false);
    const { xml, laidOut } = await withDiagram(HAND_WRITTEN);
    expect(laidOut).toBe(true);
    expect(hasDiagram(xml)).toBe(true);
    for (const id of ['start', 'check', 'gw', 'send', 'end']) expect(xml).toContain(`bpmnElement="${id}"`);
    const edges = [...xml.matchAll(/<bpmndi:BPMNEdge[^>]*bpmnElement="(\w+)"/g)].map((m) => m[1]).sort();
    expect(edges).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(xml).toContain('folyam:assignee="=initiator"');
    expect(xml).toMatch(/<folyam:input name="to" value="=initiator"/);
    expect(xml).toContain('default="f4"');
  });

  it('leaves a file that has a drawing as it is', async () => {
    const drawn = HAND_WRITTEN.replace(
      '</bpmn:definitions>',
      '<bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="x"/></bpmn:definitions>',
    );
    expect(await withDiagram(drawn)).toEqual({ xml: drawn, laidOut: false });
  });
});

describe('a diagram in English', () => {
  const NAMED = HAND_WRITTEN.replace('name="Ellenőrzés"', 'name="Ellenőrzés" folyam:nameEn="Check"').replace(
    '<bpmn:endEvent id="end" />',
    '<bpmn:endEvent id="end" name="Kész" />',
  );

  it('names each element by its English name where it has one, and keeps the rest', async () => {
    const xml = await inLanguage(NAMED, 'en');
    expect(xml).toMatch(/<bpmn:userTask id="check" name="Check"/);
    expect(xml).toContain('name="Kész"');
    // the settings stay: the engine's and the modeler's view of the file is the same
    expect(xml).toContain('folyam:assignee="=initiator"');
  });

  it('leaves the file as it is in Hungarian, and when it has no English names', async () => {
    expect(await inLanguage(NAMED, 'hu')).toBe(NAMED);
    expect(await inLanguage(HAND_WRITTEN, 'en')).toBe(HAND_WRITTEN);
  });
});
