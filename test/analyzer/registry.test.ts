// The check registry lists exactly the files in src/analyzer/checks, sorted, each with a valid meta.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/core/report-types.js';
import { CHECKS } from '../../src/analyzer/registry.js';
import { runChecks } from '../../src/analyzer/run-checks.js';
import type { Check } from '../../src/analyzer/check.js';
import { hostileReport, sampleReport } from '../reporter/fixtures.js';

const dir = fileURLToPath(new URL('../../src/analyzer/checks/', import.meta.url));

describe('analyzer registry', () => {
  it('lists every check file once, sorted by id', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(CHECKS.map((c) => c.meta.id)).toEqual(files);
  });

  it('gives every check a kebab-case id and a known category', () => {
    for (const c of CHECKS) {
      expect(c.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CATEGORIES).toContain(c.meta.category);
    }
  });

  it('turns a check that throws into a unit error and keeps going', () => {
    const broken: Check = { meta: { ...CHECKS[0]!.meta, id: 'always-throws' }, run: () => { throw new Error('boom'); } };
    const env = { id: 'user', role: 'user', resolution: null, executable: null, realPath: null, kind: 'unknown', pythonVersion: null, probe: null, probeFailure: null, torch: null } as const;
    const res = runChecks([{ environment: env, otherInterpreters: [], interpreterEnvVar: null, assets: [] }], [broken, ...CHECKS]);
    expect(res.unitErrors).toEqual([expect.objectContaining({ unit: 'check:always-throws', message: 'boom' })]);
  });

  it('hands each check only what its meta.requires declares: a read of anything else is a unit error naming both', () => {
    const sneaky: Check = { meta: { ...CHECKS[0]!.meta, id: 'sneaky', requires: ['assets'] }, run: (ctx) => (ctx.environment.probe ? [] : []) };
    const report = sampleReport();
    const ctx = { environment: report.environments[0]!, otherInterpreters: report.otherInterpreters, interpreterEnvVar: 'APP_PYTHON', assets: [] };
    expect(runChecks([ctx], [sneaky]).unitErrors).toEqual([
      expect.objectContaining({ unit: 'check:sneaky', message: "check sneaky read environment.probe without declaring 'probe' in meta.requires" }),
    ]);
    // Every real check, on probed environments with torch facts, other interpreters and an app
    // variable: none reads beyond what it declares (the suite's real runs are checked the same way).
    for (const r of [sampleReport(), hostileReport()]) {
      for (const environment of r.environments) {
        expect(runChecks([{ environment, otherInterpreters: r.otherInterpreters, interpreterEnvVar: 'APP_PYTHON', assets: [] }]).unitErrors).toEqual([]);
      }
    }
  });
});
