// The signature registry lists exactly the files in src/diagnostics/signatures, sorted, each with a valid meta.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/core/report-types.js';
import { SIGNATURES } from '../../src/diagnostics/registry.js';
import { GENERIC_SIGNATURES } from '../../src/diagnostics/generic-rules.js';
import type { Signature } from '../../src/diagnostics/signature.js';

const dir = fileURLToPath(new URL('../../src/diagnostics/signatures/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

describe('signature registry', () => {
  it('the README counts what the registry holds (a figure edited by hand goes stale)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(/\*\*Specific signatures\*\* \((\d+),/.exec(readme)?.[1]).toBe(String(SIGNATURES.length));
    expect(/\*\*Generic rules\*\* \((\d+),/.exec(readme)?.[1]).toBe(String(GENERIC_SIGNATURES.length));
  });

  it('lists every signature file once, sorted by id', () => {
    expect(SIGNATURES.map((s) => s.meta.id)).toEqual(files);
  });

  it.each(files)('%s exports a signature whose meta.id is its file name', async (file) => {
    const mod = (await import(`../../src/diagnostics/signatures/${file}.ts`)) as { signature: Signature };
    expect(mod.signature.meta.id).toBe(file);
    expect(SIGNATURES).toContain(mod.signature);
  });

  it('gives every signature a kebab-case id, a known category, a title and real sources', () => {
    for (const s of SIGNATURES) {
      expect(s.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CATEGORIES).toContain(s.meta.category);
      expect(['error', 'warning', 'info']).toContain(s.meta.severity);
      expect(s.meta.title.length).toBeGreaterThan(10);
      expect(s.meta.sources.length, s.meta.id).toBeGreaterThan(0);
      for (const url of s.meta.sources) expect(url).toMatch(/^https:\/\/\S+$/);
    }
  });
});
