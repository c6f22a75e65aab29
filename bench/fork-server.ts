// `npm run bench:fork`: N torch targets of one interpreter, forked from one server vs one fresh process each.
// Prints a JSON line: wall-time medians over alternating repeats, and the median import-stage time per target.
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { targetFromRun } from '../src/minimal/run-target.js';
import { gatherTargets } from '../src/orchestrator/targets.js';
import { ensureVenv } from '../test/helpers/venvs.js';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 4);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const FAMILY = process.env.BENCH_FAMILY ?? 'vits';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function once(python: string, forkServer: boolean): Promise<{ ms: number; importMs: number[]; forked: number }> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-bench-'));
  const targets = Array.from({ length: TARGETS }, (_, i) => ({ id: `t${i}`, family: FAMILY }));
  const t0 = performance.now();
  try {
    const runs = await gatherTargets(targets, { python, configFile: null, cwd, env: process.env, run: { forkServer }, log: () => {}, assets: [] });
    const ms = performance.now() - t0;
    const all = runs.map(targetFromRun);
    const bad = all.flatMap((t) => t.stages.filter((s) => !['passed', 'skipped'].includes(s.status)).map((s) => `${t.id}:${s.name}`));
    if (bad.length) throw new Error(`stages failed in the benchmark: ${bad.join(', ')}`);
    return {
      ms,
      importMs: all.map((t) => t.stages.find((s) => s.name === 'import')?.durationMs ?? NaN),
      forked: all.filter((t) => t.process.forkedFrom).length,
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const python = ensureVenv('torch');
await once(python, false); // warm the page cache for both sides alike
const forkedMs: number[] = [];
const plainMs: number[] = [];
const forkedImport: number[] = [];
const plainImport: number[] = [];
let forkedTargets = 0;
for (let i = 0; i < REPEATS; i++) {
  // Alternate which goes first so drift does not favour one side.
  const order = i % 2 === 0 ? [true, false] : [false, true];
  for (const fork of order) {
    const r = await once(python, fork);
    (fork ? forkedMs : plainMs).push(r.ms);
    (fork ? forkedImport : plainImport).push(...r.importMs);
    if (fork) forkedTargets = r.forked;
  }
}
console.log(JSON.stringify({
  family: FAMILY,
  targets: TARGETS,
  repeats: REPEATS,
  forkedTargets,
  forkServerMsMedian: Math.round(median(forkedMs)),
  plainMsMedian: Math.round(median(plainMs)),
  timeRatioMedian: Number((median(forkedMs) / median(plainMs)).toFixed(3)),
  importStageMsMedianForked: Math.round(median(forkedImport)),
  importStageMsMedianPlain: Math.round(median(plainImport)),
  node: process.version,
  cpus: os.cpus().length,
}));
