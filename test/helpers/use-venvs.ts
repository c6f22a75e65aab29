// Test venvs per test file, built lazily (see useVenvs). Kept apart from venvs.ts, which the benches
// import outside vitest.
import { beforeAll } from 'vitest';
import { ensureVenv, RECIPES, type VenvName } from './venvs.js';

/** A cold build of the torch env takes minutes: more than a test's time limit, within a hook's. */
const BUILD_TIMEOUT_MS = 1_800_000;

/**
 * The test venvs a test file uses, built when that file runs (not before the whole suite): a
 * focused `vitest run some.test.ts` builds only what it needs. The names listed are built in a
 * beforeAll hook (its own time limit); reading any other name builds it on first use. The lock in
 * ensureVenv keeps parallel files from building one env twice.
 */
export function useVenvs(...names: VenvName[]): Record<VenvName, string> {
  beforeAll(() => {
    for (const name of names) ensureVenv(name);
  }, BUILD_TIMEOUT_MS);
  return new Proxy({} as Record<VenvName, string>, {
    get: (_target, name) => {
      if (typeof name !== 'string' || !(name in RECIPES)) throw new Error(`no test venv named ${String(name)}`);
      return ensureVenv(name as VenvName);
    },
  });
}
