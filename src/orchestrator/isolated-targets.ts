// Reruns each target in a clean, pinned env (--isolated): the other half of the differential diagnosis.
import { readFileSync } from 'node:fs';
import { isolatedEnvironmentId } from '../core/environment-id.js';
import { pythonScript } from '../core/paths.js';
import { runTarget, type TargetRun } from '../minimal/run-target.js';
import type { Config, TargetConfig } from './config.js';
import { ensureIsolatedEnv, isEnvFailure, type EnvFailure, type IsolatedEnv } from './isolated-env.js';
import { forkGroups, forkServerFor, ForkServers, planTarget, targetBase, targetRunSpec } from './targets.js';

export interface IsolatedOptions {
  enabled?: boolean;
  /** Requirement sets by family, over the built-in ones. */
  requirements?: Record<string, string[]>;
  findLinks?: string;
  offline?: boolean;
  /** auto (default): uv when it is on PATH, else venv + pip. */
  installer?: 'auto' | 'pip' | 'uv';
  /** --skip-environment: reuse the last env for these requirements without checking it. */
  skipCheck?: boolean;
  cacheRoot?: string;
}

/** What gather records of one isolated env: the env, or why it could not be built. */
export interface IsolatedEnvArtifact {
  id: string;
  targets: string[];
  env: IsolatedEnv | null;
  failure: EnvFailure | null;
}

export function builtinRequirements(): Record<string, string[]> {
  const file = pythonScript('minimal/python/families/requirements.json');
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => !k.startsWith('$') && Array.isArray(v))) as Record<string, string[]>;
}

/** A target's requirement set: its own `requirements`, else the config's or the built-in set for its family. */
export function requirementsFor(t: TargetConfig, o: IsolatedOptions, builtin = builtinRequirements()): string[] | null {
  if (Array.isArray(t.requirements)) return t.requirements as string[];
  return o.requirements?.[t.family] ?? builtin[t.family] ?? null;
}

export interface IsolatedGatherOptions {
  base: string;
  configFile: string | null;
  cwd: string;
  env: NodeJS.ProcessEnv;
  run: Config['run'];
  isolated: IsolatedOptions;
  log: (line: string) => void;
  signal?: AbortSignal;
  blocked: (t: TargetConfig) => Record<string, string>;
}

/** One env per distinct requirement set; every target that has a set runs once more in its env. */
export async function gatherIsolated(targets: TargetConfig[], o: IsolatedGatherOptions): Promise<{ envs: IsolatedEnvArtifact[]; runs: TargetRun[] }> {
  const builtin = builtinRequirements();
  const groups = new Map<string, { requirements: string[]; targets: TargetConfig[] }>();
  for (const t of targets) {
    const requirements = requirementsFor(t, o.isolated, builtin);
    if (!requirements?.length) {
      o.log(`target ${t.id}: no requirement set for family ${t.family}, so no isolated run (give the target requirements: [...])`);
      continue;
    }
    const key = JSON.stringify([...requirements].sort());
    const g = groups.get(key) ?? { requirements, targets: [] };
    g.targets.push(t);
    groups.set(key, g);
  }
  const base = targetBase(o.configFile, o.cwd);
  const envs: IsolatedEnvArtifact[] = [];
  const runs: TargetRun[] = [];
  for (const g of groups.values()) {
    if (o.signal?.aborted) break;
    const name = [...new Set(g.targets.map((t) => t.family))].sort().join('+');
    const id = isolatedEnvironmentId(name);
    const result = await ensureIsolatedEnv(
      { name, requirements: g.requirements, base: o.base, env: o.env, log: o.log, findLinks: o.isolated.findLinks ?? null, offline: o.isolated.offline ?? false, installer: o.isolated.installer ?? 'auto', ...(o.isolated.cacheRoot ? { cacheRoot: o.isolated.cacheRoot } : {}) },
      { skipCheck: o.isolated.skipCheck ?? false },
    );
    const targetIds = g.targets.map((t) => t.id);
    if (isEnvFailure(result)) {
      o.log(`isolated env ${name}: ${result.message}`);
      envs.push({ id, targets: targetIds, env: null, failure: result });
      continue;
    }
    envs.push({ id, targets: targetIds, env: result, failure: null });
    // As in the user's interpreter: targets of one family share a fork server that imported the
    // family's heavy modules once (PRELOAD); each target still runs in a process of its own.
    const planned = g.targets.map((t) => planTarget(t, result.python, o.run));
    const groups = forkGroups(planned);
    const servers = new ForkServers({ env: o.env, log: o.log }, base);
    try {
      for (const p of planned) {
        if (o.signal?.aborted) break;
        const { t, python } = p;
        o.log(`target ${t.id} (${t.family}): loading in stages in the isolated env ${name}`);
        runs.push(await runTarget({ ...targetRunSpec(t, { python, environment: id, base, env: o.env, run: o.run, signal: o.signal, blocked: o.blocked(t) }), forkServer: await forkServerFor(servers, groups, p) }));
      }
    } finally {
      await servers.stopAll();
    }
  }
  return { envs, runs };
}

