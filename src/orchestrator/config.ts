// Finds, parses and validates debug-tts.config.json / .yaml; every error names file, pointer, line and column.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ToolError } from '../core/tool-errors.js';
import type { GateConfig } from '../core/comparison-types.js';
import { familyOptionNames, knownFamilies } from '../minimal/families.js';
import { editDistance, nearest } from '../analyzer/similar.js';
import { MAX_DEPTH, MAX_LISTED, tooDeep } from '../core/untrusted-json.js';
import { SCHEMA_IDS, schemaDocument, schemaIssues, validator } from '../core/schemas.js';
import {
  jsonLocator,
  offsetToPosition,
  parseYamlWithPositions,
  yamlPointerPosition,
  type Position,
} from '../core/source-position.js';

export const CONFIG_NAMES = ['debug-tts.config.json', 'debug-tts.config.yaml', 'debug-tts.config.yml'];

export interface TargetConfig {
  id: string;
  family: string;
  python?: string;
  stages?: string[];
  stageTimeoutSeconds?: number;
  memoryLimitMb?: number;
  modelDir?: string;
  configFile?: string;
  weights?: string;
  voice?: string;
  text?: string;
  /** The family's own options. */
  [option: string]: unknown;
}

export interface Config {
  python?: string;
  interpreterEnv?: string | { name: string; default?: string };
  /** The host app's source (dir or file, relative to the config file), scanned for how it spawns Python. */
  app?: string;
  outputDir?: string;
  format?: ('json' | 'html' | 'junit' | 'markdown')[];
  /** This run's name in a CI matrix; merge labels its environment with it. */
  label?: string;
  gate?: GateConfig;
  defaultTargets?: boolean;
  reference?: 'piper' | 'all' | 'off';
  isolated?: { enabled?: boolean; requirements?: Record<string, string[]>; findLinks?: string; offline?: boolean; installer?: 'auto' | 'pip' | 'uv' };
  probe?: { torch?: boolean; timeoutSeconds?: number; otherInterpreters?: boolean };
  targets?: TargetConfig[];
  run?: { stageTimeoutSeconds?: number; memoryLimitMb?: number; forkServer?: boolean; repeats?: number };
  discover?: boolean;
}

export interface LoadedConfig {
  file: string | null;
  config: Config;
}

/** The explicit --config, else the first config file in cwd, else an empty config. */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  const file = explicit ? path.resolve(cwd, explicit) : CONFIG_NAMES.map((n) => path.join(cwd, n)).find((f) => existsSync(f));
  if (!file) return { file: null, config: {} };
  if (explicit && !existsSync(file)) throw new ToolError('E_CONFIG_NOT_FOUND', `config file ${file} does not exist.`);
  return { file, config: parseConfigText(file, readText(file)) };
}

function readText(file: string): string {
  try {
    if (statSync(file).isDirectory()) throw new Error('it is a directory');
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ToolError('E_CONFIG_UNREADABLE', `cannot read config file ${file}: ${(err as Error).message}.`, { cause: err });
  }
}

function where(file: string, pos: Position | undefined): string {
  return pos ? `${file}:${pos.line}:${pos.column}` : file;
}

export function parseConfigText(file: string, text: string): Config {
  const isYaml = /\.ya?ml$/i.test(file);
  const { data, locate } = isYaml ? parseYaml(file, text) : parseJson(file, text);
  if (data === null || data === undefined) {
    throw new ToolError('E_CONFIG_INVALID', `config file ${file} holds no config (${text.trim() ? 'it is null' : 'it is empty'}); write {} for the defaults, or see the README's Configuration section.`);
  }
  const deep = tooDeep(data);
  if (deep !== null) throw new ToolError('E_CONFIG_INVALID', `config file ${file} is invalid:\n  ${where(file, locate(deep))} at ${deep}: nested deeper than ${MAX_DEPTH} levels; no debug-tts config is.`);
  const validate = validator<Config>(SCHEMA_IDS.config);
  const valid = validate(data);
  const issues = [...(valid ? [] : schemaIssues(validate.errors)), ...targetIssues(data)];
  if (issues.length) {
    const lines = issues.slice(0, MAX_LISTED).map((i) => `  ${where(file, locate(i.locate, 'atKey' in i && i.atKey === true))} at ${i.pointer || '(root)'}: ${i.message}`);
    if (issues.length > MAX_LISTED) lines.push(`  ... and ${issues.length - MAX_LISTED} more problem${issues.length - MAX_LISTED > 1 ? 's' : ''}`);
    throw new ToolError('E_CONFIG_INVALID', `config file ${file} is invalid (${issues.length} problem${issues.length > 1 ? 's' : ''}):\n${lines.join('\n')}`);
  }
  return data as Config;
}

interface Issue {
  pointer: string;
  locate: string;
  message: string;
  /** Point at the key rather than its value (an unknown key). */
  atKey?: boolean;
}

/** Keys every target may have whatever its family: the schema's target properties. */
function sharedTargetKeys(): string[] {
  const schema = schemaDocument(SCHEMA_IDS.config) as unknown as { properties: { targets: { items: { properties: Record<string, unknown> } } } };
  return Object.keys(schema.properties.targets.items.properties);
}

/**
 * What the schema cannot say about targets: a family debug-tts does not know (it names a Python
 * file: it would only fail inside the run), a key that neither debug-tts nor the family's code reads
 * (a typo the run would silently ignore, e.g. `modelDri`), and an id used twice (its artifacts would
 * overwrite each other).
 */
function targetIssues(data: unknown): Issue[] {
  const targets = (data as { targets?: unknown })?.targets;
  if (!Array.isArray(targets)) return [];
  const known = knownFamilies();
  const shared = sharedTargetKeys();
  const optionsOf = new Map<string, string[]>();
  const firstWithId = new Map<string, number>();
  const out: Issue[] = [];
  targets.forEach((t, i) => {
    if (!t || typeof t !== 'object' || Array.isArray(t)) return;
    const { family, id } = t as { family?: unknown; id?: unknown };
    if (typeof id === 'string') {
      const first = firstWithId.get(id);
      if (first === undefined) firstWithId.set(id, i);
      else out.push({ pointer: `/targets/${i}/id`, locate: `/targets/${i}/id`, message: `duplicate target id "${id}" (also at /targets/${first}/id); every target needs its own id` });
    }
    if (typeof family !== 'string') return;
    if (!known.includes(family)) {
      const pointer = `/targets/${i}/family`;
      const guess = nearest(family, known, 1)[0];
      out.push({ pointer, locate: pointer, message: `unknown family "${family}"${guess && editDistance(family, guess) <= 3 ? `; did you mean "${guess}"?` : ''} (known: ${known.join(', ')})` });
      return;
    }
    if (!optionsOf.has(family)) optionsOf.set(family, [...new Set([...shared, ...familyOptionNames(family)])]);
    const allowed = optionsOf.get(family)!;
    for (const key of Object.keys(t)) {
      if (allowed.includes(key)) continue;
      const pointer = `/targets/${i}`;
      const guess = nearest(key, allowed, 1)[0];
      const hint = guess && editDistance(key.toLowerCase(), guess.toLowerCase()) <= Math.max(2, Math.floor(key.length / 3)) ? `did you mean "${guess}"? ` : '';
      out.push({ pointer, atKey: true, locate: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `unknown key "${key}" for a ${family} target; ${hint}${family} reads: ${familyOptionNames(family).join(', ') || '(no options)'}` });
    }
  });
  return out;
}

type Parsed = { data: unknown; locate: (pointer: string, atKey?: boolean) => Position | undefined };

function parseJson(file: string, text: string): Parsed {
  const errors: ParseError[] = [];
  let data: unknown;
  try {
    data = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false });
  } catch (err) {
    if (err instanceof RangeError) throw new ToolError('E_CONFIG_SYNTAX', `${file}: nested too deep to parse (no debug-tts config nests more than ${MAX_DEPTH} levels).`);
    throw err;
  }
  const first = errors[0];
  if (first) {
    const pos = offsetToPosition(text, first.offset);
    throw new ToolError('E_CONFIG_SYNTAX', `${where(file, pos)}: ${printParseErrorCode(first.error)} (JSON syntax error).`);
  }
  return { data, locate: jsonLocator(text) };
}

function parseYaml(file: string, text: string): Parsed {
  let parsed: ReturnType<typeof parseYamlWithPositions>;
  try {
    parsed = parseYamlWithPositions(text);
  } catch (err) {
    if (err instanceof RangeError) throw new ToolError('E_CONFIG_SYNTAX', `${file}: nested too deep to parse (no debug-tts config nests more than ${MAX_DEPTH} levels).`);
    throw err;
  }
  const { doc, counter } = parsed;
  const first = doc.errors[0];
  if (first) {
    const pos = counter.linePos(first.pos[0]);
    const position = { line: pos.line, column: pos.col };
    const message = /Maximum call stack/.test(first.message) ? `nested too deep to parse (no debug-tts config nests more than ${MAX_DEPTH} levels)` : first.message.split('\n')[0];
    throw new ToolError('E_CONFIG_SYNTAX', `${where(file, position)}: ${message} (YAML syntax error).`);
  }
  let data: unknown;
  try {
    // yaml caps how far aliases may expand (maxAliasCount): a "billion laughs" file stops here.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof RangeError ? `nested too deep (no debug-tts config nests more than ${MAX_DEPTH} levels)` : (err as Error).message;
    throw new ToolError('E_CONFIG_INVALID', `config file ${file} cannot be used: ${message}.`);
  }
  return { data, locate: (p, atKey) => yamlPointerPosition(doc, counter, p, atKey) };
}
