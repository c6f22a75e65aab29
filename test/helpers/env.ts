// Temporary folders and a process environment free of the developer's own Python hints.
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

/** A root for this test run's folders; the global teardown removes it (one per run: runs may overlap). */
export function makeTestRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'debug-tts-tests-'));
}

export function tempDir(prefix = 'debug-tts-test-'): string {
  const root = inject('tmpRoot');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(path.join(root, prefix));
}

/** An environment without the developer's own Python hints, so every test says what it means. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['VIRTUAL_ENV', 'DEBUG_TTS_PYTHON', 'CONDA_PREFIX', 'PYTHONHOME', 'PYTHONPATH', 'FORCE_COLOR']) delete env[k];
  // The reference set (nothing configured or found) builds GBs of clean envs: only its own test asks for it.
  return { ...env, NO_COLOR: '1', DEBUG_TTS_DEFAULT_TARGETS: '0', ...extra };
}

