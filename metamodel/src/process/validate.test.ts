import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcessXml } from './parse.ts';
import { validateProcessModel } from './validate.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A process document around the given flow elements. */
const bpmn = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="Defs" targetNamespace="t">
  <process id="P" isExecutable="true">${body}</process>${extra}
</definitions>`;

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression></sequenceFlow>`
    : `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

const userTask = (id: string, attrs = '') => `<userTask id="${id}" name="${id}" ${attrs}/>`;

async function issuesOf(xml: string) {
  return validateProcessModel(await parseProcessXml(xml));
}

describe('validateProcessModel', () => {
  it('accepts a process using every supported element', async () => {
    expect(await issuesOf(fixture('onboarding.bpmn'))).toEqual([]);
  });

  it('accepts a Camunda Modeler file with zeebe extensions, ignoring them', async () => {
    // given a file saved by Camunda Modeler 5 for Camunda 8 (zeebe:taskDefinition, zeebe:assignmentDefinition, …)
    const model = await parseProcessXml(fixture('camunda-zeebe.bpmn'));
    // when
    const issues = validateProcessModel(model);
    // then
    expect(issues).toEqual([]);
  });

  it('refuses a Camunda file for its genuinely unsupported elements only', async () => {
    // given the same file with its script task turned into a business rule task (DMN)
    const xml = fixture('camunda-zeebe.bpmn')
      .replace('<bpmn:scriptTask id="Activity_status"', '<bpmn:businessRuleTask id="Activity_status"')
      .replace('</bpmn:scriptTask>', '</bpmn:businessRuleTask>');
    // when
    const issues = await issuesOf(xml);
    // then
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'process.unsupported',
      elementId: 'Activity_status',
      path: 'Activity_status',
    });
    expect(issues[0].messages.en).toBe(
      "Business rule task 'Státusz beállítása' (id Activity_status) is not supported.",
    );
    expect(issues[0].messages.hu).toContain('Activity_status');
  });

  it('refuses a compensation boundary event, naming it', async () => {
    // given a hand-written BPMN 2.0 file with compensation
    const issues = await issuesOf(fixture('compensation.bpmn'));
    // then
    const byId = Object.fromEntries(issues.map((i) => [i.elementId, i]));
    expect(byId.UndoBooking.code).toBe('process.unsupported');
    expect(byId.UndoBooking.messages.en).toBe("Compensation boundary event 'Undo' (id UndoBooking) is not supported.");
    expect(byId.UndoBooking.messages.hu).toBe(
      "A(z) 'Undo' kompenzációs peremesemény (azonosító: UndoBooking): nem támogatott elem.",
    );
    expect(byId.Cancel.messages.en).toContain('(for compensation) is not supported');
    expect(byId.Failed.messages.en).toBe(
      "Compensation intermediate throw event 'Roll back' (id Failed) is not supported.",
    );
    expect(issues.every((i) => i.path === i.elementId && i.message === i.messages)).toBe(true);
  });

  it.each([
    ['<inclusiveGateway id="X"/>', 'Inclusive gateway (id X) is not supported.'],
    ['<eventBasedGateway id="X"/>', 'Event-based gateway (id X) is not supported.'],
    ['<callActivity id="X" name="Call"/>', "Call activity 'Call' (id X) is not supported."],
    ['<sendTask id="X"/>', 'Send task (id X) is not supported.'],
    ['<task id="X"/>', 'Task without a type (id X) is not supported.'],
    ['<manualTask id="X"/>', 'Manual task (id X) is not supported.'],
    ['<transaction id="X"/>', 'Transaction (id X) is not supported.'],
    [
      '<userTask id="X"><multiInstanceLoopCharacteristics/></userTask>',
      'User task (id X) (multi-instance) is not supported.',
    ],
    [
      '<intermediateCatchEvent id="X"><messageEventDefinition/></intermediateCatchEvent>',
      'Message intermediate catch event (id X) is not supported.',
    ],
    ['<endEvent id="X"><errorEventDefinition/></endEvent>', 'Error end event (id X) is not supported.'],
    [
      '<subProcess id="X" triggeredByEvent="true"><startEvent id="XS"/></subProcess>',
      'Event sub-process (id X) is not supported.',
    ],
  ])('refuses %s by name and type', async (element, message) => {
    const issues = await issuesOf(
      bpmn(`<startEvent id="S"/>${flow('f1', 'S', 'X')}${element}${flow('f2', 'X', 'E')}<endEvent id="E"/>`),
    );
    expect(issues.find((i) => i.elementId === 'X')?.messages.en).toBe(message);
  });

  it('refuses a timer start event and message flows between pools', async () => {
    const issues = await issuesOf(
      bpmn(
        `<startEvent id="S"><timerEventDefinition><timeCycle>R/P1D</timeCycle></timerEventDefinition></startEvent>${flow('f1', 'S', 'E')}<endEvent id="E"/>`,
        `<collaboration id="C"><participant id="A" processRef="P"/><participant id="B"/><messageFlow id="M" sourceRef="A" targetRef="B"/></collaboration>`,
      ),
    );
    expect(issues.map((i) => i.messages.en)).toEqual([
      'Message flow (id M) is not supported.',
      'Timer start event (id S) is not supported.',
    ]);
  });

  it('reports a process without a start event', async () => {
    const issues = await issuesOf(bpmn(`${userTask('T')}${flow('f', 'T', 'E')}<endEvent id="E"/>`));
    expect(issues.map((i) => [i.code, i.elementId])).toEqual([
      ['process.noStart', 'P'],
      ['process.noIncoming', 'T'],
    ]);
  });

  it('reports a flow without a target', async () => {
    const issues = await issuesOf(bpmn(`<startEvent id="S"/>${flow('f1', 'S', 'Ghost')}`));
    expect(issues.map((i) => [i.code, i.elementId])).toEqual([['process.flowNoTarget', 'f1']]);
    expect(issues[0].messages.en).toBe('Sequence flow (id f1): has no target.');
  });

  it('reports an exclusive gateway with several outgoing flows but no condition or default', async () => {
    const body = `<startEvent id="S"/>${flow('f1', 'S', 'G')}<exclusiveGateway id="G" name="Amount?"/>
      ${flow('a', 'G', 'E', '=amount &gt; 10')}${flow('b', 'G', 'E')}<endEvent id="E"/>`;
    const issues = await issuesOf(bpmn(body));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'process.gatewayNoCondition', elementId: 'G' });
    expect(issues[0].messages.en).toBe(
      "Exclusive gateway 'Amount?' (id G): the outgoing flow b has no condition and is not the default flow.",
    );
    // with b as the default flow it is fine
    expect(
      await issuesOf(bpmn(body.replace('<exclusiveGateway id="G"', '<exclusiveGateway id="G" default="b"'))),
    ).toEqual([]);
  });

  it('reports a parallel join that does not match its fork', async () => {
    // given a fork whose second branch joins an unrelated join
    const body = `<startEvent id="S"/>${flow('f1', 'S', 'F')}<parallelGateway id="F"/>
      ${flow('a', 'F', 'A')}${flow('b', 'F', 'B')}${userTask('A')}${userTask('B')}
      ${flow('a2', 'A', 'J')}${flow('b2', 'B', 'X')}<exclusiveGateway id="X"/>${flow('x1', 'X', 'J', '=ok')}${flow('x2', 'X', 'E2', '=not(ok)')}
      <parallelGateway id="J"/>${flow('j', 'J', 'E')}<endEvent id="E"/><endEvent id="E2"/>`;
    const issues = await issuesOf(bpmn(body));
    expect(issues.map((i) => [i.code, i.elementId])).toEqual([
      ['process.parallelUnmatched', 'F'],
      ['process.parallelUnmatched', 'J'],
    ]);
    // and a join fed by two independent paths
    const loose = `<startEvent id="S1"/><startEvent id="S2"/>${flow('a', 'S1', 'J')}${flow('b', 'S2', 'J')}
      <parallelGateway id="J"/>${flow('j', 'J', 'E')}<endEvent id="E"/>`;
    expect((await issuesOf(bpmn(loose))).map((i) => i.elementId)).toEqual(['J']);
  });

  it('accepts nested block-structured fork/join pairs and a fork without a join', async () => {
    const body = `<startEvent id="S"/>${flow('f1', 'S', 'F')}<parallelGateway id="F"/>
      ${flow('a', 'F', 'F2')}${flow('b', 'F', 'B')}
      <parallelGateway id="F2"/>${flow('c', 'F2', 'C')}${flow('d', 'F2', 'D')}${userTask('C')}${userTask('D')}
      ${flow('c2', 'C', 'J2')}${flow('d2', 'D', 'J2')}<parallelGateway id="J2"/>${flow('j2', 'J2', 'J')}
      ${userTask('B')}${flow('b2', 'B', 'J')}<parallelGateway id="J"/>${flow('j', 'J', 'F3')}
      <parallelGateway id="F3"/>${flow('e1', 'F3', 'E1')}${flow('e2', 'F3', 'E2')}<endEvent id="E1"/><endEvent id="E2"/>`;
    expect(await issuesOf(bpmn(body))).toEqual([]);
  });

  it('lets a non-interrupting boundary path inside a parallel branch end on its own', async () => {
    const body = `<startEvent id="S"/>${flow('f1', 'S', 'F')}<parallelGateway id="F"/>${flow('a', 'F', 'A')}${flow('b', 'F', 'B')}
      ${userTask('A')}${userTask('B')}${flow('a2', 'A', 'J')}${flow('b2', 'B', 'J')}<parallelGateway id="J"/>${flow('j', 'J', 'E')}
      <boundaryEvent id="R" attachedToRef="A" cancelActivity="false"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></boundaryEvent>
      ${flow('r', 'R', 'E2')}<endEvent id="E2"/><endEvent id="E"/>`;
    expect(await issuesOf(bpmn(body))).toEqual([]);
    // an interrupting one would leave the branch without reaching the join
    const interrupting = body.replace(' cancelActivity="false"', '');
    expect((await issuesOf(bpmn(interrupting))).map((i) => [i.code, i.elementId])).toEqual([
      ['process.parallelUnmatched', 'F'],
      ['process.parallelUnmatched', 'J'],
    ]);
  });

  it('reports bad FEEL and bad ISO-8601 on the element that holds them', async () => {
    const body = `<startEvent id="S"/>${flow('f1', 'S', 'T')}
      <userTask id="T" folyam:due="2 days" folyam:assignee="=manager(">
        <extensionElements><folyam:reminder before="PT4H" repeat="every hour"/></extensionElements>
      </userTask>${flow('f2', 'T', 'W')}
      <intermediateCatchEvent id="W"><timerEventDefinition><timeCycle>R0/PT1H</timeCycle></timerEventDefinition></intermediateCatchEvent>
      ${flow('f3', 'W', 'G')}<exclusiveGateway id="G" default="g2"/>${flow('g1', 'G', 'E', '=amount &gt;')}${flow('g2', 'G', 'E')}
      <endEvent id="E"/>`;
    const issues = await issuesOf(bpmn(body));
    expect(issues.map((i) => [i.code, i.elementId])).toEqual([
      ['process.feel', 'T'],
      ['process.iso8601', 'T'],
      ['process.iso8601', 'T'],
      ['process.iso8601', 'W'],
      ['process.feel', 'g1'],
    ]);
    expect(issues[1].messages.en).toContain("due: '2 days' is not an ISO-8601 duration");
    expect(issues[3].messages.en).toContain("'R0/PT1H' is not a valid ISO-8601 repeating interval");
  });

  it('checks connectors, notifications and record triggers', async () => {
    const body = `<startEvent id="S"><extensionElements><folyam:recordTrigger entity="Company!" on="deleted"/></extensionElements></startEvent>
      ${flow('f1', 'S', 'T')}<serviceTask id="T" folyam:connector="pigeon"/>${flow('f2', 'T', 'E')}
      <endEvent id="E"><extensionElements><folyam:notification event="start" to="=initiator" channel="fax" text="x"/></extensionElements></endEvent>`;
    const issues = await issuesOf(bpmn(body));
    expect(issues.map((i) => i.messages.en)).toEqual([
      "Start event (id S): folyam:RecordTrigger: the entity name 'Company!' is not valid.",
      "Start event (id S): folyam:RecordTrigger on: 'deleted' is not allowed (allowed: created, updated).",
      "Service task (id T): folyam:connector: 'pigeon' is not allowed (allowed: email, sms, fax, record).",
      "End event (id E): folyam:Notification[1] event: 'start' is not allowed (allowed: create, complete, end).",
      "End event (id E): folyam:Notification[1] channel: 'fax' is not allowed (allowed: email, sms).",
    ]);
  });

  it('refuses branching straight out of a task and a timer boundary on a script task', async () => {
    const body = `<startEvent id="S"/>${flow('f1', 'S', 'T')}${userTask('T')}${flow('a', 'T', 'E')}${flow('b', 'T', 'X')}
      <scriptTask id="X"><extensionElements><folyam:assignment name="x" value="1"/></extensionElements></scriptTask>
      <boundaryEvent id="B" attachedToRef="X"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>
      ${flow('c', 'B', 'E')}${flow('d', 'X', 'E')}<endEvent id="E"/>`;
    const issues = await issuesOf(bpmn(body));
    expect(issues.map((i) => [i.code, i.elementId])).toEqual([
      ['process.implicitSplit', 'T'],
      ['process.boundaryHost', 'B'],
    ]);
  });
});
