// The staged runner on real Python processes: healthy, failing, crashing, hanging and runaway stages.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Stage, StageName } from '../../src/core/report-types.js';
import { runTarget as gatherTarget, targetFromRun, type TargetRunSpec } from '../../src/minimal/run-target.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare');

async function runTarget(s: TargetRunSpec) {
  const run = await gatherTarget(s);
  return { target: targetFromRun(run), stderr: run.stderr };
}
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function spec(options: Record<string, unknown>, extra: Partial<TargetRunSpec> = {}): TargetRunSpec {
  const dir = tempDir();
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(options.config ?? { width: 4 }));
  return {
    id: 'toy',
    family: 'generic',
    environment: 'user',
    python: venvs.bare,
    cwd: dir,
    env: cleanEnv({ PYTHONPATH: FIXTURES }),
    options: { entry: 'toy_models:Toy', configFile, ...options },
    stageTimeoutMs: 20_000,
    ...extra,
  };
}

const stage = (stages: Stage[], name: StageName) => stages.find((s) => s.name === name)!;
const statuses = (stages: Stage[]) => Object.fromEntries(stages.map((s) => [s.name, s.status]));

describe('runTarget (generic family)', () => {
  it('runs every stage of a healthy target and records time and memory', async () => {
    const { target } = await runTarget(spec({ minimalConfig: { width: 1 } }));
    expect(statuses(target.stages)).toEqual({
      preflight: 'passed', import: 'passed', config: 'passed', 'construct-minimal': 'passed',
      'construct-full-meta': 'skipped', 'load-weights': 'skipped', 'load-voice': 'skipped', synthesize: 'skipped',
    });
    expect(stage(target.stages, 'construct-full-meta').skipReason).toMatch(/torch is not installed/);
    const imp = stage(target.stages, 'import');
    expect(imp.memory.peakBytes).toBeGreaterThan(1e6);
    expect(imp.durationMs).toBeGreaterThanOrEqual(0);
    expect(target.process.exitCode).toBe(0);
    expect(target.timeline.length).toBeGreaterThan(0);
  });

  it('keeps prints from model code out of the event stream', async () => {
    const { target, stderr } = await runTarget(spec({ minimalConfig: { noisy: true } }));
    expect(stage(target.stages, 'construct-minimal').status).toBe('passed');
    expect(stderr).toContain('must not corrupt the event stream');
  });

  it('fails preflight for a module that is not installed, and skips what depends on it', async () => {
    const { target } = await runTarget(spec({ entry: 'kokoro_not_here:KModel' }));
    const pre = stage(target.stages, 'preflight');
    expect(pre.status).toBe('failed');
    expect(pre.error?.type).toBe('ModuleNotFoundError');
    expect(stage(target.stages, 'import').status).toBe('skipped');
    expect(stage(target.stages, 'import').skipReason).toBe('skipped because preflight failed');
  });

  it('names a config parameter the constructor rejects', async () => {
    const { target } = await runTarget(spec({ entry: 'toy_models:StrictToy', config: { hidden_dim: 8 }, minimalConfig: { num_layers: 1 } }));
    const s = stage(target.stages, 'construct-minimal');
    expect(s.status).toBe('failed');
    expect(s.error?.message).toContain("unexpected keyword argument 'hidden_dim'");
  });

  it('reports a segfault in a stage with its signal, and keeps the stages before it', async () => {
    const { target } = await runTarget(spec({ minimalConfig: { crash: true } }));
    expect(stage(target.stages, 'config').status).toBe('passed');
    const s = stage(target.stages, 'construct-minimal');
    expect(s.status).toBe('crashed');
    expect(s.signal).toBe('SIGSEGV');
    expect(s.stderrTail).toContain('Fatal Python error: Segmentation fault');
    expect(stage(target.stages, 'construct-full-meta').skipReason).toBe('not run: the process died in construct-minimal');
  });

  it('a hard exit inside a stage is a crash with the exit code', async () => {
    const { target } = await runTarget(spec({ minimalConfig: { hard_exit: true } }));
    const s = stage(target.stages, 'construct-minimal');
    expect(s.status).toBe('crashed');
    expect(s.skipReason).toContain('exited with code 7');
  });

  it('kills a hanging stage at its time limit', async () => {
    const t0 = Date.now();
    const { target } = await runTarget(spec({ minimalConfig: { hang: true } }, { stageTimeoutMs: 1500 }));
    expect(stage(target.stages, 'construct-minimal').status).toBe('timed-out');
    expect(stage(target.stages, 'config').status).toBe('passed');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('turns a load past the memory limit into out-of-memory', async () => {
    const { target } = await runTarget(spec({ minimalConfig: { grow_mb: 1500 } }, { memoryLimitBytes: 300 * 1024 * 1024 }));
    const s = stage(target.stages, 'construct-minimal');
    expect(s.status).toBe('out-of-memory');
    expect(s.memory.peakBytes).toBeGreaterThan(300 * 1024 * 1024);
  });

  it('attributes a memory jump to the stage that made it', async () => {
    const { target } = await runTarget(spec({ minimalConfig: { grow_mb: 200 } }));
    const s = stage(target.stages, 'construct-minimal');
    expect(s.status).toBe('passed');
    expect(s.memory.peakBytes! - stage(target.stages, 'config').memory.peakBytes!).toBeGreaterThan(180 * 1024 * 1024);
  });

  it('reports a runner that cannot start', async () => {
    const { target } = await runTarget(spec({}, { python: '/nonexistent/python' }));
    expect(target.stages.every((s) => s.status === 'skipped')).toBe(true);
    expect(target.stages[0]!.skipReason).toMatch(/did not start/);
  });
});
