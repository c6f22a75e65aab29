// `npm run bench`: debug-tts's staged run against a bare Python load of the same model, and the isolated env's
// warm reuse check, as JSON lines.
// Time ratio = staged wall time / bare wall time (median of alternating pairs); memory ratio =
// debug-tts's tracked peak / the kernel's ru_maxrss for the same process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runTarget, targetFromRun } from '../src/minimal/run-target.js';
import { ensureVenv, type VenvName } from '../test/helpers/venvs.js';
import { ensureIsolatedEnv, isEnvFailure } from '../src/orchestrator/isolated-env.js';

const run = promisify(execFile);
const BARE = fileURLToPath(new URL('./bare_load.py', import.meta.url));
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const CASES: { family: string; venv: VenvName; options: Record<string, unknown> }[] = [
  { family: 'vits', venv: 'torch', options: {} },
  { family: 'piper', venv: 'piper', options: { text: 'The quick brown fox jumps over the lazy dog.' } },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const env = { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' };

async function bare(python: string, family: string, options: object): Promise<number> {
  const t0 = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-bench-'));
  try {
    await run(python, ['-B', BARE, family, JSON.stringify(options)], { env: { ...env, TMPDIR: tmp }, maxBuffer: 1 << 26 });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return performance.now() - t0;
}

async function staged(python: string, family: string, options: object): Promise<{ ms: number; memoryRatio: number; peak: number; maxRss: number; failed: string[] }> {
  const t0 = performance.now();
  const r = await runTarget({ id: family, family, environment: 'bench', python, cwd: process.cwd(), env, options: options as Record<string, unknown>, stageTimeoutMs: 600_000 });
  const ms = performance.now() - t0;
  const target = targetFromRun(r);
  const done = r.events.find((e) => e.type === 'done') as { maxRss?: number } | undefined;
  const peak = Math.max(...target.stages.map((s) => s.memory.peakBytes ?? 0), ...r.timeline.map(([, v]) => v));
  const maxRss = done?.maxRss ?? NaN;
  return { ms, memoryRatio: peak / maxRss, peak, maxRss, failed: target.stages.filter((s) => !['passed', 'skipped'].includes(s.status)).map((s) => s.name) };
}

for (const c of CASES) {
  const python = ensureVenv(c.venv);
  await bare(python, c.family, c.options); // warm the page cache for both sides alike
  const ratios: number[] = [];
  const memory: number[] = [];
  const stagedMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which goes first so drift (thermal, cache) does not favour one side.
    const first = i % 2 === 0;
    const b1 = first ? await bare(python, c.family, c.options) : 0;
    const s = await staged(python, c.family, c.options);
    const b = first ? b1 : await bare(python, c.family, c.options);
    if (s.failed.length) throw new Error(`${c.family}: stages failed in the benchmark: ${s.failed.join(', ')}`);
    ratios.push(s.ms / b);
    memory.push(s.memoryRatio);
    stagedMs.push(s.ms);
    bareMs.push(b);
  }
  console.log(JSON.stringify({
    family: c.family,
    pairs: PAIRS,
    stagedMsMedian: Math.round(median(stagedMs)),
    bareMsMedian: Math.round(median(bareMs)),
    timeRatioMedian: Number(median(ratios).toFixed(3)),
    timeRatioTarget: 1.3,
    memoryRatioMedian: Number(median(memory).toFixed(4)),
    memoryRatioMin: Number(Math.min(...memory).toFixed(4)),
    memoryRatioMax: Number(Math.max(...memory).toFixed(4)),
    memoryRatioTarget: [0.97, 1.03],
    node: process.version,
    cpus: os.cpus().length,
  }));
}

// The isolated env's reuse check (issue: under a second): build once, then time the check that a warm run pays.
{
  const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-bench-envs-'));
  try {
    const spec = { name: 'bench', requirements: ['packaging==24.2'], base: 'python3', cacheRoot, env, log: () => {} };
    const cold = await ensureIsolatedEnv(spec);
    if (isEnvFailure(cold)) throw new Error(`isolated env build failed: ${cold.message}\n${cold.output}`);
    const checks: number[] = [];
    for (let i = 0; i < 9; i++) {
      const warm = await ensureIsolatedEnv(spec);
      if (isEnvFailure(warm) || warm.how !== 'reused') throw new Error('the warm run did not reuse the env');
      checks.push(warm.checkMs);
    }
    console.log(JSON.stringify({
      isolatedEnv: spec.requirements.join(' '),
      coldBuildMs: cold.buildMs,
      warmCheckMsMedian: median(checks),
      warmCheckMsMax: Math.max(...checks),
      runs: checks.length,
      target: 'warm check < 1000 ms',
    }));
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}
