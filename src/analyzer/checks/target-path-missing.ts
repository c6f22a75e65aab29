// A path a target names (weights, configFile, vocoderDir, ...) that does not exist: the load would fail
// at that file, or, for an optional one, quietly fall back to a default the user did not ask for.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import type { MissingPath, TargetAssets } from '../assets.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'target-path-missing',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A path in the target config does not exist',
  requires: ['assets'],
} as const satisfies Check['meta'];

/** Model dirs that a family's own asset check already reports, with what belongs in them. */
const OWN_DIR_CHECK: Record<string, string[]> = {
  kokoro: ['modelDir'],
  xtts: ['modelDir'],
  bark: ['modelDir'],
  encodec: ['modelDir'],
  vits: ['modelDir'],
  speecht5: ['modelDir', 'vocoderDir'],
};

function finding(a: TargetAssets, m: MissingPath): ReturnType<Check['run']>[number] {
  const near = m.nearby.map((n) => path.join(m.existingParent ?? '', n));
  const where = m.existingParent ? `${m.existingParent} exists` : 'none of its parent folders exists';
  return {
    title: `Target ${a.targetId}: ${m.option} ${m.path} does not exist`,
    message: `The target's ${m.option} names ${m.path}, and nothing is there (${where}). The load stops where it opens this ${m.option === 'modelDir' || m.option.endsWith('Dir') ? 'folder' : 'file'}.`,
    evidence: [{ label: m.option, value: m.path }, ...(near.length ? [{ label: 'nearby', value: near.join('\n') }] : [])],
    fixes: [
      near.length === 1
        ? advice(`Point ${m.option} at ${near[0]}`, `Set "${m.option}": "${near[0]}" in target ${a.targetId} (relative paths are relative to the config file), if that is the file you meant.`)
        : advice(`Point ${m.option} at the real ${m.option.endsWith('Dir') ? 'folder' : 'file'}`, `Set "${m.option}" in target ${a.targetId} to where the file is${near.length ? ` (${near.join(', ')} ${near.length > 1 ? 'are' : 'is'} close by)` : ''}, or put it at ${m.path}. Relative paths are relative to the config file.`),
    ],
    key: `${a.targetId}:${m.option}`,
    target: a.targetId,
  };
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets.flatMap((a) => (a.missing ?? []).filter((m) => !(OWN_DIR_CHECK[a.family] ?? []).includes(m.option)).map((m) => finding(a, m)));
}

export const check: Check = { meta, run };
