// Where the package's own non-code files live, from src/ (tsx, vitest) and dist/ (compiled) alike.
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

/** The package root: src/core and dist/core are both two levels below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');

/** debug-tts's own cache folder (clean envs, the interpreter scan's answers): $XDG_CACHE_HOME or ~/.cache. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'debug-tts');
}

/** Python helpers ship as source beside the TypeScript that spawns them (src/.../python). */
export function pythonScript(relative: string): string {
  return path.join(PACKAGE_ROOT, 'src', relative);
}
