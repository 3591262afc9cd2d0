/**
 * The benchmark runner: `npm run bench` runs every `test/bench/<name>.bench.ts`; `npm run bench -- api queries`
 * runs the named ones (arguments that start with `-` are passed on to them). Results go to `test/output/bench/`.
 * Exit code: 0 when every benchmark ran (a missed target is reported, not failed), 1 when one threw, 2 for usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchModule, BenchOutcome } from './lib/types.ts';
import { mib, peakRss } from './lib/measure.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const outputDir = path.resolve(here, '../output/bench');
const SUFFIX = '.bench.ts';

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const args = argv.filter((a) => a.startsWith('-'));
  const available = fs
    .readdirSync(here)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
  // A name also selects its family: `workflow` runs `workflow-memory` and `workflow-persisted`.
  const matches = (file: string, n: string) => file === n || file.startsWith(`${n}-`);
  const unknown = names.filter((n) => !available.some((f) => matches(f, n)));
  if (unknown.length) {
    console.error(
      `Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Available: ${available.join(', ') || '(none)'}`,
    );
    return 2;
  }
  const selected = names.length ? available.filter((f) => names.some((n) => matches(f, n))) : available;
  fs.mkdirSync(outputDir, { recursive: true });

  const results: { name: string; status: 'ok' | 'below target' | 'error'; seconds: number; summary?: string }[] = [];
  const t0 = performance.now();
  for (const file of selected) {
    const started = performance.now();
    console.log(`\n=== bench: ${file} ===`);
    try {
      const mod = (await import(pathToFileURL(path.join(here, file + SUFFIX)).href)) as Partial<BenchModule>;
      if (typeof mod.run !== 'function') throw new Error(`${file}${SUFFIX} does not export run(options)`);
      const outcome: BenchOutcome | void = await mod.run({ outputDir, args, log: (s) => console.log(s) });
      results.push({
        name: mod.name ?? file,
        status: outcome && !outcome.ok ? 'below target' : 'ok',
        seconds: (performance.now() - started) / 1000,
        summary: outcome ? outcome.summary : undefined,
      });
    } catch (e) {
      console.error(`bench ${file} failed:`, e);
      results.push({ name: file, status: 'error', seconds: (performance.now() - started) / 1000 });
    }
  }

  console.log('\n=== bench summary ===');
  for (const r of results)
    console.log(
      `${r.name.padEnd(12)} ${r.status.padEnd(13)} ${r.seconds.toFixed(1).padStart(7)} s${r.summary ? '  ' + r.summary : ''}`,
    );
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${mib(peakRss())}`);
  return results.some((r) => r.status === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything should be closed by now; if a handle keeps the process alive, say so and leave anyway.
    setTimeout(() => {
      console.error('bench: something is still holding the event loop 10 s after the end; exiting.');
      process.exit(code || 1);
    }, 10_000).unref();
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
