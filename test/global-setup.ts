// Builds the cached test venvs once, before any test file runs, and hands their paths to the tests.
import type { TestProject } from 'vitest/node';
import { rmSync } from 'node:fs';
import { makeTestRoot } from './helpers/env.js';
import { ensureVenv, RECIPES, type VenvName } from './helpers/venvs.js';

declare module 'vitest' {
  export interface ProvidedContext {
    venvs: Record<VenvName, string>;
    tmpRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const venvs = {} as Record<VenvName, string>;
  for (const name of Object.keys(RECIPES) as VenvName[]) venvs[name] = ensureVenv(name);
  project.provide('venvs', venvs);
  const tmpRoot = makeTestRoot();
  project.provide('tmpRoot', tmpRoot);
  return () => rmSync(tmpRoot, { recursive: true, force: true });
}
