// Diffs a user's model config against the schema derived from the installed code: unknown, missing, mistyped and renamed keys.
import type { DerivedSchema } from '../../minimal/stages.js';
import { editDistance } from '../similar.js';
import { renamesFor } from './renames.js';

export type DriftKind = 'renamed' | 'unknown' | 'missing' | 'type-mismatch';

export interface DriftIssue {
  kind: DriftKind;
  /** Where in the user's config: parent keys, then the key. */
  path: string[];
  /** The config class that reads this level (its qualified name). */
  configClass: string;
  /** renamed: the parameter the code reads instead. */
  to?: string;
  expected?: string;
  found?: string;
  /** renamed: 1 for a rename table entry, lower for a guess from the name and type. */
  confidence?: number;
  /** renamed: the rename table's source, or how the guess was made. */
  source?: string;
  /** unknown / renamed: the code takes **kwargs, so the key is accepted and silently unused. */
  ignored?: boolean;
  /** type-mismatch: the value converts without loss (e.g. "12" -> 12). */
  coerced?: unknown;
}

type Prop = NonNullable<DerivedSchema['properties']>[string];

/** The JSON Schema type name of a value (integers are numbers too). */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function types(p: Prop | undefined): string[] {
  if (!p?.type) return [];
  return Array.isArray(p.type) ? p.type : [p.type];
}

/** Whether the value fits the parameter's declared type; unknown when the code declares none. */
export function typeAgrees(value: unknown, p: Prop | undefined): boolean | null {
  if (p?.enum) return p.enum.some((e) => JSON.stringify(e) === JSON.stringify(value));
  const want = types(p);
  if (!want.length) return null;
  const t = jsonType(value);
  return want.includes(t) || (t === 'integer' && want.includes('number'));
}

/** A lossless conversion to the declared type, or undefined. */
function coerce(value: unknown, p: Prop): unknown {
  const want = types(p);
  if (typeof value === 'string') {
    const n = Number(value);
    if ((want.includes('integer') && Number.isInteger(n)) || (want.includes('number') && value.trim() !== '' && Number.isFinite(n))) return n;
    if (want.includes('boolean') && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  }
  if (typeof value === 'number' && want.includes('integer') && Number.isInteger(value)) return value;
  if (typeof value === 'number' && want.includes('string')) return String(value);
  return undefined;
}

const ABBREVIATIONS: Record<string, string> = { n: 'num', nb: 'num', number: 'num', dim: 'dim', dimension: 'dim', embd: 'embed', emb: 'embed', embedding: 'embed', cfg: 'config', conv: 'conv', hid: 'hidden', len: 'length', sr: 'sampling' };

/** 'n_layer' and 'num_layers' -> the same tokens; crude stemming, since names differ by plural and -ing. */
function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((t) => ABBREVIATIONS[t] ?? t)
    .map((t) => t.replace(/(ing|es|s|e)$/, ''));
}

/** 0..1: how alike two parameter names are, by shared tokens and by spelling. */
export function nameSimilarity(a: string, b: string): number {
  const ta = new Set(tokens(a));
  const tb = new Set(tokens(b));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  const jaccard = shared / new Set([...ta, ...tb]).size;
  const spelled = 1 - editDistance(a.toLowerCase(), b.toLowerCase()) / Math.max(a.length, b.length);
  return Math.max(jaccard, spelled);
}

const GUESS_THRESHOLD = 0.75;

function isObjectSchema(p: Prop | undefined): p is Prop & { properties: NonNullable<DerivedSchema['properties']> } {
  return Boolean(p?.properties);
}

/** Every drift between the config and the schema, nested sub-configs included, in key order. */
export function diffConfig(schema: DerivedSchema, config: Record<string, unknown>, parent: string[] = []): DriftIssue[] {
  const configClass = schema.title ?? 'config';
  const props = schema.properties ?? {};
  const aliases = schema['x-aliases'] ?? {};
  const known = new Set([...(schema['x-known'] ?? []), ...Object.keys(aliases)]);
  const extra = schema['x-accepts-extra'] === true;
  const issues: DriftIssue[] = [];
  const unknown = Object.keys(config).filter((k) => !(k in props) && !known.has(k) && !k.startsWith('_'));
  // A parameter the user already sets is no rename target; an alias counts as setting its parameter.
  const taken = new Set(Object.keys(config).flatMap((k) => [k, aliases[k] ?? k]));
  const table = renamesFor(configClass);
  for (const key of unknown) {
    const rule = table.find((r) => r.from === key && r.to in props && !taken.has(r.to));
    const guess = rule ? null : bestGuess(key, config[key], props, taken);
    const to = rule?.to ?? guess?.to;
    if (to) {
      taken.add(to);
      issues.push({
        kind: 'renamed', path: [...parent, key], configClass, to, ignored: extra,
        expected: types(props[to]).join(' | ') || undefined, found: jsonType(config[key]),
        confidence: rule ? 1 : guess!.score, source: rule ? rule.source : `name similarity ${guess!.score.toFixed(2)} and matching type`,
      });
    } else {
      issues.push({ kind: 'unknown', path: [...parent, key], configClass, ignored: extra, found: jsonType(config[key]) });
    }
  }
  for (const key of schema.required ?? []) {
    if (!(key in config) && !issues.some((i) => i.to === key)) issues.push({ kind: 'missing', path: [...parent, key], configClass, expected: types(props[key]).join(' | ') || undefined });
  }
  for (const [key, value] of Object.entries(config)) {
    const p = props[key];
    if (!p) continue;
    if (isObjectSchema(p) && value && typeof value === 'object' && !Array.isArray(value)) {
      issues.push(...diffConfig(p, value as Record<string, unknown>, [...parent, key]));
      continue;
    }
    if (typeAgrees(value, p) === false) {
      const converted = coerce(value, p);
      issues.push({ kind: 'type-mismatch', path: [...parent, key], configClass, expected: p.enum ? `one of ${JSON.stringify(p.enum)}` : types(p).join(' | '), found: `${jsonType(value)} ${JSON.stringify(value)}`, ...(converted !== undefined ? { coerced: converted } : {}) });
    }
  }
  return issues;
}

/** The parameter an unknown key most likely meant: alike in name, same type, not set already. */
function bestGuess(key: string, value: unknown, props: NonNullable<DerivedSchema['properties']>, taken: Set<string>): { to: string; score: number } | null {
  let best: { to: string; score: number } | null = null;
  for (const [name, p] of Object.entries(props)) {
    if (taken.has(name) || p['x-from'] === 'to_dict') continue;
    const agrees = typeAgrees(value, p);
    if (agrees === false) continue;
    // A guess never scores 1: that is for rename table entries.
    const score = Math.min(0.95, nameSimilarity(key, name) * (agrees === null ? 0.9 : 1));
    if (score >= GUESS_THRESHOLD && (!best || score > best.score)) best = { to: name, score: Math.round(score * 100) / 100 };
  }
  return best;
}

/** One line for people: `codec_config.n_filters -> num_filters (ignored by EncodecConfig: its default 32 is used)`. */
export function describeIssue(i: DriftIssue, schema?: DerivedSchema): string {
  const at = i.path.join('.');
  const cls = i.configClass.split('.').pop();
  const dflt = (to: string) => {
    const p = lookup(schema, [...i.path.slice(0, -1), to]);
    return p && 'default' in p ? `: its default ${JSON.stringify(p.default)} is used instead` : '';
  };
  switch (i.kind) {
    case 'renamed':
      return `${at}: ${cls} reads ${i.to}, not ${i.path.at(-1)}${i.ignored ? ` (the key is accepted and ignored${dflt(i.to!)})` : ' (rejected)'}; ${i.confidence === 1 ? `known rename, ${i.source}` : i.source}`;
    case 'unknown':
      return `${at}: ${cls} has no such parameter${i.ignored ? ' (accepted and ignored)' : ' (rejected: unexpected keyword argument)'}`;
    case 'missing':
      return `${at}: required by ${cls}${i.expected ? ` (${i.expected})` : ''}, not in the config`;
    case 'type-mismatch':
      return `${at}: ${cls} expects ${i.expected}, the config has ${i.found}`;
  }
}

function lookup(schema: DerivedSchema | undefined, path: string[]): Prop | undefined {
  let cur: DerivedSchema | undefined = schema;
  let p: Prop | undefined;
  for (const key of path) {
    p = cur?.properties?.[key];
    cur = p;
  }
  return p;
}
