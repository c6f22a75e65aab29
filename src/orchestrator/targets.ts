// Gathers every configured target's staged load, one process each, one after the other (loads are memory-heavy).
// Targets of torch families that share an interpreter are forked from one server that imported torch once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PATH_OPTIONS as PATH_OPTION_NAMES, type TargetAssets } from '../analyzer/assets.js';
import type { StageName } from '../core/report-types.js';
import { familyPreload } from '../minimal/families.js';
import { ForkServer } from '../minimal/fork-server.js';
import { OFFLINE_ENV, runTarget, type TargetRun, type TargetRunSpec } from '../minimal/run-target.js';
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

const OWN_KEYS = new Set(['id', 'family', 'python', 'stages', 'stageTimeoutSeconds', 'memoryLimitMb', 'trustedWeights', 'discoveredBy', 'requirements']);

/** Stages debug-tts refuses to run: loading a pickle that imports os.system & co. needs the user's explicit trust. */
export function blockedStages(t: TargetConfig, assets: TargetAssets | undefined, base: string): Record<string, string> {
  const trusted = new Set(((t.trustedWeights as string[] | undefined) ?? []).map((p) => path.resolve(base, p)));
  const hostile = (assets?.checkpoints ?? []).filter((c) => c.dangerous.length && !trusted.has(path.resolve(c.file)));
  if (!hostile.length) return {};
  const reason = `refused: ${hostile.map((c) => c.file).join(', ')} can execute code when unpickled (${hostile.flatMap((c) => c.dangerous).join(', ')}); list it in the target's trustedWeights to load it anyway`;
  return { 'load-weights': reason, 'load-voice': reason, synthesize: reason };
}

const PATH_OPTIONS = new Set<string>(PATH_OPTION_NAMES);
/** Options that name a file or, e.g. for MLX-Audio, a hub model id: a path only when it looks like one or exists. */
const MAYBE_PATH_OPTIONS = new Set(['model', 'voices']);

/** Family options as the user wrote them; relative paths are relative to the config file (for the static checks and Python alike). */
export function familyOptions(t: TargetConfig, base: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) {
    if (OWN_KEYS.has(k)) continue;
    const isPath = typeof v === 'string' && (PATH_OPTIONS.has(k) || (MAYBE_PATH_OPTIONS.has(k) && (/^\.{1,2}[\\/]/.test(v) || existsSync(path.resolve(base, v)))));
    out[k] = isPath ? path.resolve(base, v as string) : v;
  }
  return out;
}

export function targetBase(configFile: string | null, cwd: string): string {
  return configFile ? path.dirname(configFile) : cwd;
}

export interface Planned {
  t: TargetConfig;
  python: string;
  preload: string[];
}

/** A target to run in `python`, with what a fork server may preload for it (nothing with run.forkServer: false). */
export function planTarget(t: TargetConfig, python: string, run: Config['run']): Planned {
  return { t, python, preload: run?.forkServer === false ? [] : familyPreload(t.family) };
}

/** One fork server per interpreter and preload list, and only where two or more targets would share it. */
export function forkGroups(planned: Planned[]): Map<string, number> {
  const groups = new Map<string, number>();
  for (const p of planned) {
    if (!p.preload.length) continue;
    const key = `${p.python}\0${p.preload.join(',')}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups;
}

/** The fork server a target runs in: one shared with the other targets of its group, or none when it is alone. */
export function forkServerFor(servers: ForkServers, groups: Map<string, number>, p: Planned): Promise<ForkServer | null> {
  const shared = p.preload.length > 0 && (groups.get(`${p.python}\0${p.preload.join(',')}`) ?? 0) > 1;
  return shared ? servers.get(p.python, p.preload) : Promise.resolve(null);
}

export class ForkServers {
  private readonly servers = new Map<string, Promise<ForkServer | null>>();

  constructor(
    private readonly o: Pick<TargetGatherOptions, 'env' | 'log'>,
    private readonly base: string,
  ) {}

  get(python: string, preload: string[]): Promise<ForkServer | null> {
    const key = `${python}\0${preload.join(',')}`;
    let server = this.servers.get(key);
    if (!server) {
      server = ForkServer.start(python, preload, { ...this.o.env, ...OFFLINE_ENV, PYTHONUNBUFFERED: '1' }, this.base).then((s) => {
        if (typeof s === 'string') {
          this.o.log(`fork server for ${python} not used (${s}): targets run as plain processes`);
          return null;
        }
        this.o.log(`fork server for ${python}: imported ${s.info.preloaded.join(', ')} once in ${Math.round(s.info.importMs)} ms`);
        return s;
      });
      this.servers.set(key, server);
    }
    return server;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.values()].map(async (p) => (await p)?.stop()));
  }
}

/** A target's run in one interpreter: its options, limits and stage list, as the config gives them. */
export function targetRunSpec(
  t: TargetConfig,
  w: { python: string; environment: string; base: string; env: NodeJS.ProcessEnv; run: Config['run']; signal?: AbortSignal | undefined; blocked: Record<string, string> },
): TargetRunSpec {
  return {
    id: t.id,
    family: t.family,
    environment: w.environment,
    python: w.python,
    cwd: w.base,
    env: w.env,
    options: { ...familyOptions(t, w.base), blockedStages: w.blocked },
    ...(t.stages ? { stages: t.stages as StageName[] } : {}),
    stageTimeoutMs: (t.stageTimeoutSeconds ?? w.run?.stageTimeoutSeconds ?? 300) * 1000,
    memoryLimitBytes: (t.memoryLimitMb ?? w.run?.memoryLimitMb ?? 0) * 1024 * 1024 || null,
    ...(w.signal ? { signal: w.signal } : {}),
    ...(typeof t.discoveredBy === 'string' ? { discoveredBy: t.discoveredBy } : {}),
  };
}

/**
 * Runs a target `repeats` times: the first run is the one reported; the others only add their stage
 * durations, so the gate can compare medians (time is noisy, one run says little).
 */
async function runRepeated(spec: TargetRunSpec, repeats: number, o: TargetGatherOptions): Promise<TargetRun> {
  const first = await runTarget(spec);
  if (repeats < 2) return first;
  const durations = stageDurations(first);
  for (let i = 2; i <= repeats && !o.signal?.aborted; i++) {
    o.log(`target ${spec.id}: repeat ${i} of ${repeats} (timing only)`);
    const again = stageDurations(await runTarget(spec));
    for (const [stage, ms] of Object.entries(again)) durations[stage as StageName]?.push(...ms);
    // A stage that did not pass in every run has no median worth comparing.
    for (const stage of Object.keys(durations) as StageName[]) if (!again[stage]) delete durations[stage];
  }
  return { ...first, repeatDurations: durations };
}

function stageDurations(run: TargetRun): Partial<Record<StageName, number[]>> {
  const out: Partial<Record<StageName, number[]>> = {};
  for (const e of run.events) if (e.type === 'stage-end' && e.status === 'passed') out[e.stage] = [e.durationMs];
  return out;
}

export async function gatherTargets(targets: TargetConfig[], o: TargetGatherOptions): Promise<TargetRun[]> {
  const base = targetBase(o.configFile, o.cwd);
  const planned: Planned[] = [];
  for (const t of targets) {
    const python = t.python ? path.resolve(base, t.python) : o.python;
    if (!python) {
      o.log(`target ${t.id}: no interpreter to run it in`);
      continue;
    }
    planned.push(planTarget(t, python, o.run));
  }
  const groups = forkGroups(planned);
  const servers = new ForkServers(o, base);
  const runs: TargetRun[] = [];
  try {
    for (const p of planned) {
      const { t, python } = p;
      if (o.signal?.aborted) break;
      o.log(`target ${t.id} (${t.family}): loading in stages with ${python}`);
      const spec: TargetRunSpec = {
        ...targetRunSpec(t, { python, environment: t.python ? `target:${t.id}` : 'user', base, env: o.env, run: o.run, signal: o.signal, blocked: blockedStages(t, o.assets.find((a) => a.targetId === t.id), base) }),
        forkServer: await forkServerFor(servers, groups, p),
      };
      runs.push(await runRepeated(spec, o.run?.repeats ?? 1, o));
    }
  } finally {
    await servers.stopAll();
  }
  return runs;
}
