// The source tree's layers only look down: core <- minimal <- analyzer <- diagnostics <- orchestrator
// <- gate, reporter <- cli. A module may import its own folder or a lower layer, never a higher one
// or a sibling of its layer (static, re-export, type-only and dynamic imports alike), so the pure
// parts (rules, analysis, rendering) never pull in the processes and commands that use them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/core/paths.js';

const LEVEL: Record<string, number> = { core: 0, minimal: 1, analyzer: 2, diagnostics: 3, orchestrator: 4, gate: 5, reporter: 5, cli: 6 };
const SRC = path.join(PACKAGE_ROOT, 'src');

/** Every relative module specifier a TypeScript source names. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const re of [/\b(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g, /\bimport\s+'([^']+)'/g, /\bimport\(\s*'([^']+)'\s*\)/g]) {
    for (const m of source.matchAll(re)) if (m[1]!.startsWith('.')) found.push(m[1]!);
  }
  return found;
}

/** `from` (a path under src/) importing `spec`: the violation, or null when it looks down or sideways in its own folder. */
export function violation(from: string, spec: string): string | null {
  const to = path.relative(SRC, path.resolve(SRC, path.dirname(from), spec));
  const [fromLayer, toLayer] = [from.split('/')[0]!, to.split('/')[0]!];
  if (!(fromLayer in LEVEL)) return `${from}: ${fromLayer}/ is in no layer (add it to LEVEL)`;
  if (to.startsWith('..') || !(toLayer in LEVEL)) return `${from} imports ${spec}, outside the layers`;
  if (fromLayer === toLayer || LEVEL[toLayer]! < LEVEL[fromLayer]!) return null;
  return `${from} (${fromLayer}) imports ${to} (${toLayer}), which is not below it`;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/'));
}

describe('layers', () => {
  it('every import under src/ points to its own folder or a lower layer', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(100);
    const bad = files.flatMap((f) => specifiers(readFileSync(path.join(SRC, f), 'utf8')).flatMap((s) => violation(f, s) ?? []));
    expect(bad).toEqual([]);
  });

  it('sees the imports that would break them: static, type-only, re-exports and dynamic ones', () => {
    const src = [
      "import { a } from '../orchestrator/run.js';",
      "import type { B } from '../../cli/main.js';",
      "export { c } from '../reporter/console.js';",
      "const d = await import('../gate/compare.js');",
      "import '../orchestrator/side-effect.js';",
      "import { e } from './sibling.js';",
      "import { f } from 'node:fs';",
    ].join('\n');
    const specs = specifiers(src);
    expect(specs).toHaveLength(6);
    expect(specs.map((s) => violation('diagnostics/classify.ts', s))).toEqual([
      'diagnostics/classify.ts (diagnostics) imports orchestrator/run.js (orchestrator), which is not below it',
      'diagnostics/classify.ts imports ../../cli/main.js, outside the layers',
      'diagnostics/classify.ts (diagnostics) imports reporter/console.js (reporter), which is not below it',
      null,
      'diagnostics/classify.ts (diagnostics) imports orchestrator/side-effect.js (orchestrator), which is not below it',
      'diagnostics/classify.ts (diagnostics) imports gate/compare.js (gate), which is not below it',
    ]);
    // Down is fine, and a layer's siblings are not each other's dependencies.
    expect(violation('cli/main.ts', '../orchestrator/gather.js')).toBeNull();
    expect(violation('minimal/stages.ts', '../core/text-tail.js')).toBeNull();
    expect(violation('reporter/html.ts', '../gate/compare.js')).toMatch(/not below it/);
  });
});
