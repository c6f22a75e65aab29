// The one ajv factory: loads every schema in schemas/ once and hands out validators by $id, the
// build's precompiled ones when they match the schemas on disk.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from './paths.js';


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
let texts: [string, string][] | undefined;
let documents: Map<string, Record<string, unknown>> | undefined;
let precompiled: Record<string, string> | null | undefined;

/** Every *.schema.json under schemas/, one folder deep (model-configs/ holds the known model config files). */
export function schemaFiles(): string[] {
  return readdirSync(SCHEMAS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
}

/** Each schema file's text, by file name, in a fixed order: what the build compiled and what a run checks. */
function schemaTexts(): [string, string][] {
  texts ??= schemaFiles().map((f) => [f, readFileSync(path.join(SCHEMAS_DIR, f), 'utf8')]);
  return texts;
}

/** The schemas as they are on disk, in one digest: precompiled validators are used only for these exact texts. */
export function schemasDigest(texts = schemaTexts()): string {
  const h = createHash('sha256');
  for (const [file, text] of texts) h.update(`${file}\0${text}\0`);
  return h.digest('hex');
}

/** `code.source` keeps each validator's generated code, which the build writes out (ajv standalone). */
export function loadSchemas(opts: { source?: boolean } = {}): Ajv2020 {
  // Loaded here, not at import: with the build's validators a run never compiles a schema.
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, ...(opts.source ? { code: { source: true } } : {}) });
  addFormats(ajv);
  for (const schema of schemaDocuments().values()) ajv.addSchema(schema);
  return ajv;
}

/** The parsed schema documents by $id (no ajv): for code that walks a schema rather than validating with it. */
function schemaDocuments(): Map<string, Record<string, unknown>> {
  if (documents) return documents;
  documents = new Map();
  for (const [file, text] of schemaTexts()) {
    const schema = JSON.parse(text) as Record<string, unknown>;
    if (typeof schema.$id !== 'string') throw new Error(`schemas/${file} has no $id`);
    documents.set(schema.$id, schema);
  }
  return documents;
}

export function schemaDocument(id: string): Record<string, unknown> | undefined {
  return schemaDocuments().get(id);
}

export function schemaRegistry(): Ajv2020 {
  shared ??= loadSchemas();
  return shared;
}

/**
 * The validator `npm run build` generated for this $id (scripts/precompile.mjs: ajv standalone code),
 * when the build saw exactly the schemas on disk; undefined otherwise (running from src/, or a schema
 * edited since the build), and then ajv compiles at run time: slower, never stale.
 */
function precompiledValidator(id: string): ValidateFunction | undefined {
  if (precompiled === undefined) {
    precompiled = null;
    const index = fileURLToPath(new URL('../generated/validators.json', import.meta.url));
    if (existsSync(index)) {
      const built = JSON.parse(readFileSync(index, 'utf8')) as { digest?: string; files?: Record<string, string> };
      if (built.digest === schemasDigest() && built.files) precompiled = built.files;
    }
  }
  const file = precompiled?.[id];
  return file ? (createRequire(import.meta.url)(`../generated/${file}`) as ValidateFunction) : undefined;
}

export function validator<T>(id: string): ValidateFunction<T> {
  const fn = (precompiledValidator(id) as ValidateFunction<T> | undefined) ?? schemaRegistry().getSchema<T>(id);
  if (!fn) throw new Error(`no schema with $id ${id}`);
  return fn;
}

/** For tests: whether validator() hands out the build's validators. */
export function usesPrecompiledValidators(): boolean {
  return precompiledValidator(SCHEMA_IDS.config) !== undefined;
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
