// A JSON config the model reads (config.json, <voice>.onnx.json) is not JSON: often an HTML page saved by mistake.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'json-config-unreadable',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A model config file is not valid JSON',
  requires: ['assets'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets.flatMap((a) =>
    a.jsonFiles
      .filter((j) => j.problem)
      .map((j) => ({
        message: `${j.file} cannot be parsed: ${j.problem}.`,
        evidence: [{ label: 'file', value: j.file }, { label: 'problem', value: j.problem ?? '' }],
        fixes: [advice('Replace it with the raw file', `Download ${path.basename(j.file)} again from its raw URL and check that it starts with "{".`)],
        key: `${a.targetId}:${path.basename(j.file)}`,
        target: a.targetId,
      })),
  );
}

export const check: Check = { meta, run };
