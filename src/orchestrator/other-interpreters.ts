// Finds the other Python interpreters on the machine (project venvs, pyenv, conda, system, PATH).
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir } from '../core/paths.js';
import type { OtherInterpreter } from '../core/report-types.js';
import { interpreterKind } from './interpreter-kind.js';
import { runPython } from './python-process.js';
import { isExecutableFile, realpathOrSelf } from './which.js';

export interface DiscoveryInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Extra folders that may hold a project venv (e.g. the config file's folder). */
  projectDirs?: string[];
  /** The interpreter under test, left out of the list. */
  exclude?: { realPath: string | null; prefix: string | null };
  timeoutMs?: number;
}

interface Candidate {
  path: string;
  source: string;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() || d.isSymbolicLink())
      .map((d) => path.join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

function projectVenvs(dirs: string[]): Candidate[] {
  return dirs.flatMap((dir) =>
    ['.venv', 'venv', 'env', '.env'].map((name) => ({ path: path.join(dir, name, 'bin', 'python'), source: 'project-venv' })),
  );
}

function pyenvVersions(env: NodeJS.ProcessEnv): Candidate[] {
  const root = env.PYENV_ROOT || path.join(os.homedir(), '.pyenv');
  return subdirs(path.join(root, 'versions')).flatMap((v) => [
    { path: path.join(v, 'bin', 'python'), source: 'pyenv' },
    ...subdirs(path.join(v, 'envs')).map((e) => ({ path: path.join(e, 'bin', 'python'), source: 'pyenv' })),
  ]);
}

function condaEnvs(env: NodeJS.ProcessEnv): Candidate[] {
  const home = os.homedir();
  const roots = ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge', '.conda']
    .map((d) => path.join(home, d))
    .concat(['/opt/conda', '/opt/miniconda3', '/opt/homebrew/Caskroom/miniforge/base']);
  if (env.CONDA_PREFIX) roots.unshift(env.CONDA_PREFIX);
  return roots.flatMap((root) => [
    { path: path.join(root, 'bin', 'python'), source: 'conda' },
    ...subdirs(path.join(root, 'envs')).map((e) => ({ path: path.join(e, 'bin', 'python'), source: 'conda' })),
  ]);
}

const SYSTEM = ['/usr/bin/python3', '/usr/local/bin/python3', '/opt/homebrew/bin/python3'];

/** python3 and python3.X in every PATH folder; pyenv's shim folder is skipped (its versions are listed directly). */
function onPath(env: NodeJS.ProcessEnv): Candidate[] {
  const out: Candidate[] = [];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || /[\\/]shims$/.test(dir)) continue;
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /^python3(\.\d+)?$/.test(n)).sort();
    } catch {
      continue;
    }
    out.push(...names.map((n) => ({ path: path.join(dir, n), source: 'path' })));
  }
  return out;
}

export function discoverCandidates(input: DiscoveryInput): Candidate[] {
  const dirs = [input.cwd, ...(input.projectDirs ?? [])];
  const all = [
    ...projectVenvs(dirs),
    ...pyenvVersions(input.env),
    ...condaEnvs(input.env),
    ...SYSTEM.map((p) => ({ path: p, source: 'system' })),
    ...onPath(input.env),
  ];
  const seen = new Set<string>();
  return all.filter((c) => {
    if (seen.has(c.path) || !isExecutableFile(c.path)) return false;
    seen.add(c.path);
    return true;
  });
}

// -I: no user paths or PYTHON* variables. Not -S: without site.py a venv reports its base's prefix, so a
// project .venv made from the interpreter under test would look like it and be dropped as a duplicate.
const QUICK = 'import sys,json;print(json.dumps(["%d.%d.%d"%sys.version_info[:3],sys.prefix,sys.base_prefix,sys.executable]))';

/**
 * What QUICK printed, per candidate, kept between runs in debug-tts's cache: version and prefixes
 * do not change while the interpreter file and its venv's pyvenv.cfg are the same files (device,
 * inode, size, mtime), so a warm scan is a few stat calls instead of a Python start per candidate.
 * Only answers are kept, never failures; the file is read as untrusted (another version, a hand edit).
 */
const CACHE_VERSION = 1;
const CACHE_LIMIT = 256;
type Facts = [string, string, string, string];

function cachePath(env: NodeJS.ProcessEnv): string {
  return path.join(cacheDir(env), 'interpreters.json');
}

function fileIdentity(file: string): string {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return '-';
  }
}

/** The key of a candidate: its path, the file it resolves to, and the pyvenv.cfg beside its bin/. */
function candidateKey(candidate: string): string | null {
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return null;
  }
  return [candidate, real, fileIdentity(real), fileIdentity(path.join(path.dirname(path.dirname(candidate)), 'pyvenv.cfg'))].join('\u0000');
}

const isFacts = (v: unknown): v is Facts => Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'string');

function readCache(file: string): Map<string, Facts> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; entries?: unknown };
    if (data.version !== CACHE_VERSION || !Array.isArray(data.entries)) return new Map();
    return new Map((data.entries as unknown[]).filter((e): e is [string, Facts] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isFacts(e[1])));
  } catch {
    return new Map();
  }
}

function writeCache(file: string, cache: Map<string, Facts>): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, entries: [...cache].slice(-CACHE_LIMIT) }));
    renameSync(tmp, file);
  } catch {
    // a read-only home: the next scan probes again
  }
}

async function quickProbe(c: Candidate, input: DiscoveryInput, cache: Map<string, Facts>): Promise<OtherInterpreter> {
  const key = candidateKey(c.path);
  const cached = key ? cache.get(key) : undefined;
  const run = cached ? null : await runPython(c.path, ['-I', '-c', QUICK], { cwd: input.cwd, env: input.env, timeoutMs: input.timeoutMs ?? 10_000 });
  const realPath = realpathOrSelf(c.path);
  const facts = cached ?? (isFacts(run?.json) ? run.json : null);
  if (key && facts && !cached && !run?.failure) cache.set(key, facts);
  const prefix = facts?.[1] ?? null;
  const result: OtherInterpreter = {
    path: c.path,
    realPath,
    source: c.source,
    kind: interpreterKind({ realPath, prefix, isVenv: facts ? facts[1] !== facts[2] : null, isConda: prefix ? isConda(prefix) : null }),
    version: facts?.[0] ?? null,
    prefix,
  };
  if (run?.failure) result.error = run.failure.message;
  return result;
}

function isConda(prefix: string): boolean {
  return existsSync(path.join(prefix, 'conda-meta'));
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Probes every candidate cheaply; one interpreter reached by several paths is listed once. The
 * interpreter under test (`exclude`) can also be left out later with `withoutInterpreter`, so the
 * scan can start before the env probe has said which one that is.
 */
export async function discoverOtherInterpreters(input: DiscoveryInput): Promise<OtherInterpreter[]> {
  const file = cachePath(input.env);
  const cache = readCache(file);
  const before = cache.size;
  const probed = await mapLimited(discoverCandidates(input), 4, (c) => quickProbe(c, input, cache));
  if (cache.size !== before) writeCache(file, cache);
  const seen = new Set<string>();
  const unique = probed.filter((o) => {
    const key = `${o.realPath}\u0000${o.prefix ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return input.exclude ? withoutInterpreter(unique, input.exclude) : unique;
}

export function withoutInterpreter(list: OtherInterpreter[], exclude: { realPath: string | null; prefix: string | null }): OtherInterpreter[] {
  if (!exclude.realPath) return list;
  return list.filter((o) => o.realPath !== exclude.realPath || (o.prefix ?? '') !== (exclude.prefix ?? ''));
}
