/**
 * ISO 8601 timer definitions, read back to the analyst: `PT1H` → "1 hour", `R/P1D` → "every day",
 * `R3/PT10M` → "every 10 minutes, 3 times", `2026-03-05T09:00:00+01:00` → a date. A value starting with `=` is a
 * FEEL expression, evaluated when the timer starts, so it has no preview.
 */

export type TimerKind = 'timeDuration' | 'timeCycle' | 'timeDate';
export type DurationParts = {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
};
export type TimerPreview = { valid: boolean; text: string };

const DURATION_RE =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `parseDuration('P1DT2H')` → `{ days: 1, hours: 2, … }`; null when it is not an ISO 8601 duration. */
export function parseDuration(value: string): DurationParts | null {
  const m = DURATION_RE.exec(value.trim());
  if (!m) return null;
  const n = (s: string | undefined) => (s ? Number(s.replace(',', '.')) : 0);
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
type Unit = (typeof UNITS)[number];

const WORDS: Record<'hu' | 'en', Record<Unit, [string, string]>> = {
  hu: {
    years: ['év', 'év'],
    months: ['hónap', 'hónap'],
    weeks: ['hét', 'hét'],
    days: ['nap', 'nap'],
    hours: ['óra', 'óra'],
    minutes: ['perc', 'perc'],
    seconds: ['másodperc', 'másodperc'],
  },
  en: {
    years: ['year', 'years'],
    months: ['month', 'months'],
    weeks: ['week', 'weeks'],
    days: ['day', 'days'],
    hours: ['hour', 'hours'],
    minutes: ['minute', 'minutes'],
    seconds: ['second', 'seconds'],
  },
};
/** Hungarian "every <unit>" adverbs: óránként, naponta, hetente… */
const HU_EVERY: Record<Unit, string> = {
  years: 'évente',
  months: 'havonta',
  weeks: 'hetente',
  days: 'naponta',
  hours: 'óránként',
  minutes: 'percenként',
  seconds: 'másodpercenként',
};

const lang = (locale: string): 'hu' | 'en' => (locale === 'en' ? 'en' : 'hu');
const used = (d: DurationParts) => UNITS.filter((u) => d[u] > 0);

/** `describeDuration(parseDuration('P2D')!, 'en')` → `2 days`; `hu` → `2 nap`. */
export function describeDuration(d: DurationParts, locale: string): string {
  const l = lang(locale);
  const parts = used(d).map((u) => `${d[u]} ${WORDS[l][u][d[u] === 1 ? 0 : 1]}`);
  if (!parts.length) return l === 'hu' ? 'azonnal' : 'immediately';
  return parts.join(' ');
}

function describeEvery(d: DurationParts, locale: string): string {
  const l = lang(locale);
  const units = used(d);
  if (units.length === 1) {
    const u = units[0];
    const n = d[u];
    if (l === 'hu') return n === 1 ? HU_EVERY[u] : `${n} ${HU_EVERY[u]}`;
    return n === 1 ? `every ${WORDS.en[u][0]}` : `every ${n} ${WORDS.en[u][1]}`;
  }
  return l === 'hu' ? `${describeDuration(d, l)} időközönként` : `every ${describeDuration(d, l)}`;
}

function describeDate(value: string, locale: string): string | null {
  if (!DATE_RE.test(value)) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const dateOnly = value.length === 10;
  return new Intl.DateTimeFormat(lang(locale) === 'hu' ? 'hu-HU' : 'en-GB', {
    dateStyle: 'long',
    ...(dateOnly ? {} : { timeStyle: 'short' }),
  }).format(d);
}

/** `describeCycle('R3/PT10M', 'en')` → `every 10 minutes, 3 times`. */
function describeCycle(value: string, locale: string): string | null {
  const l = lang(locale);
  const parts = value.split('/');
  const rep = /^R(\d*)$/.exec(parts[0]);
  if (!rep || parts.length < 2 || parts.length > 3) return null;
  const start = parts.length === 3 ? parts[1] : undefined;
  const duration = parseDuration(parts[parts.length - 1]);
  if (!duration || !used(duration).length) return null;
  const startText = start ? describeDate(start, l) : undefined;
  if (start && !startText) return null;
  let text = describeEvery(duration, l);
  if (rep[1]) text += l === 'hu' ? `, ${rep[1]} alkalommal` : `, ${rep[1]} ${rep[1] === '1' ? 'time' : 'times'}`;
  if (startText) text += l === 'hu' ? `, kezdés: ${startText}` : `, starting ${startText}`;
  return text;
}

/** A readable preview of a timer definition, or `valid: false` with a hint of the expected form. */
export function describeTimer(kind: TimerKind, raw: string, locale: string): TimerPreview {
  const l = lang(locale);
  const value = raw.trim();
  if (!value) return { valid: false, text: l === 'hu' ? 'Nincs megadva.' : 'Not set.' };
  if (value.startsWith('=')) {
    return {
      valid: true,
      text:
        l === 'hu' ? 'FEEL-kifejezés: indításkor értékelődik ki.' : 'FEEL expression: evaluated when the timer starts.',
    };
  }
  let text: string | null = null;
  if (kind === 'timeDuration') {
    const d = parseDuration(value);
    text = d ? (l === 'hu' ? `${describeDuration(d, l)} múlva` : `after ${describeDuration(d, l)}`) : null;
  } else if (kind === 'timeCycle') text = describeCycle(value, l);
  else text = describeDate(value, l);
  if (text) return { valid: true, text };
  const expected = { timeDuration: 'P2D, PT1H30M', timeCycle: 'R/PT1H, R3/P1D', timeDate: '2026-03-05T09:00:00+01:00' }[
    kind
  ];
  return {
    valid: false,
    text: l === 'hu' ? `Nem ISO 8601 formátum (pl. ${expected}).` : `Not ISO 8601 (e.g. ${expected}).`,
  };
}

/** A due date / reminder offset as the panel shows it: `P2D` → `2 days`, FEEL or invalid text unchanged. */
export function durationLabel(value: string | undefined, locale: string): string {
  if (!value) return '';
  const d = parseDuration(value);
  return d ? describeDuration(d, locale) : value;
}
