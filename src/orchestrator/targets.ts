// Gathers every configured target's staged load, one process each, one after the other (loads are memory-heavy).
import path from 'node:path';
import type { TargetAssets } from '../analyzer/assets.js';
import type { StageName } from '../core/report-types.js';
import { runTarget, type TargetRun } from '../minimal/run-target.js';
import type { Config, TargetConfig } from './config.js';

export interface TargetGatherOptions {
  /** The interpreter under test; a target's own `python` wins. Null when none was found. */
  python: string | null;
  configFile: string | null;
  cwd: string;
  env: NodeJS.ProcessEnv;
  run: Config['run'];
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Static facts gathered first: a checkpoint that can run code blocks the stages that would unpickle it. */
  assets: TargetAssets[];
}

const OWN_KEYS = new Set(['id', 'family', 'python', 'stages', 'stageTimeoutSeconds', 'memoryLimitMb', 'trustedWeights', 'discoveredBy']);

/** Stages debug-tts refuses to run: loading a pickle that imports os.system & co. needs the user's explicit trust. */
function blockedStages(t: TargetConfig, assets: TargetAssets | undefined, base: string): Record<string, string> {
  const trusted = new Set(((t.trustedWeights as string[] | undefined) ?? []).map((p) => path.resolve(base, p)));
  const hostile = (assets?.checkpoints ?? []).filter((c) => c.dangerous.length && !trusted.has(path.resolve(c.file)));
  if (!hostile.length) return {};
  const reason = `refused: ${hostile.map((c) => c.file).join(', ')} can execute code when unpickled (${hostile.flatMap((c) => c.dangerous).join(', ')}); list it in the target's trustedWeights to load it anyway`;
  return { 'load-weights': reason, 'load-voice': reason, synthesize: reason };
}

/** Family options as the user wrote them; relative paths are relative to the config file. */
export function familyOptions(t: TargetConfig, base: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) {
    if (OWN_KEYS.has(k)) continue;
    out[k] = ['modelDir', 'configFile', 'weights', 'voicesDir'].includes(k) && typeof v === 'string' ? path.resolve(base, v) : v;
  }
  return out;
}

export function targetBase(configFile: string | null, cwd: string): string {
  return configFile ? path.dirname(configFile) : cwd;
}

export async function gatherTargets(targets: TargetConfig[], o: TargetGatherOptions): Promise<TargetRun[]> {
  const base = targetBase(o.configFile, o.cwd);
  const runs: TargetRun[] = [];
  for (const t of targets) {
    if (o.signal?.aborted) break;
    const python = t.python ? path.resolve(base, t.python) : o.python;
    if (!python) {
      o.log(`target ${t.id}: no interpreter to run it in`);
      continue;
    }
    o.log(`target ${t.id} (${t.family}): loading in stages with ${python}`);
    const run = await runTarget({
      id: t.id,
      family: t.family,
      environment: t.python ? `target:${t.id}` : 'user',
      python,
      cwd: base,
      env: o.env,
      options: { ...familyOptions(t, base), blockedStages: blockedStages(t, o.assets.find((a) => a.targetId === t.id), base) },
      ...(t.stages ? { stages: t.stages as StageName[] } : {}),
      stageTimeoutMs: (t.stageTimeoutSeconds ?? o.run?.stageTimeoutSeconds ?? 300) * 1000,
      memoryLimitBytes: (t.memoryLimitMb ?? o.run?.memoryLimitMb ?? 0) * 1024 * 1024 || null,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(typeof t.discoveredBy === 'string' ? { discoveredBy: t.discoveredBy } : {}),
    });
    runs.push(run);
  }
  return runs;
}
