/**
 * In-memory workflow throughput: the fixture `test/bench/fixtures/workflow.bpmn` (three service tasks, a user task,
 * an exclusive gateway) run to completion N times with Folyam's engine (`startInstance` / `resumeInstance`: the
 * bench loop answers every service call at once and completes the user task with an event) and with bpmn-engine
 * on the same file in the same process (dummy services, the user task signalled from its `wait` event, the
 * gateway's FEEL condition evaluated by the same FEEL interpreter). Both engines compile/parse the file once.
 * Target: Folyam ≥ 5× bpmn-engine's instances/s. Results: test/output/bench/workflow-memory.json.
 * Env: BENCH_WORKFLOW_INSTANCES (3000).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';
import { evaluate } from 'feelin';
import { folyamModdle, parseProcessXml } from '@folyam/metamodel';
import {
  compileProcess,
  resumeInstance,
  startInstance,
  type CompiledProcess,
} from '../../platform/src/workflow/index.ts';
import { envNumber, fmt, table, writeJson } from './lib/measure.ts';
import type { BenchOptions, BenchOutcome } from './lib/types.ts';

export const name = 'workflow-memory';
export const description = 'Workflow engine in memory: completed instances/s, Folyam vs bpmn-engine on one BPMN file';

const TARGET_RATIO = 5;
const FIXTURE = fileURLToPath(new URL('./fixtures/workflow.bpmn', import.meta.url));
const START = Date.parse('2026-03-02T08:00:00Z');

type Variables = { amount: number; n: number; initiator: string };
const variablesOf = (i: number): Variables => ({ amount: (i % 10) * 1000, n: i, initiator: 'bench' });

/** One instance on Folyam's engine; returns whether it ended at the "approved" end event. */
function runFolyam(compiled: CompiledProcess, i: number): boolean {
  const now = new Date(START + i * 1000);
  let r = startInstance(compiled, { variables: variablesOf(i), now });
  let approved = false;
  while (r.status === 'running') {
    const effect = r.effects.find((e) => e.type === 'service.call' || e.type === 'task.create');
    if (!effect || !('activationId' in effect)) throw new Error(`instance ${i} waits for nothing it can be given`);
    r =
      effect.type === 'service.call'
        ? resumeInstance(
            compiled,
            r.snapshot,
            { type: 'service.done', activationId: effect.activationId, result: {} },
            now,
          )
        : resumeInstance(
            compiled,
            r.snapshot,
            { type: 'task.complete', activationId: effect.activationId, variables: { approved: true }, actor: 'bench' },
            now,
          );
    approved ||= r.history.some((h) => h.elementId === 'Approved' && h.event === 'completed');
  }
  return approved && r.status === 'completed';
}

/** FEEL for bpmn-engine's conditions (`=approved = true`), over the instance's variables. */
const feelExpressions = {
  resolveExpression(expression: string, context: { environment?: { variables?: Record<string, unknown> } }) {
    const body = expression.trim().startsWith('=') ? expression.trim().slice(1) : expression;
    return evaluate(body, { ...context.environment?.variables }).value;
  },
  isExpression: (s: unknown) => typeof s === 'string' && s.trim().startsWith('='),
  hasExpression: (s: unknown) => typeof s === 'string' && s.trim().startsWith('='),
};

/** One instance on bpmn-engine; resolves whether it ended at the "approved" end event. */
async function runBpmnEngine(moddleContext: unknown, i: number): Promise<boolean> {
  const listener = new EventEmitter();
  let approved = false;
  listener.on(
    'wait',
    (api: { type: string; environment: { variables: Record<string, unknown> }; signal: (m?: unknown) => void }) => {
      if (api.type !== 'bpmn:UserTask') return;
      api.environment.variables.approved = true;
      api.signal({ approved: true });
    },
  );
  listener.on('activity.end', (api: { id: string }) => {
    if (api.id === 'Approved') approved = true;
  });
  const engine = new Engine({
    name: `bench-${i}`,
    moddleContext,
    settings: { enableDummyService: true },
    expressions: feelExpressions,
    variables: { ...variablesOf(i) },
  } as never);
  const ended = engine.waitFor('end');
  await engine.execute({ listener } as never);
  await ended;
  return approved;
}

async function timeIt(n: number, fn: (i: number) => boolean | Promise<boolean>) {
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (await fn(i)) ok++;
  const seconds = (performance.now() - t0) / 1000;
  return { ok, seconds, rate: n / seconds };
}

export async function run({ outputDir, log }: BenchOptions): Promise<BenchOutcome> {
  const n = envNumber('BENCH_WORKFLOW_INSTANCES', 3000);
  const xml = fs.readFileSync(FIXTURE, 'utf8');
  const compiled = compileProcess(await parseProcessXml(xml));
  const moddleContext = await new BpmnModdle({ folyam: folyamModdle }).fromXML(xml);

  // Warm-up: JIT, FEEL parser, module loading.
  const warm = Math.min(300, n);
  await timeIt(warm, (i) => runFolyam(compiled, i));
  await timeIt(warm, (i) => runBpmnEngine(moddleContext, i));

  const folyam = await timeIt(n, (i) => runFolyam(compiled, i));
  const bpmnEngine = await timeIt(n, (i) => runBpmnEngine(moddleContext, i));
  if (folyam.ok !== n || bpmnEngine.ok !== n)
    throw new Error(`not every instance ended approved: folyam ${folyam.ok}/${n}, bpmn-engine ${bpmnEngine.ok}/${n}`);
  const ratio = folyam.rate / bpmnEngine.rate;

  log(
    table(
      ['engine', 'instances', 'seconds', 'instances/s', 'ms/instance'],
      [
        ['folyam', n, fmt(folyam.seconds, 2), fmt(folyam.rate), fmt((folyam.seconds * 1000) / n, 3)],
        ['bpmn-engine', n, fmt(bpmnEngine.seconds, 2), fmt(bpmnEngine.rate), fmt((bpmnEngine.seconds * 1000) / n, 3)],
      ],
    ),
  );
  log(`ratio: folyam is ${fmt(ratio, 2)}× bpmn-engine (target ≥ ${TARGET_RATIO}×)`);
  writeJson(path.join(outputDir, 'workflow-memory.json'), {
    instances: n,
    folyam: { seconds: folyam.seconds, instancesPerSecond: folyam.rate },
    bpmnEngine: { seconds: bpmnEngine.seconds, instancesPerSecond: bpmnEngine.rate },
    ratio,
    target: TARGET_RATIO,
  });
  return {
    ok: ratio >= TARGET_RATIO,
    summary: `folyam ${fmt(folyam.rate)}/s, bpmn-engine ${fmt(bpmnEngine.rate)}/s, ${fmt(ratio, 2)}×`,
  };
}
