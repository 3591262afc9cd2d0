import { parseProcessXml } from '@folyam/metamodel';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { compileProcess, type CompiledProcess } from './compile.ts';
import { sendsBack } from './graph.ts';
import {
  resumeInstance,
  resumeSession,
  startInstance,
  startSession,
  WorkflowError,
  type EngineEvent,
  type StepResult,
} from './engine.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (iso: string) => new Date(iso);

const bpmn = (body: string, processExtensions = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:folyam="https://folyam.hu/schema/bpmn/1.0" id="Defs" targetNamespace="t">
  <process id="P" name="Test process" isExecutable="true">${processExtensions}${body}</process>
</definitions>`;

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression></sequenceFlow>`
    : `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const userTask = (id: string, attrs = '', inner = '') =>
  `<userTask id="${id}" name="${id}" ${attrs}>${inner}</userTask>`;
const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<timerEventDefinition><${kind}>${value}</${kind}></timerEventDefinition>`;

async function compile(body: string, processExtensions = ''): Promise<CompiledProcess> {
  return compileProcess(await parseProcessXml(bpmn(body, processExtensions)));
}

/** Drives one instance the way a runner does: every snapshot goes through JSON before it is fed back. */
class Run {
  last: StepResult;
  readonly steps: StepResult[] = [];
  constructor(
    readonly compiled: CompiledProcess,
    variables: Record<string, unknown> = {},
    now = T0,
    startEventId?: string,
  ) {
    this.last = this.keep(startInstance(compiled, { variables, now, startEventId }));
  }
  private keep(r: StepResult): StepResult {
    this.steps.push(r);
    this.last = { ...r, snapshot: JSON.parse(JSON.stringify(r.snapshot)) };
    return this.last;
  }
  send(event: EngineEvent, now = T0): StepResult {
    return this.keep(resumeInstance(this.compiled, this.last.snapshot, event, now));
  }
  activation(elementId: string): string {
    const a = this.last.active.find((x) => x.elementId === elementId);
    if (!a) throw new Error(`${elementId} is not active: ${JSON.stringify(this.last.active)}`);
    return a.activationId;
  }
  complete(elementId: string, variables?: Record<string, unknown>, now = T0): StepResult {
    return this.send(
      { type: 'task.complete', activationId: this.activation(elementId), variables, actor: 'sales1' },
      now,
    );
  }
  effects<T extends StepResult['effects'][number]['type']>(type: T, r = this.last) {
    return r.effects.filter((e) => e.type === type) as Extract<StepResult['effects'][number], { type: T }>[];
  }
  activeIds() {
    return this.last.active.map((a) => a.elementId).sort();
  }
  fire(timerId: string, now: Date) {
    return this.send({ type: 'timer.fire', timerId }, now);
  }
}

const simple = (inner: string) =>
  `<startEvent id="S"/>${flow('f0', 'S', 'A')}${inner}${flow('fz', 'Z', 'E')}<endEvent id="E"/>`;

describe('workflow engine', () => {
  describe('start, end and user tasks', () => {
    it('creates a user task with its folyam settings and completes the instance when it is done', async () => {
      // given
      const compiled = await compile(
        simple(
          userTask(
            'A',
            'folyam:assignee="=manager(initiator)" folyam:candidateRoles="salesManager, salesperson" folyam:candidateGroups="Marketing" folyam:form="check" folyam:due="P2D"',
            '<extensionElements><folyam:reminder before="PT4H" repeat="PT1H" channel="email"/><folyam:notification event="create" to="=initiator" template="newTask"/></extensionElements>',
          ) +
            flow('f1', 'A', 'Z') +
            userTask('Z'),
        ),
      );
      // when
      const run = new Run(compiled, { initiator: 'sales1' });
      // then
      expect(run.last.status).toBe('running');
      expect(run.last.active).toEqual([{ activationId: 'A#1', elementId: 'A', elementType: 'userTask' }]);
      expect(run.effects('task.create')).toEqual([
        {
          type: 'task.create',
          activationId: 'A#1',
          elementId: 'A',
          name: 'A',
          assignee: '=manager(initiator)',
          candidateRoles: ['salesManager', 'salesperson'],
          candidateGroups: ['Marketing'],
          form: 'check',
          due: 'P2D',
          reminders: [{ before: 'PT4H', repeat: 'PT1H', channel: 'email' }],
          notifications: [{ event: 'create', to: '=initiator', template: 'newTask' }],
        },
      ]);
      // a task's create notifications travel with task.create only, so the runner sends them once
      expect(run.effects('notify')).toEqual([]);
      // when A and Z are completed
      run.complete('A', { approved: true });
      expect(run.activeIds()).toEqual(['Z']);
      const done = run.complete('Z');
      // then
      expect(done.status).toBe('completed');
      expect(done.active).toEqual([]);
      expect(done.variables).toEqual({ initiator: 'sales1', approved: true });
      expect(done.history.map((h) => `${h.elementId}:${h.event}`)).toEqual([
        'Z:completed',
        'fz:taken',
        'E:entered',
        'E:completed',
        'P:completed',
      ]);
      expect(done.history[0]).toMatchObject({
        actor: 'sales1',
        activationId: 'Z#2',
        elementType: 'userTask',
        at: T0.toISOString(),
      });
    });

    it('refuses a stale completion with a stable error and changes nothing', async () => {
      const compiled = await compile(simple(userTask('A') + flow('f1', 'A', 'Z') + userTask('Z')));
      const run = new Run(compiled);
      const before = run.last.snapshot;
      run.complete('A');
      // when the same activation is completed again, from the old snapshot and from the new one
      const again = () =>
        resumeInstance(compiled, run.last.snapshot, { type: 'task.complete', activationId: 'A#1' }, T0);
      expect(again).toThrowError(WorkflowError);
      expect(again).toThrow(expect.objectContaining({ code: 'workflow.unknownActivation', status: 409 }));
      // the old snapshot still accepts it: events are applied to the snapshot given, which is left as it was
      expect(
        resumeInstance(compiled, before, { type: 'task.complete', activationId: 'A#1' }, T0).active[0].elementId,
      ).toBe('Z');
      expect(() => resumeInstance(compiled, run.last.snapshot, { type: 'timer.fire', timerId: 'nope#9' }, T0)).toThrow(
        expect.objectContaining({ code: 'workflow.unknownTimer' }),
      );
      run.complete('Z');
      expect(() =>
        resumeInstance(compiled, run.last.snapshot, { type: 'task.complete', activationId: 'Z#2' }, T0),
      ).toThrow(expect.objectContaining({ code: 'workflow.notRunning' }));
    });

    it('restores its snapshot in XState after a JSON round trip', async () => {
      const compiled = await compile(simple(userTask('A') + flow('f1', 'A', 'Z') + userTask('Z')));
      const run = new Run(compiled);
      const actor = createActor(compiled.machine, { snapshot: JSON.parse(JSON.stringify(run.last.snapshot)) });
      actor.start();
      expect(actor.getSnapshot().value).toBe('running');
      expect(Object.keys(actor.getSnapshot().context.activations)).toEqual(['A#1']);
      actor.stop();
      expect(() =>
        resumeInstance(compiled, { context: { processId: 'Other' } }, { type: 'timer.fire', timerId: 'x' }, T0),
      ).toThrow(expect.objectContaining({ code: 'workflow.badSnapshot' }));
    });

    it('refuses a snapshot that waits in an element the diagram no longer has, and unknown events', async () => {
      const v1 = await compile(simple(userTask('A') + flow('f1', 'A', 'Z') + userTask('Z')));
      const v2 = await compile(
        `<startEvent id="S"/>${flow('f0', 'S', 'B')}${userTask('B')}${flow('f1', 'B', 'Z')}${userTask('Z')}${flow('fz', 'Z', 'E')}<endEvent id="E"/>`,
      );
      const run = new Run(v1);
      expect(() => resumeInstance(v2, run.last.snapshot, { type: 'task.complete', activationId: 'A#1' }, T0)).toThrow(
        expect.objectContaining({ code: 'workflow.badSnapshot' }),
      );
      expect(() => resumeInstance(v1, run.last.snapshot, { type: 'task.claim' } as never, T0)).toThrow(
        expect.objectContaining({ code: 'workflow.activationMismatch' }),
      );
    });

    it('is deterministic: the same inputs give the same results', async () => {
      const compiled = await compile(simple(userTask('A') + flow('f1', 'A', 'Z') + userTask('Z')));
      const a = new Run(compiled, { x: 1 });
      const b = new Run(compiled, { x: 1 });
      a.complete('A');
      b.complete('A');
      expect(a.steps).toEqual(b.steps);
    });
  });

  describe('service and script tasks', () => {
    const service = `<serviceTask id="A" folyam:connector="email" folyam:action="send">
      <extensionElements><folyam:input name="to" value="=contact.email"/><folyam:input name="subject" value="&quot;Ajánlat &quot; + title"/>
      <folyam:output name="sentId" value="=result.messageId"/></extensionElements></serviceTask>${flow('f1', 'A', 'Z')}`;

    it('calls the connector with FEEL-evaluated inputs and maps the outputs', async () => {
      const compiled = await compile(simple(service + userTask('Z')));
      const run = new Run(compiled, { contact: { email: 'anna@example.hu' }, title: 'A-42' });
      expect(run.effects('service.call')).toEqual([
        {
          type: 'service.call',
          activationId: 'A#1',
          elementId: 'A',
          connector: 'email',
          action: 'send',
          inputs: { to: 'anna@example.hu', subject: 'Ajánlat A-42' },
        },
      ]);
      run.send({ type: 'service.done', activationId: 'A#1', result: { messageId: 'm-1', other: 1 } });
      expect(run.last.variables).toMatchObject({ sentId: 'm-1' });
      expect(run.last.variables).not.toHaveProperty('other');
      expect(run.activeIds()).toEqual(['Z']);
    });

    it('keeps a failed call as an incident until a retry succeeds', async () => {
      const compiled = await compile(simple(service + userTask('Z')));
      const run = new Run(compiled, { contact: { email: 'x@example.hu' }, title: 'B-1' });
      const failed = run.send({
        type: 'service.failed',
        activationId: 'A#1',
        error: { code: 'SMTP', message: 'refused' },
      });
      expect(failed.status).toBe('running');
      expect(failed.active).toEqual([
        {
          activationId: 'A#1',
          elementId: 'A',
          elementType: 'serviceTask',
          incident: { code: 'SMTP', message: 'refused' },
        },
      ]);
      expect(failed.effects).toEqual([]);
      run.send({ type: 'service.done', activationId: 'A#1', result: { messageId: 'm-2' } });
      expect(run.activeIds()).toEqual(['Z']);
      expect(() => run.send({ type: 'task.complete', activationId: 'Z#0' })).toThrow(/no longer active/);
      expect(() => run.send({ type: 'service.done', activationId: run.activation('Z') })).toThrow(
        expect.objectContaining({ code: 'workflow.activationMismatch' }),
      );
    });

    it('answers in an open session what restoring the snapshot for each event answers, a refused event aside', async () => {
      // given: the same events, one way through snapshots, the other through one session
      const compiled = await compile(simple(service + userTask('Z')));
      const vars = { contact: { email: 'anna@example.hu' }, title: 'S-1' };
      const run = new Run(compiled, vars);
      const started = startSession(compiled, { variables: vars, now: T0 });
      try {
        expect(started.result).toEqual(run.steps[0]);
        // when: a stale event comes in between
        expect(() => started.resume({ type: 'service.done', activationId: 'A#9' }, T0)).toThrow(
          expect.objectContaining({ code: 'workflow.unknownActivation' }),
        );
        // then: it changed nothing, and the next events answer the same as through snapshots
        expect(started.result).toEqual(run.steps[0]);
        const done = { type: 'service.done', activationId: 'A#1', result: { messageId: 'm-9' } } as const;
        expect(started.resume(done, T0)).toEqual(run.send(done));
        const finish = { type: 'task.complete', activationId: run.activation('Z'), actor: 'sales1' } as const;
        expect(started.resume(finish, T0)).toEqual(run.send(finish));
        expect(started.result.status).toBe('completed');
        expect(() => started.resume(finish, T0)).toThrow(expect.objectContaining({ code: 'workflow.notRunning' }));
      } finally {
        started.close();
      }
      // and a session resumed from a stored snapshot answers its first event as `resumeInstance` does
      const again = new Run(compiled, vars);
      const resumed = resumeSession(compiled, again.last.snapshot, { type: 'service.done', activationId: 'A#1' }, T0);
      expect(resumed.result).toEqual(again.send({ type: 'service.done', activationId: 'A#1' }));
      resumed.close();
    });

    it('runs a failed call again on a retry, its inputs evaluated over the corrected variables', async () => {
      const compiled = await compile(simple(service + userTask('Z')));
      const run = new Run(compiled, { contact: { email: 'rossz-cim' }, title: 'C-1' });
      // a retry needs an incident
      expect(() => run.send({ type: 'service.retry', activationId: 'A#1' })).toThrow(
        expect.objectContaining({ code: 'workflow.noIncident' }),
      );
      run.send({ type: 'service.failed', activationId: 'A#1', error: { code: 'noRecipient', message: 'rossz-cim' } });
      const retried = run.send({
        type: 'service.retry',
        activationId: 'A#1',
        variables: { contact: { email: 'cecil@example.hu' } },
        actor: 'admin-1',
      });
      expect(retried.active).toEqual([{ activationId: 'A#1', elementId: 'A', elementType: 'serviceTask' }]);
      expect(retried.effects).toEqual([
        {
          type: 'service.call',
          activationId: 'A#1',
          elementId: 'A',
          connector: 'email',
          action: 'send',
          inputs: { to: 'cecil@example.hu', subject: 'Ajánlat C-1' },
          attempt: 1,
        },
      ]);
      expect(retried.history).toEqual([
        expect.objectContaining({ elementId: 'A', event: 'retried', activationId: 'A#1', actor: 'admin-1' }),
      ]);
      run.send({ type: 'service.done', activationId: 'A#1', result: { messageId: 'm-3' } });
      expect(run.activeIds()).toEqual(['Z']);
    });

    it('merges the whole result when a service task declares no outputs', async () => {
      const compiled = await compile(
        simple(
          `<serviceTask id="A" folyam:connector="record" folyam:action="update"/>${flow('f1', 'A', 'Z')}${userTask('Z')}`,
        ),
      );
      const run = new Run(compiled);
      run.send({ type: 'service.done', activationId: 'A#1', result: { status: 'active' } });
      expect(run.last.variables).toEqual({ status: 'active' });
    });

    it('runs FEEL assignments in order, and a FEEL script body that yields a context', async () => {
      const compiled = await compile(
        simple(`<scriptTask id="A"><extensionElements><folyam:assignment name="net" value="=gross / 1.27"/>
          <folyam:assignment name="vat" value="gross - net"/></extensionElements></scriptTask>${flow('f1', 'A', 'B')}
          <scriptTask id="B" scriptFormat="feel"><script>= { big: gross &gt; 1000, label: "ok" }</script></scriptTask>${flow('f2', 'B', 'Z')}${userTask('Z')}`),
      );
      const run = new Run(compiled, { gross: 1270 });
      expect(run.last.variables).toEqual({ gross: 1270, net: 1000, vat: 270, big: true, label: 'ok' });
      expect(
        run.last.history.filter((h) => h.elementType === 'scriptTask').map((h) => `${h.elementId}:${h.event}`),
      ).toEqual(['A:entered', 'A:completed', 'B:entered', 'B:completed']);
    });
  });

  describe('exclusive gateway', () => {
    const gateway = `<exclusiveGateway id="A" default="d"/>${flow('big', 'A', 'Big', '=amount &gt; 1000000')}
      ${flow('mid', 'A', 'Mid', 'amount &gt; 1000 and now &lt; date and time("2026-06-01T00:00:00Z")')}${flow('d', 'A', 'Small')}
      ${userTask('Big')}${userTask('Mid')}${userTask('Small')}${flow('b2', 'Big', 'Z')}${flow('m2', 'Mid', 'Z')}${flow('s2', 'Small', 'Z')}
      <exclusiveGateway id="Z"/>`;

    it.each([
      [2_000_000, T0, 'Big'],
      [5000, T0, 'Mid'],
      [5000, at('2026-07-01T00:00:00Z'), 'Small'],
      [10, T0, 'Small'],
    ])(
      'routes amount %s at %s to %s (conditions with and without =, `now`, default flow)',
      async (amount, now, target) => {
        const compiled = await compile(simple(gateway));
        const run = new Run(compiled, { amount }, now);
        expect(run.activeIds()).toEqual([target]);
        const taken = run.last.history.filter((h) => h.event === 'taken').map((h) => h.elementId);
        expect(taken).toHaveLength(2);
      },
    );

    it('refuses a step in which no flow can be taken', async () => {
      const compiled = await compile(
        simple(
          `${userTask('A')}${flow('f1', 'A', 'G')}<exclusiveGateway id="G" name="Decision"/>${flow('y', 'G', 'Z', 'approved = true')}${flow('n', 'G', 'Z', 'approved = false')}${userTask('Z')}`,
        ),
      );
      const run = new Run(compiled);
      expect(() => run.complete('A', { approved: 'maybe' })).toThrow(
        expect.objectContaining({ code: 'workflow.noMatchingFlow', status: 422 }),
      );
      expect(run.activeIds()).toEqual(['A']);
      run.complete('A', { approved: false });
      expect(run.activeIds()).toEqual(['Z']);
    });
  });

  describe('parallel gateway', () => {
    const forkJoin = `<parallelGateway id="A"/>${flow('a1', 'A', 'T1')}${flow('a2', 'A', 'T2')}${flow('a3', 'A', 'T3')}
      ${userTask('T1')}${userTask('T2')}<scriptTask id="T3"><extensionElements><folyam:assignment name="x" value="1"/></extensionElements></scriptTask>
      ${flow('j1', 'T1', 'J')}${flow('j2', 'T2', 'J')}${flow('j3', 'T3', 'J')}<parallelGateway id="J"/>${flow('jz', 'J', 'Z')}${userTask('Z')}`;

    it('forks into every branch and the join waits for all of them', async () => {
      const compiled = await compile(simple(forkJoin));
      const run = new Run(compiled);
      expect(run.activeIds()).toEqual(['T1', 'T2']);
      run.complete('T2');
      expect(run.activeIds()).toEqual(['T1']);
      expect(run.last.history.filter((h) => h.elementId === 'J').map((h) => h.event)).toEqual(['entered']);
      run.complete('T1');
      expect(run.activeIds()).toEqual(['Z']);
      expect(run.last.history.filter((h) => h.elementId === 'J').map((h) => h.event)).toEqual(['entered', 'completed']);
      expect(run.complete('Z').status).toBe('completed');
    });

    it('runs branches that end on their own and completes when the last one ends', async () => {
      const compiled = await compile(
        `<startEvent id="S"/>${flow('f0', 'S', 'F')}<parallelGateway id="F"/>${flow('a', 'F', 'T1')}${flow('b', 'F', 'T2')}
        ${userTask('T1')}${userTask('T2')}${flow('a2', 'T1', 'E1')}${flow('b2', 'T2', 'E2')}<endEvent id="E1"/><endEvent id="E2"/>`,
      );
      const run = new Run(compiled);
      expect(run.complete('T1').status).toBe('running');
      expect(run.complete('T2').status).toBe('completed');
    });
  });

  describe('timers', () => {
    it.each([
      ['timeDuration', 'PT90M', '2026-03-02T09:30:00.000Z'],
      ['timeDuration', 'P1M', '2026-04-02T08:00:00.000Z'],
      ['timeDuration', '=duration("P2D")', '2026-03-04T08:00:00.000Z'],
      ['timeDate', '2026-03-10T12:00:00+01:00', '2026-03-10T11:00:00.000Z'],
      ['timeCycle', 'R3/PT1H', '2026-03-02T09:00:00.000Z'],
    ] as const)('an intermediate %s %s waits until %s', async (kind, value, expected) => {
      const compiled = await compile(
        simple(
          `<intermediateCatchEvent id="A">${timer(kind, value)}</intermediateCatchEvent>${flow('f1', 'A', 'Z')}${userTask('Z')}`,
        ),
      );
      const run = new Run(compiled);
      expect(run.last.active).toEqual([{ activationId: 'A#1', elementId: 'A', elementType: 'intermediateCatchEvent' }]);
      expect(run.effects('timer.schedule')).toEqual([
        { type: 'timer.schedule', timerId: 'A#2', elementId: 'A', at: expected },
      ]);
      run.fire('A#2', new Date(expected));
      expect(run.activeIds()).toEqual(['Z']);
      expect(run.effects('timer.cancel')).toEqual([]);
    });

    const withBoundary = (attrs: string, kind: 'timeDuration' | 'timeCycle', value: string) =>
      simple(`${userTask('A', 'folyam:due="P1D"')}<boundaryEvent id="B" attachedToRef="A" ${attrs}>${timer(kind, value)}</boundaryEvent>
        ${flow('fb', 'B', 'Esc')}${userTask('Esc')}${flow('fe', 'Esc', 'E2')}<endEvent id="E2"/>${flow('f1', 'A', 'Z')}${userTask('Z')}`);

    it('an interrupting boundary timer cancels the task and takes its own path', async () => {
      const compiled = await compile(withBoundary('', 'timeDuration', 'P3D'));
      const run = new Run(compiled);
      const [schedule] = run.effects('timer.schedule');
      expect(schedule).toEqual({
        type: 'timer.schedule',
        timerId: 'B#2',
        elementId: 'B',
        at: '2026-03-05T08:00:00.000Z',
      });
      const fired = run.fire('B#2', at('2026-03-05T08:00:00.000Z'));
      expect(run.effects('task.cancel', fired)).toEqual([{ type: 'task.cancel', activationId: 'A#1' }]);
      expect(run.activeIds()).toEqual(['Esc']);
      expect(fired.history.find((h) => h.elementId === 'A')).toMatchObject({ event: 'cancelled', activationId: 'A#1' });
      expect(() => run.complete('A')).toThrow(/is not active/);
      expect(() =>
        resumeInstance(compiled, run.last.snapshot, { type: 'task.complete', activationId: 'A#1' }, T0),
      ).toThrow(expect.objectContaining({ code: 'workflow.unknownActivation' }));
    });

    it('a non-interrupting cycle fires the right number of times and keeps the task', async () => {
      const compiled = await compile(withBoundary('cancelActivity="false"', 'timeCycle', 'R3/PT1H'));
      const run = new Run(compiled);
      const fires: string[] = [];
      let next = run.effects('timer.schedule')[0];
      while (next) {
        fires.push(next.at);
        const r = run.fire(next.timerId, new Date(next.at));
        expect(run.effects('task.cancel', r)).toEqual([]);
        next = run.effects('timer.schedule', r)[0];
      }
      expect(fires).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z']);
      expect(run.activeIds()).toEqual(['A', 'Esc', 'Esc', 'Esc']);
      // completing the task leaves the escalations running
      run.complete('A');
      expect(run.activeIds()).toEqual(['Esc', 'Esc', 'Esc', 'Z']);
    });

    it('a cycle with a start date fires at the start and then at each interval', async () => {
      const compiled = await compile(
        simple(`<serviceTask id="A" folyam:connector="sms" folyam:action="send"/><boundaryEvent id="B" attachedToRef="A" cancelActivity="false">${timer(
          'timeCycle',
          'R2/2026-03-03T09:00:00Z/P1D',
        )}</boundaryEvent>${flow('fb', 'B', 'Log')}<scriptTask id="Log"><extensionElements><folyam:assignment name="nudges" value="nudges + 1"/></extensionElements></scriptTask>
          ${flow('fl', 'Log', 'E2')}<endEvent id="E2"/>${flow('f1', 'A', 'Z')}${userTask('Z')}`),
      );
      const run = new Run(compiled, { nudges: 0 });
      const [first] = run.effects('timer.schedule');
      expect(first.at).toBe('2026-03-03T09:00:00.000Z');
      const r1 = run.fire(first.timerId, new Date(first.at));
      const [second] = run.effects('timer.schedule', r1);
      expect(second.at).toBe('2026-03-04T09:00:00.000Z');
      const r2 = run.fire(second.timerId, new Date(second.at));
      expect(run.effects('timer.schedule', r2)).toEqual([]);
      expect(r2.variables).toEqual({ nudges: 2 });
      expect(run.activeIds()).toEqual(['A']);
    });

    it('an interrupting timer on a service task cancels the call', async () => {
      const compiled = await compile(
        simple(
          `<serviceTask id="A" folyam:connector="fax" folyam:action="send"/><boundaryEvent id="B" attachedToRef="A">${timer(
            'timeDate',
            '2026-03-02T12:00:00Z',
          )}</boundaryEvent>${flow('fb', 'B', 'Z')}${flow('f1', 'A', 'Z')}${userTask('Z')}`,
        ),
      );
      const run = new Run(compiled);
      const r = run.fire(run.effects('timer.schedule')[0].timerId, at('2026-03-02T12:00:00Z'));
      expect(run.effects('task.cancel', r)).toEqual([{ type: 'task.cancel', activationId: 'A#1' }]);
      expect(run.activeIds()).toEqual(['Z']);
      expect(() => run.send({ type: 'service.done', activationId: 'A#1' })).toThrow(
        expect.objectContaining({ code: 'workflow.unknownActivation' }),
      );
    });

    it('completing a task cancels its pending boundary timer', async () => {
      const compiled = await compile(withBoundary('cancelActivity="false"', 'timeCycle', 'R/PT1H'));
      const run = new Run(compiled);
      run.fire('B#2', at('2026-03-02T09:00:00Z'));
      const [next] = run.effects('timer.schedule');
      expect(next).toMatchObject({ timerId: 'B#3', at: '2026-03-02T10:00:00.000Z' });
      const done = run.complete('A');
      expect(run.effects('timer.cancel', done)).toEqual([{ type: 'timer.cancel', timerId: 'B#3' }]);
      expect(() => run.fire('B#3', at('2026-03-02T10:00:00Z'))).toThrow(
        expect.objectContaining({ code: 'workflow.unknownTimer' }),
      );
    });
  });

  describe('loops, terminate end and sub-processes', () => {
    it('sends work back to an earlier task until it is approved', async () => {
      const compiled = await compile(
        simple(`${userTask('A')}${flow('f1', 'A', 'Review')}${userTask('Review')}${flow('f2', 'Review', 'G')}
          <exclusiveGateway id="G" default="ok"/>${flow('back', 'G', 'A', '=approved = false')}${flow('ok', 'G', 'Z')}${userTask('Z')}`),
      );
      const run = new Run(compiled);
      const seen: string[] = [];
      for (const approved of [false, false, true]) {
        seen.push(run.activation('A'));
        run.complete('A');
        run.complete('Review', { approved });
      }
      expect(seen).toEqual(['A#1', 'A#3', 'A#5']);
      expect(run.activeIds()).toEqual(['Z']);
      expect(run.complete('Z').status).toBe('completed');
    });

    it('a terminate end event cancels every task and timer of the instance', async () => {
      const compiled = await compile(
        `<startEvent id="S"/>${flow('f0', 'S', 'F')}<parallelGateway id="F"/>${flow('a', 'F', 'T1')}${flow('b', 'F', 'T2')}${flow('c', 'F', 'W')}
        ${userTask('T1')}${userTask('T2')}<intermediateCatchEvent id="W">${timer('timeDuration', 'P1D')}</intermediateCatchEvent>
        ${flow('a2', 'T1', 'Kill')}<endEvent id="Kill"><terminateEventDefinition/></endEvent>
        ${flow('b2', 'T2', 'E')}${flow('c2', 'W', 'E')}<endEvent id="E"/>`,
        '<extensionElements><folyam:notification event="end" to="=initiator" template="ended"/></extensionElements>',
      );
      const run = new Run(compiled);
      expect(run.activeIds()).toEqual(['T1', 'T2', 'W']);
      const r = run.complete('T1');
      expect(r.status).toBe('terminated');
      expect(r.active).toEqual([]);
      expect(run.effects('task.cancel', r)).toEqual([{ type: 'task.cancel', activationId: 'T2#2' }]);
      expect(run.effects('timer.cancel', r)).toEqual([{ type: 'timer.cancel', timerId: 'W#4' }]);
      expect(run.effects('notify', r)).toEqual([
        {
          type: 'notify',
          key: 'process:end:0',
          elementId: 'P',
          event: 'end',
          to: '=initiator',
          channel: 'email',
          template: 'ended',
        },
      ]);
      expect(() => run.complete('T2')).toThrow();
    });

    it('a cancel by hand cancels every task and timer, names who did it and why, and refuses what comes later', async () => {
      // given: two tasks and a timer waiting, one task inside a sub-process
      const compiled = await compile(
        `<startEvent id="S"/>${flow('f0', 'S', 'F')}<parallelGateway id="F"/>${flow('a', 'F', 'T1')}${flow('b', 'F', 'W')}${flow('c', 'F', 'Sub')}
        ${userTask('T1')}<intermediateCatchEvent id="W">${timer('timeDuration', 'P1D')}</intermediateCatchEvent>
        <subProcess id="Sub"><startEvent id="SS"/>${flow('s1', 'SS', 'In')}${userTask('In')}${flow('s2', 'In', 'SE')}<endEvent id="SE"/></subProcess>
        ${flow('a2', 'T1', 'J')}${flow('b2', 'W', 'J')}${flow('c2', 'Sub', 'J')}<parallelGateway id="J"/>${flow('j', 'J', 'E')}<endEvent id="E"/>`,
      );
      const run = new Run(compiled);
      expect(run.activeIds()).toEqual(['In', 'Sub', 'T1', 'W']);
      const timerId = run.effects('timer.schedule')[0].timerId;
      const tasks = [run.activation('In'), run.activation('T1')].sort();
      // when
      const r = run.send({ type: 'process.cancel', actor: 'sales1', reason: '  Rossz ügyfélen indult.  ' });
      // then
      expect(r.status).toBe('terminated');
      expect(r.active).toEqual([]);
      expect(
        run
          .effects('task.cancel', r)
          .map((e) => e.activationId)
          .sort(),
      ).toEqual(tasks);
      expect(run.effects('timer.cancel', r)).toEqual([{ type: 'timer.cancel', timerId }]);
      expect(r.history.at(-1)).toMatchObject({
        elementId: 'P',
        event: 'cancelled',
        actor: 'sales1',
        outcome: { comment: 'Rossz ügyfélen indult.' },
      });
      expect(() => run.send({ type: 'task.complete', activationId: tasks[1] })).toThrow(WorkflowError);
      expect(() => run.send({ type: 'process.cancel' })).toThrow(WorkflowError);
    });

    const sub = (boundary: string) =>
      simple(`<subProcess id="A" name="Contract">
          <startEvent id="AS"/>${flow('s1', 'AS', 'AF')}<parallelGateway id="AF"/>${flow('s2', 'AF', 'In1')}${flow('s3', 'AF', 'In2')}
          ${userTask('In1')}${userTask('In2')}${flow('s4', 'In1', 'AJ')}${flow('s5', 'In2', 'AJ')}<parallelGateway id="AJ"/>
          ${flow('s6', 'AJ', 'AE')}<endEvent id="AE"/>
        </subProcess>${boundary}${flow('f1', 'A', 'Z')}${userTask('Z')}`);

    it('an embedded sub-process runs its children and then continues', async () => {
      const compiled = await compile(sub(''));
      const run = new Run(compiled);
      expect(run.last.active.map((a) => a.elementType)).toEqual(['subProcess', 'userTask', 'userTask']);
      run.complete('In1');
      expect(run.activeIds()).toEqual(['A', 'In2']);
      run.complete('In2');
      expect(run.activeIds()).toEqual(['Z']);
      expect(run.last.history.find((h) => h.elementId === 'A')).toMatchObject({
        event: 'completed',
        activationId: 'A#1',
      });
    });

    it('a boundary timer on a sub-process cancels its inner tasks', async () => {
      const compiled = await compile(
        sub(
          `<boundaryEvent id="Late" attachedToRef="A">${timer('timeDuration', 'P5D')}</boundaryEvent>${flow('fl', 'Late', 'Chase')}${userTask('Chase')}${flow('fc', 'Chase', 'E3')}<endEvent id="E3"/>`,
        ),
      );
      const run = new Run(compiled);
      run.complete('In1');
      const [t] = run.effects('timer.schedule', run.steps[0]);
      expect(t).toMatchObject({ elementId: 'Late', at: '2026-03-07T08:00:00.000Z' });
      const r = run.fire(t.timerId, new Date(t.at));
      expect(run.effects('task.cancel', r)).toEqual([
        { type: 'task.cancel', activationId: run.steps[0].active[2].activationId },
      ]);
      expect(run.activeIds()).toEqual(['Chase']);
      expect(r.history.filter((h) => h.event === 'cancelled').map((h) => h.elementId)).toEqual(['In2', 'A']);
    });

    it('a non-interrupting timer on a sub-process keeps its inner tasks', async () => {
      const compiled = await compile(
        sub(
          `<boundaryEvent id="Remind" attachedToRef="A" cancelActivity="false">${timer('timeDuration', 'P1D')}</boundaryEvent>${flow('fr', 'Remind', 'Ping')}${userTask('Ping')}${flow('fp', 'Ping', 'E4')}<endEvent id="E4"/>`,
        ),
      );
      const run = new Run(compiled);
      const r = run.fire(run.effects('timer.schedule')[0].timerId, at('2026-03-03T08:00:00Z'));
      expect(run.effects('task.cancel', r)).toEqual([]);
      expect(run.activeIds()).toEqual(['A', 'In1', 'In2', 'Ping']);
      run.complete('In1');
      run.complete('In2');
      run.complete('Z');
      expect(run.last.status).toBe('running');
      expect(run.complete('Ping').status).toBe('completed');
    });

    it('a terminate end inside a sub-process ends only the sub-process', async () => {
      const compiled = await compile(
        simple(`<subProcess id="A"><startEvent id="AS"/>${flow('s1', 'AS', 'AF')}<parallelGateway id="AF"/>
          ${flow('s2', 'AF', 'In1')}${flow('s3', 'AF', 'In2')}${userTask('In1')}${userTask('In2')}
          ${flow('s4', 'In1', 'AT')}<endEvent id="AT"><terminateEventDefinition/></endEvent>${flow('s5', 'In2', 'AE')}<endEvent id="AE"/>
          </subProcess>${flow('f1', 'A', 'Z')}${userTask('Z')}`),
      );
      const run = new Run(compiled);
      const r = run.complete('In1');
      expect(r.status).toBe('running');
      expect(run.effects('task.cancel', r)).toHaveLength(1);
      expect(run.activeIds()).toEqual(['Z']);
    });
  });

  describe('record triggers and notifications', () => {
    it('starts at the record-triggered start event it is asked for', async () => {
      const compiled = await compile(
        `<startEvent id="Manual"/>${flow('m', 'Manual', 'A')}
         <startEvent id="OnCompany"><extensionElements><folyam:recordTrigger entity="company" on="created" condition="status = &quot;prospect&quot;"/></extensionElements></startEvent>
         ${flow('r', 'OnCompany', 'B')}${userTask('A')}${userTask('B')}${flow('a2', 'A', 'E')}${flow('b2', 'B', 'E')}<endEvent id="E"/>`,
      );
      expect(compiled.recordTriggers).toEqual([
        { startEventId: 'OnCompany', entity: 'company', on: 'created', condition: 'status = "prospect"' },
      ]);
      expect(new Run(compiled).activeIds()).toEqual(['A']);
      expect(new Run(compiled, { record: { id: 'c1' } }, T0, 'OnCompany').activeIds()).toEqual(['B']);
      expect(() => new Run(compiled, {}, T0, 'A')).toThrow(
        expect.objectContaining({ code: 'workflow.unknownStartEvent' }),
      );
    });

    it('emits notifications with stable keys on task completion and at end events', async () => {
      const compiled = await compile(
        `<startEvent id="S"/>${flow('f0', 'S', 'A')}${userTask(
          'A',
          '',
          '<extensionElements><folyam:notification event="complete" to="=initiator" channel="sms" text="Kész"/><folyam:notification event="end" to="boss" subject="Vége"/></extensionElements>',
        )}${flow('f1', 'A', 'E')}<endEvent id="E"><extensionElements><folyam:notification event="end" to="=customer.email" template="thanks"/></extensionElements></endEvent>`,
      );
      const run = new Run(compiled);
      const r = run.complete('A');
      expect(run.effects('notify', r)).toEqual([
        {
          type: 'notify',
          key: 'A#1:complete:0',
          elementId: 'A',
          event: 'complete',
          to: '=initiator',
          channel: 'sms',
          text: 'Kész',
        },
        {
          type: 'notify',
          key: 'A#1:end:1',
          elementId: 'A',
          event: 'end',
          to: 'boss',
          channel: 'email',
          subject: 'Vége',
        },
        {
          type: 'notify',
          key: 'E#2:end:0',
          elementId: 'E',
          event: 'end',
          to: '=customer.email',
          channel: 'email',
          template: 'thanks',
        },
      ]);
    });
  });

  describe('compileProcess', () => {
    it('refuses a process holding unsupported elements, with the validator issues', async () => {
      const model = await parseProcessXml(
        bpmn(
          `<startEvent id="S"/>${flow('f', 'S', 'X')}<inclusiveGateway id="X"/>${flow('g', 'X', 'E')}<endEvent id="E"/>`,
        ),
      );
      expect(() => compileProcess(model)).toThrow(
        expect.objectContaining({
          code: 'workflow.invalidProcess',
          details: [expect.objectContaining({ path: 'X', code: 'process.unsupported' })],
        }),
      );
    });

    it('stops a step that loops without waiting', async () => {
      const compiled = await compile(
        simple(`<scriptTask id="A"><extensionElements><folyam:assignment name="n" value="n + 1"/></extensionElements></scriptTask>
          ${flow('f1', 'A', 'G')}<exclusiveGateway id="G" default="again"/>${flow('out', 'G', 'Z', 'n &gt; 1000000')}${flow('again', 'G', 'A')}${userTask('Z')}`),
      );
      expect(() => new Run(compiled, { n: 0 })).toThrow(expect.objectContaining({ code: 'workflow.loopLimit' }));
    });
  });
});

describe('send-back of a user task', () => {
  it('is offered where the next gateway tests the decision, and not where the work could only move on', async () => {
    // given a preparer, a checker whose gateway sends the work back on `decision = "reject"`, and a last step
    const c = await compile(
      [
        '<startEvent id="s"/>',
        flow('f1', 's', 'prepare'),
        userTask('prepare'),
        flow('f2', 'prepare', 'check'),
        userTask('check'),
        flow('f3', 'check', 'g'),
        '<exclusiveGateway id="g" default="f5"/>',
        flow('f4', 'g', 'prepare', '=decision = "reject"'),
        flow('f5', 'g', 'file'),
        userTask('file'),
        flow('f6', 'file', 'g2'),
        '<exclusiveGateway id="g2" default="f7"/>',
        flow('f7', 'g2', 'e'),
        flow('f8', 'g2', 'e', '=amount > 10'),
        '<endEvent id="e"/>',
      ].join(''),
    );
    // then
    expect(sendsBack(c.graph, 'check')).toBe(true);
    expect(sendsBack(c.graph, 'prepare')).toBe(false);
    expect(sendsBack(c.graph, 'file')).toBe(false);
    expect(sendsBack(c.graph, 'missing')).toBe(false);
  });
});
