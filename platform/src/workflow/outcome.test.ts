import { describe, expect, it } from 'vitest';
import { taskOutcome } from './interpret.ts';
import { readOutcome, storedOutcome } from './runtime.service.ts';

describe('history outcomes', () => {
  it('tells a completed task by its decision and comment, nothing when neither was sent', () => {
    expect(taskOutcome({ decision: 'reject', comment: '  Drága.  ', notes: 'x' })).toEqual({
      decision: 'reject',
      comment: 'Drága.',
    });
    expect(taskOutcome({ comment: '' })).toBeNull();
    expect(taskOutcome(undefined)).toBeNull();
    expect(taskOutcome({ decision: 3 })).toBeNull();
  });

  it('keeps a long comment short enough for the column, and reads it back', () => {
    const outcome = taskOutcome({ decision: 'reject', comment: 'ő'.repeat(1000) });
    const stored = storedOutcome(outcome)!;
    expect(stored.length).toBeLessThanOrEqual(255);
    expect(readOutcome(stored)).toEqual({ decision: 'reject', comment: `${'ő'.repeat(199)}…` });
  });

  it('drops the comment rather than store broken JSON when escapes make it too long', () => {
    const stored = storedOutcome(taskOutcome({ decision: 'reject', comment: '"'.repeat(200) }))!;
    expect(readOutcome(stored)).toEqual({ decision: 'reject' });
    expect(storedOutcome('VALIDATION_FAILED')).toBe('VALIDATION_FAILED');
    expect(readOutcome('VALIDATION_FAILED')).toBe('VALIDATION_FAILED');
    expect(storedOutcome(null)).toBeNull();
  });
});
