// Gathered artifacts: everything Python told us, saved so analysis and rendering replay without Python.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { InterpreterResolution, OtherInterpreter } from '../core/report-types.js';
import { ToolError } from '../core/tool-errors.js';
import type { TargetAssets } from '../analyzer/assets.js';
import type { TargetRun } from '../minimal/run-target.js';
import type { ProbeArtifacts } from './probe.js';
import type { AdapterArtifact } from '../analyzer/config-drift/drift.js';
import type { FixCheckArtifact } from './verify-fixes.js';
import { resolveInside, runFileName } from '../core/safe-path.js';
import { SCHEMA_IDS } from '../core/schemas.js';
import { readUntrustedJson, validateUntrusted } from '../core/untrusted-json.js';
import { isIsolatedEnvironment } from '../core/environment-id.js';
import type { IsolatedEnvArtifact } from './isolated-targets.js';

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
  /** Fixes applied to a scratch copy and loaded again (the config key of a shape mismatch). */
  fixChecks?: FixCheckArtifact[];
}

// File names come from the ids through runFileName: an id read from anywhere never becomes a path as it is.
const adapterFile = (a: AdapterArtifact) => `adapters/${runFileName(a.targetId, a.environment)}.json`;

const targetFile = (t: TargetRun) => `targets/${runFileName(t.id, isIsolatedEnvironment(t.environment) ? t.environment : undefined)}.json`;

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
      ...(a.fixChecks ? { fixChecks: a.fixChecks } : {}),
    },
  };
}

const ARTIFACTS_SCHEMA = SCHEMA_IDS.artifacts;

/**
 * Accepts an output dir (with artifacts/ inside) or the artifacts dir itself. Artifacts may come from
 * another machine: the manifest and every file it names are validated against
 * schemas/artifacts.schema.json, file names must be ones debug-tts makes, and ids must be unique;
 * anything else is E_ARTIFACTS with the file and pointer, never a crash or a report built on it.
 */
export function loadArtifacts(dir: string): Artifacts {
  const nested = path.join(dir, ARTIFACTS_DIR);
  const base = existsSync(path.join(nested, GATHER_FILE)) ? nested : dir;
  const manifestPath = path.join(base, GATHER_FILE);
  if (!existsSync(manifestPath)) throw new ToolError('E_ARTIFACTS', `${dir} has no ${ARTIFACTS_DIR}/${GATHER_FILE}.`);
  const raw = readUntrustedJson(manifestPath, 'E_ARTIFACTS', 'artifacts manifest');
  const version = (raw as { artifactsVersion?: unknown } | null)?.artifactsVersion;
  if (version !== ARTIFACTS_VERSION) {
    throw new ToolError('E_ARTIFACTS', `${manifestPath} is not a debug-tts artifacts manifest of version ${ARTIFACTS_VERSION} (artifactsVersion: ${JSON.stringify(version) ?? 'missing'}).`);
  }
  type Manifest = Omit<Artifacts, 'targets' | 'adapters' | 'probe'> & { probe: ProbeArtifacts & { envProbe: string | null; torchProbe: string | null }; targets: string[]; adapters?: string[] };
  const m = validateUntrusted<Manifest>(raw, ARTIFACTS_SCHEMA, manifestPath, 'E_ARTIFACTS', 'artifacts manifest');
  // The names are checked by the schema's pattern too; resolveInside is the last word on the path.
  const read = (name: string) => readUntrustedJson(resolveInsideArtifacts(base, name), 'E_ARTIFACTS', 'artifact');
  const part = <T>(name: string, def: string, what: string): T => validateUntrusted<T>(read(name), `${ARTIFACTS_SCHEMA}#/$defs/${def}`, path.join(base, name), 'E_ARTIFACTS', what);
  const targets = m.targets.map((name) => part<TargetRun>(name, 'targetRun', 'target run artifact'));
  const adapters = m.adapters?.map((name) => part<AdapterArtifact>(name, 'adapterArtifact', 'adapter artifact'));
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.id}\u0000${t.environment}`;
    if (seen.has(key)) throw new ToolError('E_ARTIFACTS', `${manifestPath}: two target runs have the id ${JSON.stringify(t.id)} in environment ${JSON.stringify(t.environment)}; a replay would not know which is which.`);
    seen.add(key);
  }
  const { adapters: _names, ...rest } = m;
  return {
    ...rest,
    probe: { ...m.probe, envProbe: m.probe.envProbe === null ? null : read(m.probe.envProbe), torchProbe: m.probe.torchProbe === null ? null : read(m.probe.torchProbe) },
    targets,
    ...(adapters ? { adapters } : {}),
  };
}

function resolveInsideArtifacts(base: string, name: string): string {
  try {
    return resolveInside(base, name);
  } catch {
    throw new ToolError('E_ARTIFACTS', `${path.join(base, GATHER_FILE)} names ${JSON.stringify(name)}, which is not a file inside ${base}.`);
  }
}
