import { describe, expect, it } from 'vitest';
import { addDuration, parseCycle, parseDateTime, parseDuration } from './iso8601.ts';

describe('ISO-8601 helpers', () => {
  it('parses durations and refuses what is not one', () => {
    expect(parseDuration('P2DT4H30M')).toMatchObject({ days: 2, hours: 4, minutes: 30, negative: false });
    expect(parseDuration('P1W')).toMatchObject({ weeks: 1 });
    expect(parseDuration('PT0.5S')).toMatchObject({ seconds: 0.5 });
    for (const bad of ['P', 'PT', 'P1DT', '2D', 'P1H', 'every hour', '']) expect(parseDuration(bad)).toBeNull();
  });

  it('adds durations in UTC, clamping months to their last day', () => {
    const t = new Date('2026-01-31T10:00:00Z');
    expect(addDuration(t, 'P1M').toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addDuration(t, 'P1Y1M').toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(addDuration(t, 'P1DT2H').toISOString()).toBe('2026-02-01T12:00:00.000Z');
    expect(addDuration(t, 'PT4H', -1).toISOString()).toBe('2026-01-31T06:00:00.000Z');
    expect(() => addDuration(t, 'soon')).toThrow(RangeError);
  });

  it('parses dates, date-times with offsets, and repeating intervals', () => {
    expect(parseDateTime('2026-03-10')?.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(parseDateTime('2026-03-10T12:00:00+01:00')?.toISOString()).toBe('2026-03-10T11:00:00.000Z');
    expect(parseDateTime('2026-13-10')).toBeNull();
    expect(parseDateTime('tomorrow')).toBeNull();
    expect(parseCycle('R3/PT1H')).toMatchObject({ repetitions: 3, start: null, intervalText: 'PT1H' });
    expect(parseCycle('R/P1D')).toMatchObject({ repetitions: null });
    expect(parseCycle('R2/2026-03-02T08:00:00Z/P1D')?.start?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    for (const bad of ['R0/PT1H', 'PT1H', 'R3', 'R3/soon', '0 0 * * *']) expect(parseCycle(bad)).toBeNull();
  });
});
