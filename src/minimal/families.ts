// The families debug-tts can load: one Python file each under src/minimal/python/families/.
import { readdirSync, readFileSync } from 'node:fs';
import { pythonScript } from '../core/paths.js';

export function knownFamilies(): string[] {
  return readdirSync(pythonScript('minimal/python/families'))
    .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
    .map((f) => f.replace(/\.py$/, '').replace(/_/g, '-'))
    .sort();
}

/**
 * The modules a family lets a fork server import once for all its targets: its `PRELOAD = (...)` line,
 * read as text so that deciding costs no Python. A family without one always gets a fresh process.
 */
export function familyPreload(family: string): string[] {
  let source: string;
  try {
    source = readFileSync(pythonScript(`minimal/python/families/${family.replace(/-/g, '_')}.py`), 'utf8');
  } catch {
    return [];
  }
  const line = /^PRELOAD\s*=\s*[([]([^)\]]*)[)\]]/m.exec(source);
  if (!line) return [];
  return [...line[1]!.matchAll(/["']([\w.]+)["']/g)].map((m) => m[1]!);
}
