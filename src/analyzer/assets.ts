// Gathers the facts about a target's files (listing, checkpoint inspections) that static checks read; saved as an artifact.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inspectCheckpoint, type CheckpointInspection } from './checkpoint/inspect-checkpoint.js';
import { parsePythonJson } from './python-json.js';
import { editDistance, nearest } from './similar.js';

export interface FileFact {
  /** Path relative to the model dir (or absolute for files outside it). */
  name: string;
  sizeBytes: number;
}

export interface TargetAssets {
  targetId: string;
  family: string;
  modelDir: string | null;
  modelDirExists: boolean;
  /** Files in the model dir, two levels deep (voices/ lives one level down). */
  files: FileFact[];
  /** Every weights-like file named by the target or found at the top of the model dir, inspected. */
  checkpoints: CheckpointInspection[];
  /** JSON files the family reads (config.json, <voice>.onnx.json, configFile), with their text for validation. */
  jsonFiles: { file: string; problem: string | null; text?: string }[];
  /** Options as configured (voice, weights, configFile, voiceAliases...). */
  options: Record<string, unknown>;
  /** Other model folders the target names (speecht5's vocoderDir), listed like the model dir. */
  extraDirs?: { option: string; dir: string; exists: boolean; files: FileFact[] }[];
  /** Path options that name nothing on disk, with the names beside where it was looked for. */
  missing?: MissingPath[];
}

export interface MissingPath {
  option: string;
  path: string;
  /** The nearest existing ancestor folder, and the entries in it most like the missing name. */
  existingParent: string | null;
  nearby: string[];
}

/** Options that always name a file or folder (relative ones were resolved against the config file). */
export const PATH_OPTIONS = ['modelDir', 'configFile', 'weights', 'voicesDir', 'vocoderDir', 'speakerEmbedding', 'voicePreset', 'credentialsFile'] as const;

function missingPath(option: string, file: string): MissingPath {
  let parent = path.dirname(file);
  while (!existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
  let entries: string[] = [];
  try {
    entries = readdirSync(parent);
  } catch {
    // unreadable: no names to offer
  }
  const wanted = path.relative(parent, file).split(path.sep)[0] ?? '';
  const close = nearest(wanted, entries, 3).filter((e) => editDistance(e.toLowerCase(), wanted.toLowerCase()) <= Math.max(3, Math.floor(wanted.length / 3)));
  return { option, path: file, existingParent: existsSync(parent) ? parent : null, nearby: close };
}

/** Options that name another save_pretrained folder the family loads. */
const EXTRA_DIR_OPTIONS = ['vocoderDir'];

function jsonProblem(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8');
    if (/^\s*<(!doctype|html|\?xml)/i.test(text)) return 'an HTML page, not JSON (saved from a web page instead of the raw file)';
    parsePythonJson(text);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const WEIGHT_FILE = /\.(pth|pt|bin|ckpt|safetensors|tar)$/i;

function listFiles(dir: string, depth = 2, prefix = ''): FileFact[] {
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: FileFact[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory() && depth > 1) out.push(...listFiles(dir, depth - 1, rel));
    else if (e.isFile()) out.push({ name: rel, sizeBytes: statSync(path.join(dir, rel)).size });
  }
  return out;
}

/** Shard files a sharded checkpoint's index (`*.index.json`) names in its weight_map: they may sit in subfolders. */
function indexedShards(dir: string, files: FileFact[]): string[] {
  return files.filter((f) => !f.name.includes('/') && f.name.endsWith('.index.json')).flatMap((f) => {
    try {
      const map = (parsePythonJson(readFileSync(path.join(dir, f.name), 'utf8')) as { weight_map?: Record<string, unknown> }).weight_map ?? {};
      return [...new Set(Object.values(map).filter((v): v is string => typeof v === 'string'))].map((v) => path.join(dir, v)).filter((p) => existsSync(p));
    } catch {
      return [];
    }
  });
}

function listDir(dir: string): { exists: boolean; files: FileFact[] } {
  const exists = existsSync(dir) && statSync(dir).isDirectory();
  return { exists, files: exists ? listFiles(dir) : [] };
}

/** The config file a target loads: its configFile option, else its model dir's config.json; null when it has neither. */
export function targetConfigFile(a: TargetAssets | undefined): string | null {
  if (typeof a?.options.configFile === 'string') return a.options.configFile;
  return a?.modelDir ? path.join(a.modelDir, 'config.json') : null;
}

export function gatherAssets(target: { id: string; family: string; [k: string]: unknown }): TargetAssets {
  const modelDir = typeof target.modelDir === 'string' ? target.modelDir : null;
  const modelDirExists = modelDir !== null && existsSync(modelDir) && statSync(modelDir).isDirectory();
  const files = modelDirExists ? listFiles(modelDir) : [];
  const toInspect = new Set<string>();
  if (typeof target.weights === 'string' && existsSync(target.weights)) toInspect.add(target.weights);
  const extraDirs = EXTRA_DIR_OPTIONS.flatMap((option) => (typeof target[option] === 'string' ? [{ option, dir: target[option] as string, ...listDir(target[option] as string) }] : []));
  // A Piper voice given by `model:` has its config beside it: list that folder too, for the voice-pair check.
  if (target.family === 'piper' && typeof target.model === 'string' && path.isAbsolute(target.model) && existsSync(target.model)) {
    const dir = path.dirname(target.model);
    extraDirs.push({ option: 'model', dir, exists: true, files: listFiles(dir, 1) });
  }
  const dirs = [...(modelDir !== null && modelDirExists ? [{ dir: modelDir, files }] : []), ...extraDirs.filter((d) => d.exists)];
  const jsonCandidates = new Set<string>();
  if (typeof target.configFile === 'string' && existsSync(target.configFile)) jsonCandidates.add(target.configFile);
  for (const d of dirs) {
    for (const f of d.files) if (!f.name.includes('/') && WEIGHT_FILE.test(f.name)) toInspect.add(path.join(d.dir, f.name));
    for (const shard of indexedShards(d.dir, d.files)) toInspect.add(shard);
    for (const f of d.files) if (!f.name.includes('/') && f.name.endsWith('.json')) jsonCandidates.add(path.join(d.dir, f.name));
  }
  const { id, family, ...options } = target;
  // `model` and `voices` may be hub ids (MLX-Audio); familyOptions made them absolute only when they are paths.
  const named = [...PATH_OPTIONS, ...['model', 'voices'].filter((o) => typeof target[o] === 'string' && path.isAbsolute(target[o] as string))];
  const missing = named.flatMap((o) => (typeof target[o] === 'string' && !existsSync(target[o] as string) ? [missingPath(o, target[o] as string)] : []));
  return {
    targetId: id,
    family,
    modelDir,
    modelDirExists,
    files,
    checkpoints: [...toInspect].map((f) => inspectCheckpoint(f)),
    jsonFiles: [...jsonCandidates].map((file) => {
      const problem = jsonProblem(file);
      const small = statSync(file).size <= 1024 * 1024;
      return { file, problem, ...(problem === null && small ? { text: readFileSync(file, 'utf8') } : {}) };
    }),
    options,
    ...(extraDirs.length ? { extraDirs } : {}),
    ...(missing.length ? { missing } : {}),
  };
}
