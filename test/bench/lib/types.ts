/** The contract between `test/bench/run.ts` and each `test/bench/<name>.bench.ts`. */

export type BenchOptions = {
  /** Where a benchmark writes its JSON result (`test/output/bench`); created by the runner. */
  outputDir: string;
  /** Arguments after the benchmark names, e.g. `npm run bench -- api --quick` gives `['--quick']`. */
  args: string[];
  log: (line: string) => void;
};

/** What a benchmark reports back to the runner: `ok: false` means a target was missed (still exit 0). */
export type BenchOutcome = { ok: boolean; summary?: string };

export type BenchModule = {
  name: string;
  description?: string;
  /** Throws only on errors (the runner then exits non-zero); a missed target is `{ ok: false }`. */
  run(options: BenchOptions): Promise<BenchOutcome | void>;
};
