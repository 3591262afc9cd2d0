import { describe, expect, it } from 'vitest';
import { neutralizeFormula, wallClock } from './outputs.ts';

describe('xlsx cell values', () => {
  it('shows date-times on the wall clock of the zone, across daylight-saving changes', () => {
    const at = (iso: string) => wallClock(iso, 'Europe/Budapest').toISOString().slice(0, 19);
    // spring forward on 2026-03-29 at 01:00 UTC
    expect(at('2026-03-29T00:59:59Z')).toBe('2026-03-29T01:59:59');
    expect(at('2026-03-29T01:00:00Z')).toBe('2026-03-29T03:00:00');
    // fall back on 2026-10-25 at 01:00 UTC: the hour 02:00–03:00 happens twice
    expect(at('2026-10-25T00:30:00Z')).toBe('2026-10-25T02:30:00');
    expect(at('2026-10-25T01:30:00Z')).toBe('2026-10-25T02:30:00');
    // a zone with a half-hour offset, and the same instant asked again (served from the cache)
    expect(wallClock('2026-06-01T12:00:00Z', 'Asia/Kolkata').toISOString()).toBe('2026-06-01T17:30:00.000Z');
    expect(wallClock('2026-06-01T12:10:00.250Z', 'Asia/Kolkata').toISOString()).toBe('2026-06-01T17:40:00.250Z');
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    expect(['=1+1', '+36', '-x', '@a', '\tx', 'ok'].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+36",
      "'-x",
      "'@a",
      "'\tx",
      'ok',
    ]);
  });
});
