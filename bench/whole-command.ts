// `npm run bench:command`: what a user feels. The whole `debug-tts` command (node start-up, config,
// probes, the staged load, the report) against the same model loaded by a short script written the
// way an app would (bench/user/*.py), in interleaved pairs; and the start-up of commands that load
// no model against `node -e 0`. Prints one JSON line per case, with medians.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureVenv, type VenvName } from '../test/helpers/venvs.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'debug-tts.js');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const env = { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', NO_COLOR: '1', CI: 'true' };

const KOKORO_PHONEMES = 'həlˈoʊ wˈɜːld';

interface Case {
  family: string;
  venv: VenvName;
  app: string;
  /** Prepares what both sides load (a model dir), and gives the target's options and the app's arguments. */
  setup?: (python: string, dir: string) => { options: Record<string, unknown>; appArgs: string[] };
}

const CASES: Case[] = [
  { family: 'piper', venv: 'piper', app: 'piper_app.py' },
  { family: 'vits', venv: 'torch', app: 'vits_app.py' },
  {
    family: 'kokoro',
    venv: 'torch',
    app: 'kokoro_app.py',
    // A small Kokoro dir in the published layout, random weights, built by the test fixture's script.
    setup: (python, dir) => {
      const modelDir = path.join(dir, 'kokoro');
      execFileSync(python, [path.join(ROOT, 'test', 'minimal', 'fixtures', 'make_kokoro_dir.py'), modelDir, path.join(ROOT, 'src', 'minimal', 'python', 'families'), 'af_heart'], { env });
      return { options: { modelDir, voice: 'af_heart', phonemes: KOKORO_PHONEMES }, appArgs: [modelDir] };
    },
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timed(file: string, args: string[], cwd = ROOT): Promise<number> {
  const t0 = performance.now();
  await run(file, args, { cwd, env, maxBuffer: 1 << 26 }).catch((err: { code?: number }) => {
    // debug-tts exits 1 when it finds problems: still a whole run; anything else is a broken benchmark.
    if (err.code !== 1) throw err;
  });
  return performance.now() - t0;
}

for (const c of CASES) {
  const python = ensureVenv(c.venv);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-bench-command-'));
  try {
    const { options, appArgs } = c.setup?.(python, dir) ?? { options: {}, appArgs: [] };
    writeFileSync(path.join(dir, 'debug-tts.config.json'), JSON.stringify({ python, targets: [{ id: c.family, family: c.family, ...options }] }));
    const whole = () => timed(process.execPath, [BIN, '--output-dir', path.join(dir, 'out'), '--format', 'json,html'], dir);
    const bare = () => timed(python, [path.join(ROOT, 'bench', 'user', c.app), ...appArgs, path.join(dir, 'out.wav')], dir);
    await bare(); // warm the page cache for both sides alike
    // The command must have loaded the model through synthesis, or the comparison means nothing.
    await whole();
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as { targets: { stages: { name: string; status: string }[] }[] };
    const synth = report.targets[0]?.stages.find((s) => s.name === 'synthesize')?.status;
    if (synth !== 'passed') throw new Error(`${c.family}: the command's synthesize stage is ${synth ?? 'missing'}, not passed`);
    const wholeMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which goes first so drift does not favour one side.
      if (i % 2 === 0) {
        bareMs.push(await bare());
        wholeMs.push(await whole());
      } else {
        wholeMs.push(await whole());
        bareMs.push(await bare());
      }
    }
    console.log(JSON.stringify({ case: `whole run: ${c.family}`, pairs: PAIRS, commandMsMedian: Math.round(median(wholeMs)), userScriptMsMedian: Math.round(median(bareMs)), ratio: Number((median(wholeMs) / median(bareMs)).toFixed(2)) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const log = path.join(os.tmpdir(), `debug-tts-bench-${process.pid}.log`);
writeFileSync(log, "Traceback (most recent call last):\n  File \"app.py\", line 1, in <module>\nModuleNotFoundError: No module named 'kokoro'\n");
const STARTUP: [string, string[]][] = [
  ['--version', ['--version']],
  ['--help', ['--help']],
  ['explain --json', ['explain', log, '--json']],
];
for (const [name, args] of STARTUP) {
  const mine: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < PAIRS * 2; i++) {
    node.push(await timed(process.execPath, ['-e', '0']));
    mine.push(await timed(process.execPath, [BIN, ...args]));
  }
  console.log(JSON.stringify({ case: `start-up: ${name}`, runs: PAIRS * 2, commandMsMedian: Math.round(median(mine)), nodeMsMedian: Math.round(median(node)), ratio: Number((median(mine) / median(node)).toFixed(2)) }));
}
rmSync(log, { force: true });
