// The one ajv factory: loads every schema in schemas/ once and hands out validators by $id.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SCHEMAS_DIR } from './paths.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const SCHEMA_IDS = {
  config: 'https://debug-tts.dev/schemas/config-1.json',
  report: 'https://debug-tts.dev/schemas/report-1.json',
  artifacts: 'https://debug-tts.dev/schemas/artifacts-1.json',
  comparison: 'https://debug-tts.dev/schemas/comparison-1.json',
  envProbe: 'https://debug-tts.dev/schemas/env-probe-1.json',
  torchProbe: 'https://debug-tts.dev/schemas/torch-probe-1.json',
  explain: 'https://debug-tts.dev/schemas/explain-1.json',
  stageEvent: 'https://debug-tts.dev/schemas/stage-event-1.json',
  kokoroConfig: 'https://debug-tts.dev/schemas/kokoro-config-1.json',
  piperVoice: 'https://debug-tts.dev/schemas/piper-voice-1.json',
  barkConfig: 'https://debug-tts.dev/schemas/bark-config-1.json',
  encodecConfig: 'https://debug-tts.dev/schemas/encodec-config-1.json',
  speecht5Config: 'https://debug-tts.dev/schemas/speecht-five-config-1.json',
  speecht5HifiganConfig: 'https://debug-tts.dev/schemas/speecht-five-hifigan-config-1.json',
  vitsConfig: 'https://debug-tts.dev/schemas/vits-config-1.json',
  xttsConfig: 'https://debug-tts.dev/schemas/xtts-config-1.json',
} as const;

let shared: Ajv2020 | undefined;

/** Every *.schema.json under schemas/, one folder deep (model-configs/ holds the known model config files). */
export function schemaFiles(): string[] {
  return readdirSync(SCHEMAS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
}

function load(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const file of schemaFiles()) {
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, file), 'utf8')) as { $id?: string };
    if (!schema.$id) throw new Error(`schemas/${file} has no $id`);
    ajv.addSchema(schema);
  }
  return ajv;
}

export function schemaRegistry(): Ajv2020 {
  shared ??= load();
  return shared;
}

export function validator<T>(id: string): ValidateFunction<T> {
  const fn = schemaRegistry().getSchema<T>(id);
  if (!fn) throw new Error(`no schema with $id ${id}`);
  return fn;
}

export interface SchemaIssue {
  /** JSON pointer of the offending value (the parent object for a missing property). */
  pointer: string;
  /** Where to point a person: the unknown key itself for an unknown property. */
  locate: string;
  message: string;
  /** What the schema wanted there, as people read it (`integer`, `"vits"`, `>= 1`), where ajv says it. */
  expected?: string;
}

/** ajv's errors as pointer + sentence, with the noise of oneOf/if branches folded away. */
export function schemaIssues(errors: ErrorObject[] | null | undefined): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'oneOf' || e.keyword === 'if' || e.keyword === 'anyOf') continue;
    const pointer = e.instancePath || '';
    const extra = e.keyword === 'additionalProperties' ? `/${String((e.params as { additionalProperty: string }).additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}` : '';
    const expected = expectation(e);
    const issue: SchemaIssue = { pointer, locate: pointer + extra, message: describe(e), ...(expected ? { expected } : {}) };
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function expectation(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return String(p.type).split(',').join(' or ');
    case 'const':
      return JSON.stringify(p.allowedValue);
    case 'enum':
      return (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
    case 'required':
      return `key "${String(p.missingProperty)}"`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${String(p.comparison)} ${String(p.limit)}`;
    case 'format':
      return `format ${String(p.format)}`;
    default:
      return undefined;
  }
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${String(p.type)}`;
    default:
      return e.message ?? e.keyword;
  }
}
