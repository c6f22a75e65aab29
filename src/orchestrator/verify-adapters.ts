// Gather side of config drift (the pure part is analyzer/config-drift/drift.ts): for each target whose config drifted, build the adapter and verify it by loading again with it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cancelOn } from '../core/run-signal.js';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { applyAdapter, pythonAdapter } from '../analyzer/config-drift/adapter.js';
import { driftOf, VERIFY_STAGES, type AdapterArtifact } from '../analyzer/config-drift/drift.js';
import { runTarget, type TargetRun } from '../minimal/run-target.js';
import type { TargetConfig } from './config.js';
import { tail } from '../core/text-tail.js';
import { targetBase, targetRunSpec, type TargetGatherOptions } from './targets.js';

/** As for the target runs, with the stages debug-tts refuses to run instead of the asset facts. */
export interface VerifyOptions extends Omit<TargetGatherOptions, 'assets'> {
  blocked: (t: TargetConfig) => Record<string, string>;
}

/** The target loaded again, up to load-weights, with another config file (a scratch copy debug-tts wrote). */
export function loadWithConfig(t: TargetConfig, environment: string, python: string, configFile: string, o: VerifyOptions): Promise<TargetRun> {
  const spec = targetRunSpec({ ...t, stages: VERIFY_STAGES.filter((s) => !t.stages || (t.stages as string[]).includes(s)) }, { python, environment, base: targetBase(o.configFile, o.cwd), env: o.env, run: o.run, signal: o.signal, blocked: o.blocked(t) });
  spec.options = { ...spec.options, configFile };
  return runTarget(spec);
}

export async function verifyAdapters(targets: TargetConfig[], runs: TargetRun[], o: VerifyOptions): Promise<AdapterArtifact[]> {
  const base = targetBase(o.configFile, o.cwd);
  const out: AdapterArtifact[] = [];
  for (const run of runs) {
    const drift = driftOf(run);
    const t = targets.find((x) => x.id === run.id);
    if (!drift || !t) continue;
    const adaptedConfig = applyAdapter(drift.adapter, drift.introspection.config);
    const record: AdapterArtifact = { targetId: run.id, environment: run.environment, adapter: drift.adapter, adaptedConfig, run: null };
    if (!drift.adapter.operations.length) {
      out.push({ ...record, notRun: 'nothing to adapt automatically' });
      continue;
    }
    if (o.signal?.aborted) {
      out.push({ ...record, notRun: 'interrupted' });
      continue;
    }
    const python = t.python ? path.resolve(base, t.python as string) : o.python;
    if (!python) {
      out.push({ ...record, notRun: 'no interpreter ran this target' });
      continue;
    }
    // The adapted config goes beside nothing of the user's: a scratch folder, removed after the run.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-adapter-'));
    try {
      // The generated Python adapter itself writes the config that is loaded: that verifies the code
      // people will run, and Python's JSON keeps 3.0 a float (JavaScript's would write 3, which a
      // strict list[float] field rejects).
      const file = path.join(dir, 'config.json');
      const script = path.join(dir, 'adapter.py');
      writeFileSync(script, pythonAdapter(drift.adapter, run.id));
      const adapted = await execa(python, ['-B', '-I', script, drift.introspection.source], { ...cancelOn(), reject: false, stdin: 'ignore', timeout: 60_000, env: o.env, extendEnv: false });
      if (adapted.exitCode !== 0) {
        out.push({ ...record, adapterError: `the generated adapter exited ${adapted.exitCode ?? adapted.signal}: ${tail(String(adapted.stderr), 2000)}` });
        continue;
      }
      try {
        record.adaptedConfig = JSON.parse(String(adapted.stdout)) as Record<string, unknown>;
      } catch (err) {
        out.push({ ...record, adapterError: `the generated adapter printed no JSON config: ${(err as Error).message}` });
        continue;
      }
      writeFileSync(file, String(adapted.stdout));
      o.log(`target ${t.id}: config drifted (${drift.issues.length} key${drift.issues.length > 1 ? 's' : ''}); verifying the adapter by loading again with it`);
      record.run = await loadWithConfig(t, run.environment, python, file, o);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    out.push(record);
  }
  return out;
}
