// Finds, parses and validates debug-tts.config.json / .yaml; every error names file, pointer, line and column.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ToolError } from '../core/tool-errors.js';
import type { GateConfig } from '../gate/compare.js';
import { knownFamilies } from '../minimal/families.js';
import { SCHEMA_IDS, schemaIssues, validator } from '../core/schemas.js';
import {
  jsonPointerPosition,
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
  const validate = validator<Config>(SCHEMA_IDS.config);
  const unknown = unknownFamilies(data);
  if (!validate(data) || unknown.length) {
    const issues = [...schemaIssues(validate.errors), ...unknown];
    const lines = issues.map(
      (i) => `  ${where(file, locate(i.locate))} at ${i.pointer || '(root)'}: ${i.message}`,
    );
    throw new ToolError('E_CONFIG_INVALID', `config file ${file} is invalid:\n${lines.join('\n')}`);
  }
  return data;
}

/** A family names a Python file: an unknown one would only fail later, inside the run. */
function unknownFamilies(data: unknown): { pointer: string; locate: string; message: string }[] {
  const targets = (data as { targets?: unknown })?.targets;
  if (!Array.isArray(targets)) return [];
  const known = knownFamilies();
  return targets.flatMap((t, i) => {
    const family = (t as { family?: unknown })?.family;
    if (typeof family !== 'string' || known.includes(family)) return [];
    const pointer = `/targets/${i}/family`;
    return [{ pointer, locate: pointer, message: `unknown family "${family}"; known: ${known.join(', ')}` }];
  });
}

type Parsed = { data: unknown; locate: (pointer: string) => Position | undefined };

function parseJson(file: string, text: string): Parsed {
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false });
  const first = errors[0];
  if (first) {
    const pos = offsetToPosition(text, first.offset);
    throw new ToolError('E_CONFIG_SYNTAX', `${where(file, pos)}: ${printParseErrorCode(first.error)} (JSON syntax error).`);
  }
  return { data: data ?? {}, locate: (p) => jsonPointerPosition(text, p) };
}

function parseYaml(file: string, text: string): Parsed {
  const { doc, counter } = parseYamlWithPositions(text);
  const first = doc.errors[0];
  if (first) {
    const pos = counter.linePos(first.pos[0]);
    const position = { line: pos.line, column: pos.col };
    throw new ToolError('E_CONFIG_SYNTAX', `${where(file, position)}: ${first.message.split('\n')[0]} (YAML syntax error).`);
  }
  return { data: doc.toJS() ?? {}, locate: (p) => yamlPointerPosition(doc, counter, p) };
}
