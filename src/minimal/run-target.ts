// Runs one target's staged load in its own Python process: events, memory timeline, timeouts, crashes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { constants as osConstants } from 'node:os';
import { pythonScript } from '../core/paths.js';
import { STAGE_NAMES, type StageName, type Target } from '../core/report-types.js';
import { SCHEMA_IDS, validator } from '../core/schemas.js';
import { tail } from '../core/text-tail.js';
import { ForkServer, type LaunchedProcess, type ProcessEnd } from './fork-server.js';
import { killTree, stopSampling, trackGroup, treeRss, untrackGroup } from './process-tree.js';
import { buildStages, type StageEvent, type StageInput } from './stages.js';

export interface TargetRunSpec {
  id: string;
  family: string;
  environment: string;
  python: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Everything the family reads: modelDir, configFile, weights, voice, text, ... */
  options: Record<string, unknown>;
  stages?: StageName[];
  /** Per stage: the clock restarts at every stage-start. */
  stageTimeoutMs: number;
  memoryLimitBytes?: number | null;
  sampleIntervalMs?: number;
  /** Lets the caller stop the run (Ctrl-C): the tree is killed and the target marked interrupted. */
  signal?: AbortSignal;
  /** Set for a target debug-tts found by itself: why it picked it. */
  discoveredBy?: string;
  /** Fork the target from this server (imports already paid); a plain process when it cannot. */
  forkServer?: ForkServer | null;
}

/** What one target's process told us: saved as an artifact, turned into a Target by `targetFromRun`. */
export interface TargetRun extends StageInput {
  id: string;
  family: string;
  environment: string;
  discoveredBy?: string;
  /** Set when the target was forked from a server that had imported these modules already. */
  forkServer?: { preloaded: string[]; importMs: number };
}

/** Pure: the same run always gives the same Target, so reports replay from artifacts. */
export function targetFromRun(r: TargetRun): Target {
  const done = r.events.find((e) => e.type === 'done');
  return {
    id: r.id,
    family: r.family,
    environment: r.environment,
    ...(r.discoveredBy ? { discoveredBy: r.discoveredBy } : {}),
    stages: buildStages(r),
    timeline: r.timeline,
    process: {
      exitCode: r.exitCode,
      signal: r.signal,
      durationMs: r.durationMs,
      interrupted: r.killedFor === 'interrupted',
      ...(r.killedFor === 'lingered' ? { lingered: { threads: (done?.type === 'done' && done.threads) || [], graceMs: LINGER_GRACE_MS } } : {}),
      ...(r.forkServer ? { forkedFrom: r.forkServer } : {}),
    },
  };
}

const STAGE_RUNNER = pythonScript('minimal/python/stage_runner.py');

/** How long a hung target has to print its stacks (faulthandler, SIGUSR1) before its tree is killed. */
const STACK_DUMP_MS = 500;

/** How long a target's process may live on after its last stage before its tree is killed. */
export const LINGER_GRACE_MS = 3000;

/** Offline by default: a hub download inside a stage must fail loudly, not hang or fetch. */
export const OFFLINE_ENV = { HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', HF_DATASETS_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' };

function signalName(code: number | null, signal: NodeJS.Signals | null): string | null {
  if (signal) return signal;
  if (code !== null && code > 128) {
    const name = Object.entries(osConstants.signals).find(([, n]) => n === code - 128)?.[0];
    return name ?? null;
  }
  return null;
}

function spawnPlain(spec: TargetRunSpec, specFile: string, env: NodeJS.ProcessEnv): LaunchedProcess {
  const child = spawn(spec.python, ['-B', STAGE_RUNNER, specFile], { cwd: spec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const closed = new Promise<ProcessEnd>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => resolve({ code: null, signal: null, error: err.message }));
  });
  return { pid: child.pid, stdout: child.stdout, stderr: child.stderr, closed };
}

async function launch(spec: TargetRunSpec, specFile: string, dir: string): Promise<{ proc: LaunchedProcess; forked: boolean }> {
  // TMPDIR: synthetic checkpoints and anything else a family writes go into our folder, removed after the run.
  const env = { ...spec.env, ...OFFLINE_ENV, PYTHONUNBUFFERED: '1', TMPDIR: dir };
  const server = spec.forkServer;
  if (server?.usable && ForkServer.fits(dir)) {
    try {
      return { proc: await server.launch({ id: spec.id, specFile, cwd: spec.cwd, env, dir }), forked: true };
    } catch {
      // the server died or could not fork: this target runs as a plain process, as it would without one
    }
  }
  return { proc: spawnPlain(spec, specFile, env), forked: false };
}

export async function runTarget(spec: TargetRunSpec): Promise<TargetRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-target-'));
  const specFile = path.join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify({ family: spec.family, target: { id: spec.id, ...spec.options }, stages: spec.stages ?? null }));
  const validate = validator<StageEvent>(SCHEMA_IDS.stageEvent);
  const started = performance.now();
  const { proc: child, forked } = await launch(spec, specFile, dir);
  const events: StageEvent[] = [];
  const timeline: [number, number][] = [];
  let stderr = '';
  let killedFor: TargetRun['killedFor'] = null;
  // Silence is a hang wherever it happens: at start-up, inside a stage, between stages. The timer
  // restarts at every event; after `done` only a short grace is left (a non-daemon thread, an atexit
  // handler that blocks), then the whole tree is killed.
  let stageTimer: NodeJS.Timeout | undefined;
  const watch = (ms: number, why: NonNullable<TargetRun['killedFor']>) => {
    clearTimeout(stageTimer);
    stageTimer = setTimeout(() => kill(why), ms);
  };
  let sampler: NodeJS.Timeout | undefined;
  let offset = 0;
  let ended = false;
  const now = () => performance.now() - started;

  const kill = (why: NonNullable<TargetRun['killedFor']>) => {
    const first = killedFor === null;
    killedFor ??= why;
    if (!child.pid) return;
    // A hang: the runner dumps every thread's Python stack on SIGUSR1 (faulthandler), so the report
    // says where the stage waited; the tree is killed a moment later either way.
    if (first && why === 'timed-out' && process.platform !== 'win32') {
      try {
        process.kill(child.pid, 'SIGUSR1');
        setTimeout(() => killTree(child.pid!), STACK_DUMP_MS).unref();
        return;
      } catch {
        // already gone
      }
    }
    killTree(child.pid);
  };
  const onAbort = () => kill('interrupted');
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  if (spec.signal?.aborted) onAbort();
  if (child.pid) trackGroup(child.pid);

  watch(spec.stageTimeoutMs, 'timed-out');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = tail(stderr + d, 64_000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return; // not ours: the runner redirects prints to stderr, but a C library may still write to fd 1 early
    }
    if (!validate(event)) return;
    events.push(event);
    if (event.type === 'hello') offset = now() - event.t;
    if (event.type === 'done') watch(LINGER_GRACE_MS, 'lingered');
    else if (!killedFor) watch(spec.stageTimeoutMs, 'timed-out');
  });

  const sample = async () => {
    if (!child.pid) return;
    const rss = await treeRss(child.pid);
    if (rss !== null) {
      timeline.push([Math.round(now()), rss]);
      if (spec.memoryLimitBytes && rss > spec.memoryLimitBytes) kill('out-of-memory');
    }
    // Chained, not setInterval: a slow sample never piles up behind itself.
    if (!ended) sampler = setTimeout(sample, spec.sampleIntervalMs ?? 50);
  };
  sampler = setTimeout(sample, 0);

  const { code, signal: sig, error } = await child.closed;
  ended = true;
  if (child.pid) untrackGroup(child.pid);
  if (error) stderr += `\n${error}`;
  clearTimeout(stageTimer);
  clearTimeout(sampler);
  stopSampling();
  spec.signal?.removeEventListener('abort', onAbort);
  rmSync(dir, { recursive: true, force: true });
  return {
    id: spec.id,
    family: spec.family,
    environment: spec.environment,
    events,
    timeline,
    offset,
    stderr,
    exitCode: code,
    signal: signalName(code, sig),
    killedFor,
    durationMs: Math.round(now()),
    limits: { stageTimeoutMs: spec.stageTimeoutMs, memoryLimitBytes: spec.memoryLimitBytes ?? null },
    ...(spec.discoveredBy ? { discoveredBy: spec.discoveredBy } : {}),
    ...(forked && spec.forkServer ? { forkServer: spec.forkServer.info } : {}),
  };
}

export { STAGE_NAMES };
