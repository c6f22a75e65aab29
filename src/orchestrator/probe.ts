// Probes one interpreter: the stdlib env probe, then (guarded, separately) torch; never mutates it.
import type { Environment, EnvProbe, InterpreterResolution, ProcessFailure, TorchProbe } from '../core/report-types.js';
import { SCHEMA_IDS, schemaIssues, validator } from '../core/schemas.js';
import { pythonScript } from '../core/paths.js';
import { interpreterKind } from './interpreter-kind.js';
import { runPython } from './python-process.js';
import { realpathOrSelf } from './which.js';

export interface ProbeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  torch: boolean;
}

/** The raw outputs of a probe run: what is saved as artifacts and replayed. */
export interface ProbeArtifacts {
  python: string | null;
  envProbe: unknown;
  envProbeFailure: ProcessFailure | null;
  torchProbe: unknown;
  torchProbeFailure: ProcessFailure | null;
  realPath: string | null;
}

const ENV_PROBE = pythonScript('orchestrator/python/env_probe.py');
const TORCH_PROBE = pythonScript('orchestrator/python/torch_probe.py');

function hasTorch(probe: unknown): boolean {
  const dists = (probe as EnvProbe | null)?.distributions ?? [];
  return dists.some((d) => d.name.toLowerCase() === 'torch');
}

export async function gatherProbe(python: string | null, opts: ProbeOptions): Promise<ProbeArtifacts> {
  const out: ProbeArtifacts = { python, envProbe: null, envProbeFailure: null, torchProbe: null, torchProbeFailure: null, realPath: null };
  if (!python) return out;
  const run = await runPython(python, [ENV_PROBE], opts);
  out.envProbe = run.json;
  out.envProbeFailure = run.failure;
  const executable = (run.json as EnvProbe | null)?.python?.executable;
  out.realPath = realpathOrSelf(executable || python);
  if (opts.torch) Object.assign(out, await gatherTorchProbe(python, out.envProbe, opts));
  return out;
}

/**
 * `import torch` in its own process (it may be the bug: a crash or hang is data), when torch is
 * installed; nothing to run otherwise. gather starts it beside the other-interpreter scan, and only
 * when a target may use torch.
 */
export async function gatherTorchProbe(python: string, envProbe: unknown, opts: Omit<ProbeOptions, 'torch'>): Promise<Pick<ProbeArtifacts, 'torchProbe' | 'torchProbeFailure'>> {
  if (!envProbe || !hasTorch(envProbe)) return { torchProbe: null, torchProbeFailure: null };
  const torch = await runPython(python, [TORCH_PROBE], { ...opts, timeoutMs: Math.max(opts.timeoutMs, 120_000) });
  return { torchProbe: torch.json, torchProbeFailure: torch.failure };
}

function checked<T>(value: unknown, schemaId: string, what: string): { data: T | null; failure: ProcessFailure | null } {
  if (value === null || value === undefined) return { data: null, failure: null };
  const validate = validator<T>(schemaId);
  if (validate(value)) return { data: value, failure: null };
  const issues = schemaIssues(validate.errors).slice(0, 5).map((i) => `${i.pointer}: ${i.message}`);
  return { data: null, failure: { kind: 'invalid-output', message: `${what} output does not match its schema: ${issues.join('; ')}` } };
}

/** Turns gathered probe artifacts into the report's Environment (pure: replayable). */
export function buildEnvironment(id: string, resolution: InterpreterResolution | null, a: ProbeArtifacts): Environment {
  const env = checked<EnvProbe>(a.envProbe, SCHEMA_IDS.envProbe, 'the environment probe');
  const torch = checked<TorchProbe>(a.torchProbe, SCHEMA_IDS.torchProbe, 'the torch probe');
  const probe = env.data;
  return {
    id,
    role: 'user',
    resolution,
    executable: probe?.python.executable ?? a.python,
    realPath: a.realPath,
    kind: interpreterKind({
      realPath: a.realPath,
      prefix: probe?.prefixes.prefix ?? null,
      isVenv: probe?.prefixes.isVenv ?? null,
      isConda: probe?.prefixes.isConda ?? null,
    }),
    pythonVersion: probe?.python.version ?? null,
    probe,
    probeFailure: a.envProbeFailure ?? env.failure,
    torch: torch.data ?? (a.torchProbeFailure ? torchFailure(a.torchProbeFailure) : null),
  };
}

/** A torch probe that crashed or hung is still a fact about torch: record it as an import error. */
function torchFailure(f: ProcessFailure): TorchProbe {
  return {
    probeVersion: '1.0.0', imported: false, version: null, debugBuild: null, cudaBuild: null, cudaAvailable: null,
    cudaDeviceCount: null, cudaDevices: null, cudnnVersion: null, mpsBuilt: null, mpsAvailable: null, numThreads: null,
    importError: { type: f.kind === 'signal' ? `Signal${f.signal ? `:${f.signal}` : ''}` : f.kind, message: `import torch: ${f.message}`, traceback: f.stderrTail ?? '' },
    importSeconds: null, errors: {},
  };
}
