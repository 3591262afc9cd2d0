import { describe, expect, it } from 'vitest';
import {
  localName,
  condensedHistory,
  diagramMarks,
  historyNewestFirst,
  isUnnamedPassage,
  outcomeText,
  startableOn,
  stepName,
} from './marks.ts';

describe('process diagram marks', () => {
  it('marks the running step active and the passed ones done', () => {
    // given an approval past its start and first review, now waiting in the manager's review
    const instance = {
      active: [{ elementId: 'ManagerReview', activationId: 'a2', taskId: 't2' }],
      history: [
        { at: '2026-03-05T09:00:00Z', elementId: 'Start', event: 'completed' },
        { at: '2026-03-05T09:00:01Z', elementId: 'Check', event: 'entered' },
        { at: '2026-03-05T10:00:00Z', elementId: 'Check', event: 'completed' },
        { at: '2026-03-05T10:00:01Z', elementId: 'ManagerReview', event: 'entered' },
      ],
    };
    // when marked
    const marks = diagramMarks(instance);
    // then
    expect(marks).toEqual({ active: ['ManagerReview'], done: ['Start', 'Check'] });
  });

  it('has nothing to mark for an empty instance', () => {
    expect(diagramMarks({})).toEqual({ active: [], done: [] });
  });
});

describe('process view helpers', () => {
  it('sorts the history newest first', () => {
    const h = historyNewestFirst([
      { at: '2026-03-05T09:00:00Z', elementId: 'a', event: 'completed' },
      { at: '2026-03-05T11:00:00Z', elementId: 'c', event: 'completed' },
      { at: '2026-03-05T10:00:00Z', elementId: 'b', event: 'completed' },
    ]);
    expect(h.map((x) => x.elementId)).toEqual(['c', 'b', 'a']);
  });

  it('puts the later of two entries with the same time first', () => {
    // given one step's entries, written in the order they happened within the same millisecond
    const at = '2026-03-05T09:00:00.000Z';
    const h = historyNewestFirst([
      { at: '2026-03-05T08:59:59.000Z', elementId: 'Start', event: 'completed' },
      { at, elementId: 'Review', event: 'completed' },
      { at, elementId: 'Flow_2', event: 'taken' },
      { at, elementId: 'End', event: 'completed' },
      { at, elementId: 'Process_1', event: 'completed' },
    ]);
    expect(h.map((x) => x.elementId)).toEqual(['Process_1', 'End', 'Flow_2', 'Review', 'Start']);
  });

  it('tells the passing of an unnamed flow from a named path and from steps', () => {
    expect(isUnnamedPassage({ event: 'taken', name: null, elementType: 'sequenceFlow' })).toBe(true);
    expect(isUnnamedPassage({ event: 'taken', name: 'igen', elementType: 'sequenceFlow' })).toBe(false);
    expect(isUnnamedPassage({ event: 'completed', name: null, elementType: 'exclusiveGateway' })).toBe(false);
  });

  it('tells an event or gateway passed in one moment once, keeps a waiting join and a person’s steps', () => {
    // given: start, a task, a join reached by one branch (the other arrives later), the end
    const user = { id: 'u1', name: 'Kovács Katalin' };
    const h = condensedHistory([
      { at: 't1', elementId: 'Start', elementType: 'startEvent', event: 'entered' },
      { at: 't1', elementId: 'Start', elementType: 'startEvent', event: 'completed' },
      { at: 't1', elementId: 'Flow_1', elementType: 'sequenceFlow', event: 'taken' },
      { at: 't1', elementId: 'Review', elementType: 'userTask', event: 'entered' },
      { at: 't2', elementId: 'Review', elementType: 'userTask', event: 'completed', actor: user },
      { at: 't2', elementId: 'Yes', elementType: 'sequenceFlow', name: 'igen', event: 'taken' },
      { at: 't2', elementId: 'Join', elementType: 'parallelGateway', event: 'entered' },
      { at: 't3', elementId: 'Join', elementType: 'parallelGateway', event: 'entered' },
      { at: 't3', elementId: 'Join', elementType: 'parallelGateway', event: 'completed' },
      { at: 't3', elementId: 'End', elementType: 'endEvent', event: 'entered' },
      { at: 't3', elementId: 'End', elementType: 'endEvent', event: 'completed' },
    ]);
    // then
    expect(h.map((x) => `${x.elementId} ${x.event}`)).toEqual([
      'Start passed',
      'Review entered',
      'Review completed',
      'Yes taken',
      'Join entered',
      'Join passed',
      'End passed',
    ]);
    expect(h[2].actor).toEqual(user);
  });

  it('offers only the processes of the record’s entity', () => {
    const ps = [
      { key: 'discount', label: 'Discount', entity: 'contract' },
      { key: 'onboarding', label: 'Onboarding', entity: 'company' },
      { key: 'leave', label: 'Leave', entity: null },
    ];
    expect(startableOn(ps, 'company').map((p) => p.key)).toEqual(['onboarding']);
  });

  it('writes outcomes as text', () => {
    expect(outcomeText({ decision: 'reject', comment: 'too much' })).toBe('decision: reject · „too much”');
    const words = (d: string) => ({ approve: 'Elvégezve', reject: 'Visszaküldve' })[d] ?? null;
    expect(outcomeText({ decision: 'reject', comment: 'Drága' }, words)).toBe('Visszaküldve · „Drága”');
    expect(outcomeText({ decision: 'approve' }, words)).toBe('Elvégezve');
    expect(outcomeText({ comment: 'Fine.' }, words, 'en')).toBe('“Fine.”');
    expect(outcomeText({ assignee: { id: 'u2', name: 'Szabó Eszter' }, comment: 'Vedd át.' })).toBe(
      '→ Szabó Eszter · „Vedd át.”',
    );
    expect(outcomeText({ timerId: 't1', n: 2 })).toBe('timerId: t1 · n: 2');
    expect(outcomeText('approved')).toBe('approved');
    expect(outcomeText(null)).toBe('');
  });
});

describe('history row names', () => {
  const typeName = (type: string) => ({ exclusiveGateway: 'Elágazás' })[type] ?? null;
  it('names the step, the process by its own name, and unnamed steps by their kind and id', () => {
    expect(stepName({ name: 'Jóváhagyás', elementId: 'Approve', elementType: 'userTask' }, 'Ajánlat', typeName)).toBe(
      'Jóváhagyás',
    );
    expect(stepName({ name: null, elementId: 'Process_1', elementType: 'process' }, 'Ajánlat', typeName)).toBe(
      'Ajánlat',
    );
    expect(stepName({ name: null, elementId: 'Gateway_2', elementType: 'exclusiveGateway' }, 'A', typeName)).toBe(
      'Elágazás (Gateway_2)',
    );
    expect(stepName({ elementId: 'Odd_1', elementType: 'somethingNew' }, 'A', typeName)).toBe('Odd_1');
    expect(stepName({ elementId: 'Process_1', elementType: 'process' }, '', typeName)).toBe('Process_1');
  });

  it('names a step in English by its English name where the process gives one', () => {
    const approve = { name: 'Jóváhagyás', nameEn: 'Approval', elementId: 'Approve', elementType: 'userTask' };
    expect(stepName(approve, 'Ajánlat', typeName, 'en')).toBe('Approval');
    expect(stepName(approve, 'Ajánlat', typeName, 'hu')).toBe('Jóváhagyás');
    // the process itself by its label in the screen's language, not the name in the BPMN file
    const process = { name: 'Ajánlat jóváhagyása', elementId: 'Process_1', elementType: 'process' };
    expect(stepName(process, 'Offer approval', typeName, 'en')).toBe('Offer approval');
    expect(localName({ name: 'Jóváhagyás', nameEn: null }, 'en')).toBe('Jóváhagyás');
    expect(localName({ name: null, nameEn: null }, 'en')).toBeNull();
  });
});
