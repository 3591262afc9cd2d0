import { describe, expect, it } from 'vitest';
import { describeTimer, durationLabel, parseDuration } from './timer.ts';

describe('ISO 8601 timer previews', () => {
  it('reads durations', () => {
    expect(parseDuration('P1DT2H')).toMatchObject({ days: 1, hours: 2, minutes: 0 });
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('2 days')).toBeNull();
    expect(describeTimer('timeDuration', 'P2D', 'en')).toEqual({ valid: true, text: 'after 2 days' });
    expect(describeTimer('timeDuration', 'PT1H30M', 'hu')).toEqual({ valid: true, text: '1 óra 30 perc múlva' });
    expect(durationLabel('P2D', 'en')).toBe('2 days');
    expect(durationLabel('PT1H', 'en')).toBe('1 hour');
  });

  it('reads cycles, with repetitions and a start', () => {
    expect(describeTimer('timeCycle', 'R/PT1H', 'en').text).toBe('every hour');
    expect(describeTimer('timeCycle', 'R/PT1H', 'hu').text).toBe('óránként');
    expect(describeTimer('timeCycle', 'R3/P2D', 'en').text).toBe('every 2 days, 3 times');
    expect(describeTimer('timeCycle', 'R3/P2D', 'hu').text).toBe('2 naponta, 3 alkalommal');
    expect(describeTimer('timeCycle', 'R/P1DT12H', 'en').text).toBe('every 1 day 12 hours');
    expect(describeTimer('timeCycle', 'R/2026-03-05T09:00:00Z/P1W', 'en').text).toMatch(
      /^every week, starting 5 March 2026/,
    );
  });

  it('reads dates and leaves FEEL alone', () => {
    expect(describeTimer('timeDate', '2026-03-05', 'hu').text).toBe('2026. március 5.');
    expect(describeTimer('timeDate', '=dueDate', 'en')).toEqual({ valid: true, text: expect.stringMatching(/FEEL/) });
  });

  it('refuses what is not ISO 8601, saying what is expected', () => {
    expect(describeTimer('timeDuration', '2 days', 'en')).toEqual({
      valid: false,
      text: expect.stringContaining('P2D'),
    });
    expect(describeTimer('timeCycle', 'PT1H', 'en').valid).toBe(false);
    expect(describeTimer('timeCycle', 'R/PT0H', 'en').valid).toBe(false);
    expect(describeTimer('timeDate', '05.03.2026', 'hu').valid).toBe(false);
    expect(describeTimer('timeDate', '', 'hu')).toEqual({ valid: false, text: 'Nincs megadva.' });
  });
});
