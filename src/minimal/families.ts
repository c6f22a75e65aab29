// The families debug-tts can load: one Python file each under src/minimal/python/families/.
import { readdirSync, readFileSync } from 'node:fs';
import { pythonScript } from '../core/paths.js';

export function knownFamilies(): string[] {
  return readdirSync(pythonScript('minimal/python/families'))
    .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
    .map((f) => f.replace(/\.py$/, '').replace(/_/g, '-'))
    .sort();
}

function familySource(family: string): string | null {
  try {
    return readFileSync(pythonScript(`minimal/python/families/${family.replace(/-/g, '_')}.py`), 'utf8');
  } catch {
    return null;
  }
}

/** Every `ctx.option("name")` a Python module reads. */
function optionsRead(source: string): string[] {
  return [...source.matchAll(/\boption\(\s*["']([A-Za-z_][\w]*)["']/g)].map((m) => m[1]!);
}

/**
 * The target options a family's code reads: its module's `ctx.option("...")` calls, and those of
 * hf_common when it builds on it. Read as text, like PRELOAD, so the config check costs no Python;
 * a key no family code reads is a typo the run would silently ignore.
 */
const optionNames = new Map<string, string[]>();

export function familyOptionNames(family: string): string[] {
  const known = optionNames.get(family);
  if (known) return known;
  const names = readOptionNames(family);
  optionNames.set(family, names);
  return names;
}

function readOptionNames(family: string): string[] {
  const source = familySource(family);
  if (source === null) return [];
  const names = optionsRead(source);
  if (/^import hf_common\b/m.test(source)) {
    try {
      names.push(...optionsRead(readFileSync(pythonScript('minimal/python/hf_common.py'), 'utf8')));
    } catch {
      // hf_common ships beside the families; without it the family cannot run either
    }
  }
  return [...new Set(names)].sort();
}

/**
 * The modules a family lets a fork server import once for all its targets: its `PRELOAD = (...)` line,
 * read as text so that deciding costs no Python. A family without one always gets a fresh process.
 */
export function familyPreload(family: string): string[] {
  const source = familySource(family);
  if (source === null) return [];
  const line = /^PRELOAD\s*=\s*[([]([^)\]]*)[)\]]/m.exec(source);
  if (!line) return [];
  return [...line[1]!.matchAll(/["']([\w.]+)["']/g)].map((m) => m[1]!);
}
