// A model config file the family reads does not match the schema of what its code expects (Kokoro config.json, Piper .onnx.json).
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import { SCHEMA_IDS, schemaIssues, validator } from '../../core/schemas.js';
import { jsonPointerPosition } from '../../core/source-position.js';
import { advice } from '../fix-helpers.js';

export const meta = {
  id: 'model-config-invalid',
  category: 'config-param-mismatch',
  severity: 'error',
  title: 'A model config file does not match what the model code reads',
  requires: ['assets'],
} as const satisfies Check['meta'];

/** Which schema a family's JSON file answers to. */
function schemaFor(family: string, file: string): string | null {
  if (family === 'kokoro' && path.basename(file) === 'config.json') return SCHEMA_IDS.kokoroConfig;
  if (family === 'piper' && file.endsWith('.onnx.json')) return SCHEMA_IDS.piperVoice;
  return null;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets.flatMap((a) =>
    a.jsonFiles.flatMap((j) => {
      const id = schemaFor(a.family, j.file);
      if (!id || j.text === undefined) return [];
      const validate = validator(id);
      if (validate(JSON.parse(j.text))) return [];
      const issues = schemaIssues(validate.errors).map((i) => {
        const pos = jsonPointerPosition(j.text!, i.locate);
        return `${j.file}${pos ? `:${pos.line}:${pos.column}` : ''} at ${i.pointer || '(root)'}: ${i.message}`;
      });
      return [{
        message: `${j.file} does not match what ${a.family} reads: ${issues.length} problem${issues.length > 1 ? 's' : ''}, first: ${issues[0]}.`,
        evidence: issues.map((value) => ({ label: 'schema', value })),
        fixes: [advice('Use the config that ships with these weights', `A config from another release or a hand edit: compare ${path.basename(j.file)} with the one published beside the weights. Schema: schemas/model-configs/ (${id}).`)],
        key: `${a.targetId}:${path.basename(j.file)}`,
        target: a.targetId,
      }];
    }),
  );
}

export const check: Check = { meta, run };
