// Gather side of "verified where a sandbox can": a fix computed from a failed stage is applied to a
// scratch copy (never the user's files) and the target loads again with it. Today: the config key a
// weights shape mismatch names (`Set vocab_size to 40 in config.json`) — a copy of the config with
// that one value changed, loaded up to load-weights.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cancelOn } from '../core/run-signal.js';
import type { TargetRun } from '../minimal/run-target.js';
import type { StageEvent } from '../minimal/stages.js';
import type { TargetConfig } from './config.js';
import { tail } from '../core/text-tail.js';
import { targetBase } from './targets.js';
import { loadWithConfig, type VerifyOptions } from './verify-adapters.js';
import { targetConfigFile, type TargetAssets } from '../analyzer/assets.js';

export interface FixCheckArtifact {
  targetId: string;
  environment: string;
  kind: 'config-key';
  /** The config file as the user has it, the dotted key and the value the fix sets. */
  source: string;
  key: string;
  value: number;
  /** The load rerun with the changed copy (stages up to load-weights); null when it was not run. */
  run: TargetRun | null;
  notRun?: string;
}

interface ConfigKey {
  key: string;
  checkpoint: number;
}

/** The config keys a failed load-weights named (hf_common.file_diff), primary first. */
function configKeysOf(run: TargetRun): ConfigKey[] {
  const end = run.events.find((e): e is Extract<StageEvent, { type: 'stage-end' }> => e.type === 'stage-end' && e.stage === 'load-weights' && e.status === 'failed');
  const keys = end?.details?.configKeys;
  return Array.isArray(keys) ? (keys as ConfigKey[]).filter((k) => typeof k?.key === 'string' && typeof k.checkpoint === 'number') : [];
}

/** Sets one dotted key in a JSON file with Python's json, so 5.0 stays 5.0 (JavaScript would write 5). */
const SET_KEY = `
import json, sys
src, key, value, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
with open(src, encoding="utf-8") as fh:
    cfg = json.load(fh)
node = cfg
parts = key.split(".")
for p in parts[:-1]:
    node = node.setdefault(p, {})
node[parts[-1]] = value
with open(out, "w", encoding="utf-8") as fh:
    json.dump(cfg, fh, indent=2)
`;

/** The JSON config the target loads, when there is one to copy. */
function configFileOf(a: TargetAssets | undefined): string | null {
  const file = targetConfigFile(a);
  return file?.endsWith('.json') && existsSync(file) ? file : null;
}

export async function verifyFixes(targets: TargetConfig[], runs: TargetRun[], assets: TargetAssets[], adapted: Set<string>, o: VerifyOptions): Promise<FixCheckArtifact[]> {
  const base = targetBase(o.configFile, o.cwd);
  const out: FixCheckArtifact[] = [];
  for (const run of runs) {
    const [k] = configKeysOf(run);
    const t = targets.find((x) => x.id === run.id);
    // A drifted config gets its adapter verified instead: the key names would be the code's, not the file's.
    if (!k || !t || adapted.has(run.id)) continue;
    const source = configFileOf(assets.find((a) => a.targetId === run.id));
    const record: FixCheckArtifact = { targetId: run.id, environment: run.environment, kind: 'config-key', source: source ?? '', key: k.key, value: k.checkpoint, run: null };
    const python = t.python ? path.resolve(base, t.python as string) : o.python;
    if (!source || !python || o.signal?.aborted) {
      out.push({ ...record, notRun: !source ? 'the config is not a JSON file debug-tts can copy' : !python ? 'no interpreter ran this target' : 'interrupted' });
      continue;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'debug-tts-fix-'));
    try {
      const file = path.join(dir, 'config.json');
      const set = await execa(python, ['-B', '-I', '-c', SET_KEY, source, k.key, JSON.stringify(k.checkpoint), file], { ...cancelOn(), reject: false, stdin: 'ignore', timeout: 60_000, env: o.env, extendEnv: false });
      if (set.exitCode !== 0) {
        out.push({ ...record, notRun: `the config copy could not be written: ${tail(String(set.stderr), 500)}` });
        continue;
      }
      o.log(`target ${t.id}: checking the fix "set ${k.key} to ${k.checkpoint}" on a copy of ${path.basename(source)}`);
      record.run = await loadWithConfig(t, run.environment, python, file, o);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    out.push(record);
  }
  return out;
}
