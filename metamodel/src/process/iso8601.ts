/**
 * ISO-8601 durations, instants and repeating intervals as BPMN timers, due dates and reminders write them.
 * Calendar parts (years, months, days) are added in UTC, so `P1D` is always 24 hours.
 */

export type Duration = {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  negative: boolean;
};

const DURATION_RE =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** `parseDuration('P2DT4H')` → `{ days: 2, hours: 4, … }`; null when it is not an ISO-8601 duration. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return null;
  if (m.slice(2).every((x) => x === undefined)) return null;
  if (text.trim().endsWith('T')) return null;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i].replace(',', '.')));
  return {
    negative: m[1] === '-',
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/** `addDuration(new Date('2026-01-31T00:00:00Z'), 'P1M')` → 2026-02-28 (months clamp to the month's end). */
export function addDuration(at: Date, duration: Duration | string, sign: 1 | -1 = 1): Date {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (!d) throw new RangeError(`Not an ISO-8601 duration: ${String(duration)}`);
  const s = d.negative ? -sign : sign;
  const out = new Date(at.getTime());
  const months = Math.trunc(d.years * 12 + d.months);
  if (months) {
    const day = out.getUTCDate();
    out.setUTCDate(1);
    out.setUTCMonth(out.getUTCMonth() + s * months);
    const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
    out.setUTCDate(Math.min(day, last));
  }
  const ms =
    ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000 +
    ((d.years * 12 + d.months - months) * 30 * 86_400_000 || 0);
  return new Date(out.getTime() + s * Math.round(ms));
}

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 date or date-time; a date alone is midnight UTC. Null when it is not one. */
export function parseDateTime(text: string): Date | null {
  const t = text.trim();
  if (!DATE_TIME_RE.test(t)) return null;
  const d = new Date(t.length === 10 ? `${t}T00:00:00Z` : t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A repeating interval `R3/PT1H`, `R/PT10M` (unbounded), `R2/2026-01-01T08:00:00Z/P1D`. */
export type Cycle = { repetitions: number | null; start: Date | null; interval: Duration; intervalText: string };

/** `parseCycle('R3/PT1H')` → `{ repetitions: 3, start: null, interval: { hours: 1, … } }`; null when invalid. */
export function parseCycle(text: string): Cycle | null {
  const parts = text.trim().split('/');
  const m = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!m) return null;
  const repetitions = m[1] === '' ? null : Number(m[1]);
  if (repetitions !== null && repetitions < 1) return null;
  if (parts.length === 2) {
    const interval = parseDuration(parts[1]);
    return interval && !interval.negative ? { repetitions, start: null, interval, intervalText: parts[1] } : null;
  }
  if (parts.length === 3) {
    const start = parseDateTime(parts[1]);
    const interval = parseDuration(parts[2]);
    return start && interval && !interval.negative ? { repetitions, start, interval, intervalText: parts[2] } : null;
  }
  return null;
}

/** True for a duration that moves time forward (`PT0S` does not). */
export function isPositiveDuration(d: Duration): boolean {
  return !d.negative && addDuration(new Date(0), d).getTime() > 0;
}
