// The CI gate end to end on real runs: a baseline, an unchanged rerun, a dependency downgrade plus a memory-hungry config, a fix, a merge.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/comparison-types.js';
import { SCHEMA_IDS, validator } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('packaging241', 'packaging242');
const TOY = fileURLToPath(new URL('../minimal/fixtures/toy_models.py', import.meta.url));
const V100 = fileURLToPath(new URL('../fixtures/reports/report-1.0.0.json', import.meta.url));

let project: string;
const env = () => cleanEnv({ PYTHONPATH: project });

/** Two targets: a toy model that holds `growMb` of memory, and code that needs packaging.licenses (packaging >= 24.2). */
function writeConfig(growMb: number): void {
  writeFileSync(path.join(project, 'debug-tts.config.json'), JSON.stringify({
    discover: false,
    probe: { otherInterpreters: false, torch: false },
    targets: [
      { id: 'toy', family: 'generic', entry: 'toy_models:Toy', configFile: 'toy.json', minimalConfig: { width: 1, grow_mb: growMb } },
      { id: 'licenses', family: 'generic', entry: 'packaging.licenses:canonicalize_license_expression', configFile: 'license.json', minimalConfig: { raw_license_expression: 'mit' } },
    ],
  }));
}

async function run(python: string, out: string, extra: string[] = [], runEnv = env()) {
  return runCli(['--python', python, '--output-dir', path.join(project, out), ...extra], { cwd: project, env: runEnv });
}

function comparison(out: string): Comparison {
  const c = JSON.parse(readFileSync(path.join(project, out, 'comparison.json'), 'utf8')) as Comparison;
  const validate = validator(SCHEMA_IDS.comparison);
  expect(validate(c), JSON.stringify(validate.errors)).toBe(true);
  return c;
}

beforeAll(async () => {
  project = tempDir();
  copyFileSync(TOY, path.join(project, 'toy_models.py'));
  writeFileSync(path.join(project, 'toy.json'), JSON.stringify({ width: 4 }));
  writeFileSync(path.join(project, 'license.json'), JSON.stringify({ raw_license_expression: 'Apache-2.0' }));
  writeConfig(24);
  const base = await run(venvs.packaging242, 'base', ['--label', 'packaging-24.2']);
  expect(base.code, base.stdout + base.stderr).toBe(0);
}, 120_000);

describe('the CI gate on real runs', () => {
  it('passes an unchanged rerun (exit 0), with nothing regressed or improved', async () => {
    const r = await run(venvs.packaging242, 'same', ['--baseline', 'base/report.json', '--label', 'packaging-24.2-again']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No regression against');
    const c = comparison('same');
    expect(c.regressions).toEqual([]);
    expect(c.status).toBe('unchanged');
  });

  it('fails a run with a downgraded package and a memory-hungry config (exit 3), naming each regression', async () => {
    writeConfig(160);
    try {
      const summary = path.join(project, 'step-summary.md');
      writeFileSync(summary, '');
      const r = await run(venvs.packaging241, 'worse', ['--baseline', 'base/report.json', '--format', 'json,html,junit,markdown', '--label', 'packaging-24.1'],
        { ...env(), GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
      expect(r.code).toBe(3);
      const c = comparison('worse');
      expect(c.status).toBe('regressed');
      const byKind = Object.fromEntries(c.regressions.map((x) => [`${x.kind}:${x.target}:${x.stage ?? ''}`, x]));
      expect(byKind['stage-status:licenses:import']).toMatchObject({ before: 'passed', after: 'failed' });
      expect(byKind['stage-status:licenses:import']!.message).toMatch(/licenses: import passed -> failed \(ModuleNotFoundError: No module named 'packaging\.licenses'\)/);
      expect(byKind['memory:toy:construct-minimal']!.changePercent).toBeGreaterThan(100);
      expect(c.regressions.some((x) => x.kind === 'finding' && x.target === 'licenses')).toBe(true);
      // Diagnosed as the version drift it is: packaging is installed, only too old for the code.
      const f = readReport(path.join(project, 'worse')).findings.find((x) => x.target === 'licenses')!;
      expect(f.category).toBe('api-break-import');
      expect(f.fixes[0]!.command).toMatch(/-m pip install --upgrade packaging$/);
      expect(r.stdout).toMatch(/✖ \d+ regressions against .*base\/report\.json/);
      expect(r.stdout).toContain("licenses: import passed -> failed");
      expect(r.stdout).toMatch(/^::error title=[^\n]*::[^\n]*licenses/m);
      for (const f of ['report.json', 'report.html', 'junit.xml', 'summary.md', 'comparison.json']) expect(existsSync(path.join(project, 'worse', f))).toBe(true);
      expect(readFileSync(summary, 'utf8')).toContain('licenses');
    } finally {
      writeConfig(24);
    }
  });

  it('lists the fixed problem as an improvement when the downgrade is undone (compare, exit 0)', async () => {
    const r = await runCli(['compare', 'worse/report.json', 'base/report.json', '--output-dir', 'fixed'], { cwd: project, env: env() });
    expect(r.code).toBe(0);
    const c = comparison('fixed');
    expect(c.status).toBe('improved');
    expect(c.improvements.map((i) => i.message)).toContain('licenses: import failed -> passed');
    expect(c.improvements.some((i) => i.kind === 'finding' && i.message.startsWith('resolved: '))).toBe(true);
    expect(c.improvements.some((i) => i.kind === 'memory' && i.target === 'toy')).toBe(true);
    expect(existsSync(path.join(project, 'fixed', 'summary.md'))).toBe(true);
  });

  it('compares against a report written by debug-tts 1.0.0, saying it was upgraded', async () => {
    const r = await runCli(['compare', V100, 'base/report.json', '--output-dir', 'old'], { cwd: project, env: env() });
    expect([0, 3]).toContain(r.code);
    const c = comparison('old');
    expect(c.base.upgradedFrom).toBe('1.0.0');
    expect(r.stdout).toContain('report version 1.0.0, upgraded to compare');
  });

  it('merges three matrix reports into one with a matrix view, and gates on it', async () => {
    const r = await runCli(['merge', 'base/report.json', 'same/report.json', 'worse/report.json', '--output-dir', 'merged'], { cwd: project, env: env() });
    expect(r.code).toBe(1);
    const merged = readReport(path.join(project, 'merged'));
    expect(merged.matrix!.columns.map((c) => c.label)).toEqual(['packaging-24.2', 'packaging-24.2-again', 'packaging-24.1']);
    const html = readFileSync(path.join(project, 'merged', 'report.html'), 'utf8');
    expect(html).toContain('<section id="matrix" data-section="matrix">');
    expect(html).toMatch(/data-row="licenses"><td><code>licenses<\/code><\/td><td><a href="#target-2"[^>]*>[^<]*<\/a><\/td><td><a href="#target-4"[^>]*>[^<]*<\/a><\/td><td><a href="#target-6" class="outcome-text outcome-failed">failed at import<\/a>/);
  });

  it('refuses a baseline that is not a report before running anything (exit 2)', async () => {
    writeFileSync(path.join(project, 'not-a-report.json'), '{"hello": 1}');
    const r = await run(venvs.packaging242, 'bad', ['--baseline', 'not-a-report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_REPORT: .*not-a-report\.json has no reportVersion/);
    expect(existsSync(path.join(project, 'bad', 'report.json'))).toBe(false);
  });
});
