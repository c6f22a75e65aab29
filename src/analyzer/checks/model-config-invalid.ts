// A model config file the family reads does not match the schema of what its code expects (Kokoro, Piper, transformers families, XTTS).
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import type { TargetAssets } from '../assets.js';
import { SCHEMA_IDS, schemaIssues, validator } from '../../core/schemas.js';
import { jsonPointerPosition, pointerSegments } from '../../core/source-position.js';
import { advice } from '../fix-helpers.js';
import { numberLiteralIssues, parsePythonJson, strictJsonText } from '../python-json.js';
import { editDistance } from '../similar.js';

export const meta = {
  id: 'model-config-invalid',
  category: 'config-param-mismatch',
  severity: 'error',
  title: 'A model config file does not match what the model code reads',
  requires: ['assets'],
} as const satisfies Check['meta'];

const TRANSFORMERS: Record<string, string> = {
  bark: SCHEMA_IDS.barkConfig,
  encodec: SCHEMA_IDS.encodecConfig,
  speecht5: SCHEMA_IDS.speecht5Config,
  vits: SCHEMA_IDS.vitsConfig,
};

/** transformers 5 validates configs with @strict dataclasses: an int literal where a float is annotated fails the load. */
const STRICT_NUMBERS = new Set([...Object.values(TRANSFORMERS), SCHEMA_IDS.speecht5HifiganConfig]);

/** Whose config a model_type is, for a config.json that belongs to another family. */
const MODEL_TYPE_OWNER: Record<string, string> = {
  vits: 'a VITS model (family vits)', bark: 'a Bark model (family bark)', encodec: 'an Encodec codec (family encodec)',
  speecht5: 'a SpeechT5 model (family speecht5)', speecht5_hifigan: "SpeechT5's HiFi-GAN vocoder (give its folder as the speecht5 target's vocoderDir)",
};

const same = (file: string, other: unknown) => typeof other === 'string' && path.resolve(file) === path.resolve(other);

/** Which schema a target's JSON file answers to: the role the family gives the file, not only its name. */
function schemaFor(a: TargetAssets, file: string): string | null {
  if (a.family === 'kokoro' && path.basename(file) === 'config.json') return SCHEMA_IDS.kokoroConfig;
  if (a.family === 'piper' && file.endsWith('.onnx.json')) return SCHEMA_IDS.piperVoice;
  const vocoderDir = a.options.vocoderDir;
  if (a.family === 'speecht5' && typeof vocoderDir === 'string' && same(file, path.join(vocoderDir, 'config.json'))) return SCHEMA_IDS.speecht5HifiganConfig;
  const modelConfig = a.modelDir !== null && same(file, path.join(a.modelDir, 'config.json'));
  if (a.family === 'xtts') return modelConfig ? SCHEMA_IDS.xttsConfig : null;
  const hf = TRANSFORMERS[a.family];
  return hf && (modelConfig || same(file, a.options.configFile)) ? hf : null;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const seg of pointerSegments(pointer)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(seg)] : undefined;
  return node;
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return `${text.length > 40 ? `${text.slice(0, 37)}...` : text} (${typeof v === 'string' ? 'a string' : `a ${typeof v}`})`;
}

/** For a missing key: say so, and name a key that is probably it under another spelling. */
function foundInstead(data: unknown, pointer: string, missing: string): string {
  const parent = valueAt(data, pointer);
  const keys = parent && typeof parent === 'object' ? Object.keys(parent) : [];
  const near = keys.filter((k) => editDistance(k.toLowerCase(), missing.toLowerCase()) <= 2).slice(0, 2);
  return `no such key${near.length ? `; ${near.map((k) => `"${k}"`).join(', ')} is there` : ''}`;
}

interface Problem { pointer: string; locate: string; message: string; expected?: string | undefined; found?: string }

function problems(id: string, text: string, data: unknown): Problem[] {
  const validate = validator(id);
  const schema: Problem[] = validate(data) ? [] : schemaIssues(validate.errors).map((i) => {
    const missing = /^missing required property "(.*)"$/.exec(i.message)?.[1];
    return { ...i, found: missing !== undefined ? foundInstead(data, i.pointer, missing) : show(valueAt(data, i.pointer)) };
  });
  if (!STRICT_NUMBERS.has(id)) return schema;
  const flagged = new Set(schema.map((p) => p.pointer));
  return [...schema, ...numberLiteralIssues(id, text).filter((l) => !flagged.has(l.pointer)).map((l) => ({ ...l, locate: l.pointer }))];
}

function line(file: string, standIn: string, p: Problem): string {
  const pos = jsonPointerPosition(standIn, p.locate);
  const where = `${file}${pos ? `:${pos.line}:${pos.column}` : ''} at ${p.pointer || '(root)'}`;
  const detail = [p.expected && `expected ${p.expected}`, p.found && `found ${p.found}`].filter(Boolean).join(', ');
  return `${where}: ${p.message}${detail ? ` (${detail})` : ''}`;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets.flatMap((a) =>
    a.jsonFiles.flatMap((j) => {
      const id = schemaFor(a, j.file);
      if (!id || j.text === undefined) return [];
      const data = parsePythonJson(j.text);
      const found = problems(id, j.text, data);
      if (!found.length) return [];
      const standIn = strictJsonText(j.text);
      const issues = found.map((p) => line(j.file, standIn, p));
      const modelType = valueAt(data, '/model_type');
      const owner = found.some((p) => p.pointer === '/model_type') && typeof modelType === 'string' ? MODEL_TYPE_OWNER[modelType] : undefined;
      return [{
        message: `${j.file} does not match what ${a.family} reads: ${issues.length} problem${issues.length > 1 ? 's' : ''}, first: ${issues[0]}.${owner ? ` Its model_type "${modelType}" is the config of ${owner}.` : ''}`,
        evidence: issues.map((value) => ({ label: 'schema', value })),
        fixes: [advice('Use the config that ships with these weights', `${owner ? `This is the config of ${owner}: point the target at the right folder, or use the ${a.family} config saved beside its weights. ` : ''}A config from another release or a hand edit: compare ${path.basename(j.file)} with the one published beside the weights. Schema: schemas/model-configs/ (${id}).`)],
        key: `${a.targetId}:${id === SCHEMA_IDS.speecht5HifiganConfig ? 'vocoder/' : ''}${path.basename(j.file)}`,
        target: a.targetId,
      }];
    }),
  );
}

export const check: Check = { meta, run };
