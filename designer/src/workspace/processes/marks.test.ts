import { describe, expect, it } from 'vitest';
import { diagramMarks, historyNewestFirst, outcomeText, startableOn } from './marks.ts';

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

  it('offers only the processes of the record’s entity', () => {
    const ps = [
      { key: 'discount', label: 'Discount', entity: 'contract' },
      { key: 'onboarding', label: 'Onboarding', entity: 'company' },
      { key: 'leave', label: 'Leave', entity: null },
    ];
    expect(startableOn(ps, 'company').map((p) => p.key)).toEqual(['onboarding']);
  });

  it('writes outcomes as text', () => {
    expect(outcomeText({ decision: 'reject', comment: 'too much' })).toBe('decision: reject, comment: too much');
    expect(outcomeText('approved')).toBe('approved');
    expect(outcomeText(null)).toBe('');
  });
});
