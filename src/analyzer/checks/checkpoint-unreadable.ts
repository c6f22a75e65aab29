// A weights file that is not weights: an HTML page, a Git LFS pointer, empty, truncated or corrupt.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'checkpoint-unreadable',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A weights file is not a readable checkpoint',
  requires: ['assets'],
} as const satisfies Check['meta'];

const WHY: Record<string, string> = {
  html: 'it is an HTML page: it was downloaded from a web page URL (e.g. a hub "blob" page) instead of the raw file',
  'git-lfs-pointer': 'it is a Git LFS pointer: the repository was cloned without `git lfs pull`, so only a 130-byte stub is there',
  empty: 'it is empty (0 bytes): an interrupted copy or download',
};

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets.flatMap((a) =>
    a.checkpoints
      .filter((c) => WHY[c.format] || c.problem)
      .map((c) => ({
        message: `${c.file} cannot be loaded: ${WHY[c.format] ?? c.problem}.`,
        evidence: [
          { label: 'file', value: c.file },
          { label: 'size', value: `${c.sizeBytes} bytes` },
          { label: 'detected as', value: c.format },
          ...(c.problem ? [{ label: 'problem', value: c.problem }] : []),
        ],
        fixes: [advice('Fetch the real file again', `Replace ${path.basename(c.file)} with the real checkpoint (for a hub file, the "resolve" download URL, or \`git lfs pull\` in the clone), then check its size against the source.`)],
        key: `${a.targetId}:${path.basename(c.file)}`,
        target: a.targetId,
      })),
  );
}

export const check: Check = { meta, run };
