// The fork server on real Python: targets forked after one torch import behave like fresh processes, and fall back.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stage, StageName, Target } from '../../src/core/report-types.js';
import { familyPreload } from '../../src/minimal/families.js';
import { ForkServer } from '../../src/minimal/fork-server.js';
import { OFFLINE_ENV, runTarget, targetFromRun, type TargetRunSpec } from '../../src/minimal/run-target.js';
import { gatherTargets } from '../../src/orchestrator/targets.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'torch', 'piper');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const env = cleanEnv({ PYTHONPATH: FIXTURES });
const stage = (t: Target, name: StageName): Stage => t.stages.find((s) => s.name === name)!;
const statuses = (t: Target) => Object.fromEntries(t.stages.map((s) => [s.name, s.status]));

let server: ForkServer;

beforeAll(async () => {
  const started = await ForkServer.start(venvs.torch, ['torch'], { ...env, ...OFFLINE_ENV }, tempDir());
  if (typeof started === 'string') throw new Error(started);
  server = started;
});
afterAll(() => server?.stop());

function toy(options: Record<string, unknown>, extra: Partial<TargetRunSpec> = {}): TargetRunSpec {
  const dir = tempDir();
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ width: 4 }));
  return {
    id: 'toy', family: 'generic', environment: 'user', python: venvs.torch, cwd: dir, env,
    options: { entry: 'toy_models:Toy', configFile, ...options }, stageTimeoutMs: 20_000, forkServer: server, ...extra,
  };
}

async function gather(python: string, run: { forkServer?: boolean } = {}, family = 'vits') {
  const logs: string[] = [];
  const runs = await gatherTargets(
    [{ id: 'a', family }, { id: 'b', family }],
    { python, configFile: null, cwd: tempDir(), env: cleanEnv(), run, log: (l) => logs.push(l), assets: [] },
  );
  return { targets: runs.map(targetFromRun), logs };
}

describe('fork server', () => {
  it('reads which modules a family lets it preload', () => {
    // The transformers families preload transformers' modeling code too (seconds per target otherwise).
    expect(familyPreload('vits')).toEqual(['torch', 'transformers', 'transformers.modeling_utils']);
    expect(familyPreload('bark')).toEqual(['torch', 'transformers', 'transformers.modeling_utils']);
    expect(familyPreload('kokoro')).toEqual(['torch']);
    expect(familyPreload('piper')).toEqual(['onnxruntime', 'piper']);
    expect(familyPreload('no-such-family')).toEqual([]);
  });

  it('imports torch once and reports how long it took', () => {
    expect(server.info.preloaded).toEqual(['torch']);
    expect(server.info.importMs).toBeGreaterThan(0);
  });

  it('runs two torch targets of one interpreter as forks, with the same stage results as fresh processes', async () => {
    const forked = await gather(venvs.torch);
    const plain = await gather(venvs.torch, { forkServer: false });
    expect(forked.logs.join('\n')).toMatch(/fork server for .*: imported torch, transformers, transformers.modeling_utils once/);
    for (const t of forked.targets) {
      expect(t.process.forkedFrom?.preloaded).toEqual(['torch', 'transformers', 'transformers.modeling_utils']);
      expect(t.process.exitCode).toBe(0);
    }
    for (const t of plain.targets) expect(t.process.forkedFrom).toBeUndefined();
    expect(forked.targets.map(statuses)).toEqual(plain.targets.map(statuses));
    expect(statuses(forked.targets[0]!).synthesize).toBe('passed');
    // A fork starts with torch already resident: its first stage begins well above a bare interpreter.
    const first = (t: Target) => stage(t, 'preflight').memory.rssBeforeBytes!;
    expect(first(forked.targets[0]!)).toBeGreaterThan(first(plain.targets[0]!) + 50 * 1024 * 1024);
  });

  it('contains a segfault in a forked target, and keeps serving the next one', async () => {
    const crashed = targetFromRun(await runTarget(toy({ minimalConfig: { crash: true } })));
    expect(crashed.process.forkedFrom).toBeDefined();
    expect(stage(crashed, 'config').status).toBe('passed');
    expect(stage(crashed, 'construct-minimal').status).toBe('crashed');
    expect(stage(crashed, 'construct-minimal').signal).toBe('SIGSEGV');
    const next = targetFromRun(await runTarget(toy({ minimalConfig: { width: 1 } })));
    expect(next.process.forkedFrom).toBeDefined();
    expect(stage(next, 'construct-minimal').status).toBe('passed');
    expect(server.usable).toBe(true);
  });

  it('kills a hanging forked target at the stage timeout, and reports its exit code otherwise', async () => {
    const hung = targetFromRun(await runTarget(toy({ minimalConfig: { hang: true } }, { stageTimeoutMs: 1500 })));
    expect(stage(hung, 'construct-minimal').status).toBe('timed-out');
    const exited = targetFromRun(await runTarget(toy({ minimalConfig: { hard_exit: true } })));
    expect(exited.process.exitCode).toBe(7);
    expect(stage(exited, 'construct-minimal').status).toBe('crashed');
  });

  it("gives each fork the target's cwd, environment and scratch folder", async () => {
    const dir = tempDir();
    const probe = path.join(dir, 'probe.json');
    const r = await runTarget(toy({ entry: 'toy_models:EnvEcho', minimalConfig: { out: probe } }, { cwd: dir, env: { ...env, DTTS_MARK: 'xyz' } }));
    expect(targetFromRun(r).process.forkedFrom).toBeDefined();
    const seen = JSON.parse((await import('node:fs')).readFileSync(probe, 'utf8')) as Record<string, string>;
    expect(seen.cwd).toBe(dir);
    expect(seen.mark).toBe('xyz');
    expect(seen.hub_offline).toBe('1');
    expect(seen.tmpdir).toMatch(/debug-tts-target-/);
    expect(seen.tempfile).toBe(seen.tmpdir);
  });

  it('falls back to plain processes where torch does not import, and the targets still say why', async () => {
    const { targets, logs } = await gather(venvs.bare);
    expect(logs.join('\n')).toMatch(/fork server for .* not used \(import torch failed/);
    for (const t of targets) {
      expect(t.process.forkedFrom).toBeUndefined();
      expect(stage(t, 'preflight').status).toBe('failed');
    }
  });

  it('runs two Piper voices as forks of one server that imported onnxruntime and piper, through synthesis', async () => {
    const forked = await gather(venvs.piper, {}, 'piper');
    const plain = await gather(venvs.piper, { forkServer: false }, 'piper');
    expect(forked.logs.join('\n')).toMatch(/fork server for .*: imported onnxruntime, piper once/);
    for (const t of forked.targets) expect(t.process.forkedFrom?.preloaded).toEqual(['onnxruntime', 'piper']);
    expect(forked.targets.map(statuses)).toEqual(plain.targets.map(statuses));
    expect(statuses(forked.targets[1]!).synthesize).toBe('passed');
  });
});
