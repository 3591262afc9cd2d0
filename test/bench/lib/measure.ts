/** Measuring helpers shared by the benchmarks: latency percentiles, closed-loop concurrency, memory, tables. */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export type Sample = {
  /** Successful calls per second over the measured window. */
  rps: number;
  count: number;
  errors: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

/** Nearest-rank percentile of latencies in ms (sorted in place). */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Collects latencies (ms) into a growable typed array; cheaper than a number[] for 100k+ samples. */
export class Latencies {
  private buf = new Float64Array(1 << 16);
  length = 0;
  add(ms: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = ms;
  }
  summary(seconds: number, errors: number): Sample {
    const s = this.buf.slice(0, this.length).sort();
    return {
      rps: this.length / seconds,
      count: this.length,
      errors,
      seconds,
      p50: percentile(s, 50),
      p95: percentile(s, 95),
      p99: percentile(s, 99),
      max: s.length ? s[s.length - 1] : NaN,
    };
  }
}

/**
 * `concurrency` async loops calling `fn` back to back for `seconds`; each call's latency is measured. A failing
 * call counts as an error and stops the run if more than a handful fail (a broken benchmark, not a slow one).
 */
export async function closedLoop(concurrency: number, seconds: number, fn: () => Promise<unknown>): Promise<Sample> {
  const lat = new Latencies();
  let errors = 0;
  let firstError: unknown = null;
  const start = performance.now();
  const end = start + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await fn();
        lat.add(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= e;
        if (errors > 10) return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  if (errors > 10)
    throw new Error(
      `more than 10 errors in a raw loop; first: ${String((firstError as Error)?.message ?? firstError)}`,
    );
  return lat.summary((performance.now() - start) / 1000, errors);
}

/** Samples the resident set size while running, for the peak of one phase (maxRSS covers the whole process). */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peak = 0;
  start(intervalMs = 100): this {
    this.peak = process.memoryUsage.rss();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, intervalMs);
    this.timer.unref();
    return this;
  }
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return this.peak;
  }
}

/** The process's peak RSS so far, in bytes. */
export const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
export const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);
}

/** A plain text table with right-aligned numeric columns. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function writeJson(file: string, data: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
}
