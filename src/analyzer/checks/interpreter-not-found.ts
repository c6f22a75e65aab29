// The interpreter the app would run does not exist (or is a dangling link, as in a venv whose base Python moved).
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import { advice, command } from '../fix-helpers.js';

export const meta = {
  id: 'interpreter-not-found',
  category: 'wrong-interpreter',
  severity: 'error',
  title: 'The Python interpreter the app runs does not exist',
  requires: ['resolution', 'otherInterpreters'],
} as const satisfies Check['meta'];

function danglingLink(file: string): string | null {
  try {
    if (!lstatSync(file).isSymbolicLink()) return null;
    return path.resolve(path.dirname(file), readlinkSync(file));
  } catch {
    return null;
  }
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const r = ctx.environment.resolution;
  if (!r || r.commandPath) return [];
  const evidence = [
    { label: 'requested', value: r.requested },
    { label: 'chosen by', value: r.explanation },
  ];
  const target = path.isAbsolute(r.requested) ? danglingLink(r.requested) : null;
  if (target) evidence.push({ label: 'dangling link', value: `${r.requested} -> ${target} (missing: the venv's base interpreter was moved or removed)` });
  const working = ctx.otherInterpreters.filter((o) => !o.error && o.version);
  const fixes = working.slice(0, 3).map((o) =>
    ctx.interpreterEnvVar
      ? command(`Point ${ctx.interpreterEnvVar} at Python ${o.version} (${o.source})`, `export ${ctx.interpreterEnvVar}=${o.path}`)
      : command(`Diagnose Python ${o.version} (${o.source}) instead`, `debug-tts --python ${o.path}`),
  );
  if (target) fixes.unshift(advice('Recreate the virtual environment', `The venv at ${path.dirname(path.dirname(r.requested))} points to an interpreter that no longer exists. Recreate it with an existing Python (python3 -m venv --clear DIR) and reinstall its requirements.`));
  if (!fixes.length) fixes.push(advice('Install Python or name an existing interpreter', 'No other interpreter was found on this machine. Install Python 3.10-3.12 and point the app at it.'));
  return [{ message: `${r.explanation} That command is not on PATH or the file does not exist.`, evidence, fixes, key: r.requested }];
}

export const check: Check = { meta, run };
