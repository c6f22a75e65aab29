// File names the tool makes from names it was given (target ids, environments), and the one check
// that every path it writes stays inside the output dir. Reports and artifacts can come from another
// machine: nothing read from them ever becomes a path as it is.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ToolError } from './tool-errors.js';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._+@-]{0,99}$/;

/**
 * A file name (no separators, no leading dot, at most about 110 characters) for any string. A name
 * that is already safe stays as it is, so ordinary ids keep readable file names; anything else is
 * folded to `[A-Za-z0-9._+@-]` and given a short hash of the original, so two different ids never
 * share a file.
 */
export function safeFileName(name: string): string {
  if (SAFE.test(name) && !name.includes('..')) return name;
  const folded = name.replace(/[^A-Za-z0-9._+@-]+/g, '_').replace(/\.{2,}/g, '_').replace(/^[._+-]+/, '').slice(0, 80);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${folded || 'x'}-${hash}`;
}

/** An environment id as part of a file name (`isolated:bark+vits` -> `isolated_bark+vits`). */
export const environmentTag = (environment: string) => environment.replace(/[^\w.+-]+/g, '_');

/** The file name (no extension) of one target's run: `<id>`, or `<id>@<environment>` when the environment is named. */
export function runFileName(id: string, environment?: string): string {
  return safeFileName(environment === undefined ? id : `${id}@${environmentTag(environment)}`);
}

/**
 * `dir/relative`, refused unless it stays inside `dir`: the last line of defence, used by every
 * write into the output dir. `relative` is made by the tool (see safeFileName); a path that climbs
 * out is a bug or a hostile input, never a file to write.
 */
export function resolveInside(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const full = path.resolve(root, relative);
  const rel = path.relative(root, full);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || relative.includes('\0')) {
    throw new ToolError('E_OUTPUT_UNWRITABLE', `refusing to write ${JSON.stringify(relative)}: it is not a path inside the output directory ${root}.`);
  }
  return full;
}
