// Gathers the facts about a target's files (listing, checkpoint inspections) that static checks read; saved as an artifact.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inspectCheckpoint, type CheckpointInspection } from './checkpoint/inspect-checkpoint.js';

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
}

function jsonProblem(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8');
    if (/^\s*<(!doctype|html|\?xml)/i.test(text)) return 'an HTML page, not JSON (saved from a web page instead of the raw file)';
    JSON.parse(text);
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

export function gatherAssets(target: { id: string; family: string; [k: string]: unknown }): TargetAssets {
  const modelDir = typeof target.modelDir === 'string' ? target.modelDir : null;
  const modelDirExists = modelDir !== null && existsSync(modelDir) && statSync(modelDir).isDirectory();
  const files = modelDirExists ? listFiles(modelDir) : [];
  const toInspect = new Set<string>();
  if (typeof target.weights === 'string' && existsSync(target.weights)) toInspect.add(target.weights);
  if (modelDirExists) for (const f of files) if (!f.name.includes('/') && WEIGHT_FILE.test(f.name)) toInspect.add(path.join(modelDir, f.name));
  const jsonCandidates = new Set<string>();
  if (typeof target.configFile === 'string' && existsSync(target.configFile)) jsonCandidates.add(target.configFile);
  if (modelDirExists) for (const f of files) if (!f.name.includes('/') && f.name.endsWith('.json')) jsonCandidates.add(path.join(modelDir, f.name));
  const { id, family, ...options } = target;
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
  };
}
