/**
 * HTTP load from wrk (Debian's `wrk`, written in C) when it is installed: it needs a fraction of the CPU that a
 * Node.js load generator takes, so on a two-core machine the server is measured rather than the client.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sample } from './measure.ts';

export const WRK = '/usr/bin/wrk';
export const hasWrk = () => process.env.BENCH_LOADGEN !== 'autocannon' && fs.existsSync(WRK);

const SCRIPT = `
local paths = {}
for line in io.lines(os.getenv("FOLYAM_WRK_PATHS")) do paths[#paths + 1] = line end
local cookie = os.getenv("FOLYAM_WRK_COOKIE")
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Cookie"] = cookie, ["Accept"] = "application/json" })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %.3f %.3f %.3f %.3f\\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
`;

/** Runs wrk for `seconds` with `connections`, cycling through `paths`; throws on any failed request. */
export async function wrkLoad(
  url: string,
  cookie: string,
  paths: string[],
  connections: number,
  seconds: number,
): Promise<Sample> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folyam-wrk-'));
  try {
    fs.writeFileSync(path.join(dir, 'paths.txt'), paths.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'load.lua'), SCRIPT);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        WRK,
        ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', path.join(dir, 'load.lua'), url],
        { env: { ...process.env, FOLYAM_WRK_PATHS: path.join(dir, 'paths.txt'), FOLYAM_WRK_COOKIE: cookie } },
        (err, stdout, stderr) => (err ? reject(new Error(`wrk failed: ${stderr || err.message}`)) : resolve(stdout)),
      ),
    );
    const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(out);
    if (!m) throw new Error(`wrk printed no result: ${out}`);
    const [requests, durationUs, status, socket, timeouts] = m.slice(1, 6).map(Number);
    if (status + socket + timeouts > 0)
      throw new Error(`wrk: ${status} non-2xx/3xx, ${socket} socket errors, ${timeouts} timeouts`);
    const secondsRun = durationUs / 1e6;
    return {
      rps: requests / secondsRun,
      count: requests,
      errors: 0,
      seconds: secondsRun,
      p50: Number(m[6]),
      p95: Number(m[7]),
      p99: Number(m[8]),
      max: Number(m[9]),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
