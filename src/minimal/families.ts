// The families debug-tts can load: one Python file each under src/minimal/python/families/.
import { readdirSync } from 'node:fs';
import { pythonScript } from '../core/paths.js';

export function knownFamilies(): string[] {
  return readdirSync(pythonScript('minimal/python/families'))
    .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
    .map((f) => f.replace(/\.py$/, '').replace(/_/g, '-'))
    .sort();
}
