// Builds (or reuses) a clean, pinned, cached Python env to reproduce a load in: venv + pip, uv when present.
import { createHash } from 'node:crypto';
import { cancelOn } from '../core/run-signal.js';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cacheDir } from '../core/paths.js';
import { tail } from '../core/text-tail.js';
import { which } from './which.js';

/** Written last: an env without it (a build interrupted or failed) is never used, and is rebuilt. */
export const MARKER = '.debug-tts-env.json';

export interface LockEntry {
  name: string;
  version: string;
  /** sha256 of the file pip installed, when pip's report gave one. */
  sha256: string | null;
}

export interface EnvSpec {
  /** What the env is for, in its folder name: e.g. `vits` or `kokoro+piper`. */
  name: string;
  requirements: string[];
  /** The interpreter the env is made from: its version is part of the cache key. */
  base: string;
  /** Build from a local wheelhouse only (pip --no-index --find-links). */
  findLinks?: string | null;
  offline?: boolean;
  cacheRoot?: string;
  /** auto: uv when it is on PATH, else venv + pip. */
  installer?: 'auto' | 'pip' | 'uv';
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface BaseFacts {
  version: string;
  implementation: string;
  platform: string;
  machine: string;
}

export interface IsolatedEnv {
  dir: string;
  python: string;
  hash: string;
  requirements: string[];
  lock: LockEntry[];
  /** reused: a valid env was there; built: made now; skipped-check: --skip-environment. */
  how: 'reused' | 'built' | 'skipped-check';
  checkMs: number;
  buildMs: number | null;
  base: BaseFacts;
  installer: 'pip' | 'uv';
}

/** Why the env could not be made, with pip's own words for the knowledge base to classify. */
export interface EnvFailure {
  step: 'base' | 'venv' | 'dry-run' | 'install';
  message: string;
  output: string;
  requirements: string[];
  base: BaseFacts | null;
}

export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), 'envs');
}

const BASE_FACTS = 'import json, platform, sys; print(json.dumps([sys.version.split()[0], sys.implementation.name, sys.platform, platform.machine()]))';

export async function baseFacts(python: string, env: NodeJS.ProcessEnv): Promise<BaseFacts | string> {
  const r = await execa(python, ['-c', BASE_FACTS], { ...cancelOn(), env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 30_000 });
  if (r.exitCode !== 0) return `could not run ${python}: ${tail(String(r.stderr || r.shortMessage || ''), 300).trim()}`;
  const [version, implementation, platform, machine] = JSON.parse(String(r.stdout).trim()) as string[];
  return { version: version!, implementation: implementation!, platform: platform!, machine: machine! };
}

/** The cache key: base interpreter (version, implementation, platform) and the requirement set. */
export function envHash(base: BaseFacts, requirements: string[]): string {
  const key = JSON.stringify({ base, requirements: [...requirements].map((r) => r.trim()).sort() });
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

interface Marker {
  installer?: 'pip' | 'uv';
  hash: string;
  requirements: string[];
  lock: LockEntry[];
  base: BaseFacts;
  builtAt: string;
  buildMs: number;
}

const pythonIn = (dir: string) => path.join(dir, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
const distName = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '_');

/** The under-a-second check: marker for this hash, an interpreter that starts, every locked dist-info present. */
export async function checkEnv(dir: string, hash: string, env: NodeJS.ProcessEnv): Promise<{ ok: true; marker: Marker } | { ok: false; why: string }> {
  const markerFile = path.join(dir, MARKER);
  if (!existsSync(markerFile)) return { ok: false, why: existsSync(dir) ? 'a half-built env (no completion marker)' : 'not built yet' };
  let marker: Marker;
  try {
    marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
  } catch {
    return { ok: false, why: 'an unreadable completion marker' };
  }
  if (marker.hash !== hash) return { ok: false, why: 'built for other requirements' };
  const r = await execa(pythonIn(dir), ['-S', '-c', 'import sys; print(sys.prefix)'], { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 10_000 });
  if (r.exitCode !== 0) return { ok: false, why: `its interpreter does not start (${tail(String(r.stderr), 200).trim() || `exit ${r.exitCode}`})` };
  const site = sitePackages(dir);
  const present = new Set(site ? readdirSync(site).filter((f) => f.endsWith('.dist-info')).map((f) => distName(f.replace(/-[^-]+\.dist-info$/, ''))) : []);
  const missing = marker.lock.filter((l) => !present.has(distName(l.name))).map((l) => l.name);
  if (missing.length) return { ok: false, why: `packages gone from it: ${missing.slice(0, 5).join(', ')}` };
  return { ok: true, marker };
}

function sitePackages(dir: string): string | null {
  const lib = path.join(dir, 'lib');
  if (!existsSync(lib)) return null;
  const py = readdirSync(lib).find((d) => d.startsWith('python'));
  return py ? path.join(lib, py, 'site-packages') : null;
}

function pipIndexArgs(spec: EnvSpec): string[] {
  if (spec.findLinks) return ['--no-index', '--find-links', spec.findLinks];
  return spec.offline ? ['--no-index'] : [];
}

/** pip's --report (JSON) as a lock: names, versions, archive hashes. */
function lockFrom(reportFile: string): LockEntry[] {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { install?: { metadata?: { name?: string; version?: string }; download_info?: { archive_info?: { hashes?: Record<string, string>; hash?: string } } }[] };
  return (report.install ?? [])
    .map((i) => {
      const hashes = i.download_info?.archive_info?.hashes;
      const legacy = i.download_info?.archive_info?.hash;
      return {
        name: i.metadata?.name ?? '?',
        version: i.metadata?.version ?? '?',
        sha256: hashes?.sha256 ?? (legacy?.startsWith('sha256=') ? legacy.slice(7) : null),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function pip(python: string, args: string[], spec: EnvSpec) {
  return execa(python, ['-m', 'pip', ...args], { ...cancelOn(),
    env: { ...spec.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    all: true,
    timeout: 60 * 60_000,
  });
}

/**
 * Reuses the cached env for (base, requirements) when it passes the check, else builds it: venv,
 * a resolver dry run that turns conflicts into data before anything is installed, the install,
 * then the marker. A failed build is removed; the user's interpreter is only ever asked its version.
 */
export async function ensureIsolatedEnv(spec: EnvSpec, opts: { skipCheck?: boolean } = {}): Promise<IsolatedEnv | EnvFailure> {
  const requirements = [...spec.requirements];
  const base = await baseFacts(spec.base, spec.env);
  if (typeof base === 'string') return { step: 'base', message: base, output: '', requirements, base: null };
  const hash = envHash(base, requirements);
  const dir = path.join(spec.cacheRoot ?? defaultCacheRoot(spec.env), `${spec.name}-py${base.version}-${hash}`);
  const started = performance.now();
  const result = (how: IsolatedEnv['how'], marker: Marker, checkMs: number, buildMs: number | null): IsolatedEnv => ({
    dir, python: pythonIn(dir), hash, requirements, lock: marker.lock, how, checkMs, buildMs, base, installer: marker.installer ?? 'pip',
  });
  if (opts.skipCheck && existsSync(path.join(dir, MARKER))) {
    const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Marker;
    return result('skipped-check', marker, 0, null);
  }
  const check = await checkEnv(dir, hash, spec.env);
  const checkMs = Math.round(performance.now() - started);
  if (check.ok) {
    spec.log(`isolated env ${spec.name}: reusing ${dir} (checked in ${checkMs} ms)`);
    return result('reused', check.marker, checkMs, null);
  }
  spec.log(`isolated env ${spec.name}: building (${check.why}) in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  const t0 = performance.now();
  const fail = (step: EnvFailure['step'], message: string, output: string): EnvFailure => {
    rmSync(dir, { recursive: true, force: true });
    return { step, message, output: tail(output, 8000), requirements, base };
  };
  const uv = chooseInstaller(spec);
  const built = uv ? await buildWithUv(uv, dir, spec) : await buildWithPip(dir, spec);
  if ('step' in built) return fail(built.step, built.message, built.output);
  const buildMs = Math.round(performance.now() - t0);
  const marker: Marker = { installer: uv ? 'uv' : 'pip', hash, requirements, lock: built.lock, base, builtAt: new Date().toISOString(), buildMs };
  writeFileSync(path.join(dir, MARKER), JSON.stringify(marker, null, 2));
  spec.log(`isolated env ${spec.name}: built in ${(buildMs / 1000).toFixed(1)} s (${marker.lock.length} packages)`);
  return result('built', marker, checkMs, buildMs);
}

type BuildStep = { lock: LockEntry[] } | { step: EnvFailure['step']; message: string; output: string };

/** uv when asked for, or (auto) when on PATH; null means venv + pip. */
function chooseInstaller(spec: EnvSpec): string | null {
  if (spec.installer === 'pip') return null;
  const uv = which('uv', process.cwd(), spec.env.PATH);
  if (spec.installer === 'uv' && !uv) spec.log(`isolated env ${spec.name}: installer uv asked for but uv is not on PATH; using venv + pip`);
  return uv;
}

async function buildWithPip(dir: string, spec: EnvSpec): Promise<BuildStep> {
  const requirements = spec.requirements;
  const venv = await execa(spec.base, ['-m', 'venv', dir], { ...cancelOn(), env: spec.env, extendEnv: false, reject: false, stdin: 'ignore', all: true, timeout: 300_000 });
  if (venv.exitCode !== 0) return failed('venv', `python -m venv failed (exit ${venv.exitCode})`, String(venv.all ?? ''));
  const reqFile = path.join(dir, 'debug-tts-requirements.txt');
  writeFileSync(reqFile, `${requirements.join('\n')}\n`);
  spec.log(`isolated env ${spec.name}: resolving ${requirements.length} requirements (dry run)`);
  // Not --quiet: pip then leaves out "The conflict is caused by", the two chains people need to see.
  // Requirements as arguments, not -r: pip names them instead of "-r file (line 1)".
  const dry = await pip(pythonIn(dir), ['install', '--dry-run', ...pipIndexArgs(spec), ...requirements], spec);
  if (dry.exitCode !== 0) return failed('dry-run', 'the requirements do not resolve', withoutProgress(String(dry.all ?? '')));
  spec.log(`isolated env ${spec.name}: installing`);
  const reportFile = path.join(dir, 'debug-tts-pip-report.json');
  const install = await pip(pythonIn(dir), ['install', '--quiet', '--report', reportFile, ...pipIndexArgs(spec), '-r', reqFile], spec);
  if (install.exitCode !== 0) return failed('install', `pip install failed (exit ${install.exitCode})`, withoutProgress(String(install.all ?? '')));
  return { lock: lockFrom(reportFile) };
}

async function buildWithUv(uv: string, dir: string, spec: EnvSpec): Promise<BuildStep> {
  const run = (args: string[]) =>
    execa(uv, args, { ...cancelOn(), env: { ...spec.env, UV_NO_PROGRESS: '1' }, extendEnv: false, reject: false, stdin: 'ignore', all: true, timeout: 60 * 60_000 });
  const venv = await run(['venv', '--quiet', '--python', spec.base, dir]);
  if (venv.exitCode !== 0) return failed('venv', `uv venv failed (exit ${venv.exitCode})`, String(venv.all ?? ''));
  const python = pythonIn(dir);
  const index = spec.findLinks ? ['--no-index', '--find-links', spec.findLinks] : spec.offline ? ['--offline'] : [];
  spec.log(`isolated env ${spec.name}: resolving ${spec.requirements.length} requirements with uv (dry run)`);
  const dry = await run(['pip', 'install', '--dry-run', '--python', python, ...index, ...spec.requirements]);
  if (dry.exitCode !== 0) return failed('dry-run', 'the requirements do not resolve', String(dry.all ?? ''));
  spec.log(`isolated env ${spec.name}: installing with uv`);
  const install = await run(['pip', 'install', '--quiet', '--python', python, ...index, ...spec.requirements]);
  if (install.exitCode !== 0) return failed('install', `uv pip install failed (exit ${install.exitCode})`, String(install.all ?? ''));
  // uv has no install report: the lock is what ended up installed, without archive hashes.
  const list = await run(['pip', 'list', '--python', python, '--format', 'json']);
  const installed = JSON.parse(String(list.stdout || '[]')) as { name: string; version: string }[];
  return { lock: installed.map((p) => ({ name: p.name, version: p.version, sha256: null })).sort((a, b) => a.name.localeCompare(b.name)) };
}

function failed(step: EnvFailure['step'], message: string, output: string): BuildStep {
  return { step, message, output };
}

/** pip's progress bars and per-file chatter crowd out the lines that explain a failure. */
function withoutProgress(output: string): string {
  return output
    .split('\n')
    .filter((l) => !/━|^\s*(Downloading|Using cached|Processing|Collecting|Obtaining) |^WARNING: Location '.*' is ignored/.test(l))
    .join('\n');
}

export function isEnvFailure(x: IsolatedEnv | EnvFailure): x is EnvFailure {
  return 'step' in x;
}
