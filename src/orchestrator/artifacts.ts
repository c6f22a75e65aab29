// Gathered artifacts: everything Python told us, saved so analysis and rendering replay without Python.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { InterpreterResolution, OtherInterpreter } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import type { TargetAssets } from '../analyzer/assets.js';
import type { TargetRun } from '../minimal/run-target.js';
import type { ProbeArtifacts } from './probe.js';
import type { AdapterArtifact } from './verify-adapters.js';
import { environmentTag, isIsolatedEnvironment, isolatedTargetFile, type IsolatedEnvArtifact } from './isolated-targets.js';

export const ARTIFACTS_VERSION = 1;
export const ARTIFACTS_DIR = 'artifacts';
export const GATHER_FILE = 'gather.json';

export interface RunFacts {
  argv: string[];
  cwd: string;
  startedAt: string;
  /** When gathering ended: the report's duration is the gather's, so a replay reproduces it. */
  finishedAt: string;
  host: { hostname: string; platform: string; arch: string; node: string };
  configFile: string | null;
  interpreterEnvVar: string | null;
  interrupted: boolean;
  /** The run's name in a CI matrix (config `label` / --label), used by merge. */
  label?: string;
}

export interface Artifacts {
  artifactsVersion: number;
  run: RunFacts;
  resolution: InterpreterResolution;
  probe: ProbeArtifacts;
  otherInterpreters: OtherInterpreter[];
  targets: TargetRun[];
  assets: TargetAssets[];
  /** --isolated: the clean envs built (or why not); their target runs are in `targets`. */
  isolated?: IsolatedEnvArtifact[];
  /** Config drift: each adapter with the load that verified it. */
  adapters?: AdapterArtifact[];
}

const adapterFile = (a: AdapterArtifact) => `adapters/${a.targetId}@${environmentTag(a.environment)}.json`;

const targetFile = (t: TargetRun) => (isIsolatedEnvironment(t.environment) ? isolatedTargetFile(t.id, t.environment) : `targets/${t.id}.json`);

/** File name -> content: the manifest plus one file per raw probe output, for people to read. */
export function artifactFiles(a: Artifacts): Record<string, unknown> {
  return {
    'env-probe.json': a.probe.envProbe,
    'torch-probe.json': a.probe.torchProbe,
    ...Object.fromEntries(a.targets.map((t) => [targetFile(t), t])),
    ...Object.fromEntries((a.adapters ?? []).map((x) => [adapterFile(x), x])),
    [GATHER_FILE]: {
      artifactsVersion: a.artifactsVersion,
      run: a.run,
      resolution: a.resolution,
      // A probe that produced nothing has no file, and the manifest says so with null.
      probe: { ...a.probe, envProbe: a.probe.envProbe == null ? null : 'env-probe.json', torchProbe: a.probe.torchProbe == null ? null : 'torch-probe.json' },
      otherInterpreters: a.otherInterpreters,
      targets: a.targets.map(targetFile),
      assets: a.assets,
      ...(a.isolated ? { isolated: a.isolated } : {}),
      ...(a.adapters ? { adapters: a.adapters.map(adapterFile) } : {}),
    },
  };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ToolError('E_ARTIFACTS', `cannot read ${file}: ${(err as Error).message}.`, { cause: err });
  }
}

/** Accepts an output dir (with artifacts/ inside) or the artifacts dir itself. */
export function loadArtifacts(dir: string): Artifacts {
  const nested = path.join(dir, ARTIFACTS_DIR);
  const base = existsSync(path.join(nested, GATHER_FILE)) ? nested : dir;
  const manifestPath = path.join(base, GATHER_FILE);
  if (!existsSync(manifestPath)) throw new ToolError('E_ARTIFACTS', `${dir} has no ${ARTIFACTS_DIR}/${GATHER_FILE}.`);
  const m = readJson(manifestPath) as Omit<Artifacts, 'targets' | 'assets' | 'adapters'> & { assets?: TargetAssets[] } & { probe: { envProbe: unknown; torchProbe: unknown }; targets?: unknown[]; adapters?: unknown[] };
  if (m.artifactsVersion !== ARTIFACTS_VERSION || !m.run || !m.resolution || !m.probe) {
    throw new ToolError('E_ARTIFACTS', `${manifestPath} is not a debug-tts artifacts manifest of version ${ARTIFACTS_VERSION}.`);
  }
  const load = (name: unknown) => (typeof name === 'string' ? readJson(path.join(base, name)) : null);
  const { adapters: adapterFiles, ...rest } = m;
  return {
    ...rest,
    probe: { ...m.probe, envProbe: load(m.probe.envProbe), torchProbe: load(m.probe.torchProbe) },
    targets: (m.targets ?? []).map((name) => load(name) as TargetRun),
    assets: m.assets ?? [],
    ...(adapterFiles ? { adapters: adapterFiles.map((name) => load(name) as AdapterArtifact) } : {}),
  };
}
