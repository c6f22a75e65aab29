// --isolated end to end: the same targets in a broken user venv and in a clean pinned env, and the verdicts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS, validator } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'packaging241', 'packaging242');
let project: string;

/** Needs packaging >= 24.2 (packaging.licenses); "bad" passes a keyword the function never had, in any env. */
function writeConfig(extra: Record<string, unknown> = {}): void {
  writeFileSync(path.join(project, 'debug-tts.config.json'), JSON.stringify({
    discover: false,
    probe: { otherInterpreters: false, torch: false },
    targets: [
      { id: 'licenses', family: 'generic', entry: 'packaging.licenses:canonicalize_license_expression', configFile: 'license.json', minimalConfig: { raw_license_expression: 'mit' }, requirements: ['packaging==24.2'] },
      { id: 'bad-config', family: 'generic', entry: 'packaging.licenses:canonicalize_license_expression', configFile: 'license.json', minimalConfig: { license_expression: 'mit' }, requirements: ['packaging==24.2'] },
    ],
    ...extra,
  }));
}

async function run(python: string, out: string, extra: string[] = []): Promise<{ code: number; stdout: string; report: Report }> {
  const r = await runCli(['--python', python, '--isolated', '--output-dir', out, ...extra], { cwd: project, env: cleanEnv() });
  expect(r.code, r.stderr).toBe(1);
  const report = readReport(path.join(project, out));
  const validate = validator(SCHEMA_IDS.report);
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, stdout: r.stdout, report };
}

beforeAll(() => {
  project = tempDir();
  writeFileSync(path.join(project, 'license.json'), JSON.stringify({ raw_license_expression: 'Apache-2.0' }));
  writeConfig();
});

describe('differential diagnosis (--isolated)', () => {
  it('blames the environment for a target that fails only in a venv without the package, and names the difference', async () => {
    const { report, stdout } = await run(venvs.bare, 'missing');
    const clean = report.environments.find((e) => e.role === 'isolated')!;
    expect(clean.id).toBe('isolated:generic');
    expect(clean.isolated!.lock).toEqual([{ name: 'packaging', version: '24.2', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const d = report.differentials!.find((x) => x.target === 'licenses')!;
    expect(d).toMatchObject({ verdict: 'environmental', userFailedAt: 'preflight', isolatedFailedAt: null, packageDiff: [{ name: 'packaging', user: null, isolated: '24.2' }] });
    expect(d.sentence).toBe('licenses loads in a clean env (generic) but fails in yours at preflight: your environment is the problem; its packages differ: packaging (absent) vs 24.2.');
    const f = report.findings.find((x) => x.target === 'licenses' && x.environment === 'user')!;
    expect(f.fixes[0]).toMatchObject({ command: `"${venvs.bare}" -m pip install 'packaging==24.2'`, verified: { how: expect.stringContaining('isolated:generic') } });
    expect(report.findings.some((x) => x.environment?.startsWith('isolated:'))).toBe(false);
    expect(stdout).toContain('Your env and a clean one');
    const html = readFileSync(path.join(project, 'missing', 'report.html'), 'utf8');
    expect(html).toContain('data-differential="licenses"');
  }, 300_000);

  it('blames the environment for the wrong version too, and the model or config when it fails in both', async () => {
    const { report } = await run(venvs.packaging241, 'old');
    const byTarget = Object.fromEntries(report.differentials!.map((d) => [d.target, d]));
    expect(byTarget.licenses).toMatchObject({ verdict: 'environmental', userFailedAt: 'import', packageDiff: [{ name: 'packaging', user: '24.1', isolated: '24.2' }] });
    expect(byTarget['bad-config']).toMatchObject({ verdict: 'model-or-config', isolatedFailedAt: 'construct-minimal' });
    expect(byTarget['bad-config']!.sentence).toBe('bad-config fails in a clean env too (at construct-minimal): the model, its files or its config are the problem; your env fails earlier (at import), so fix that as well.');
    // The clean env was reused, not rebuilt.
    expect(report.environments.find((e) => e.role === 'isolated')!.isolated!.how).toBe('reused');
  }, 300_000);

  it('calls a target healthy when it loads in both', async () => {
    writeConfig();
    const r = await runCli(['--python', venvs.packaging242, '--isolated', '--output-dir', 'healthy'], { cwd: project, env: cleanEnv() });
    const report = readReport(path.join(project, 'healthy'));
    expect(report.differentials!.find((d) => d.target === 'licenses')).toMatchObject({ verdict: 'healthy', packageDiff: [] });
    expect(r.code).toBe(1); // bad-config still fails, in both
    expect(report.differentials!.find((d) => d.target === 'bad-config')!.sentence).toBe(
      'bad-config fails in your env (at construct-minimal) and in a clean one (at construct-minimal): the model, its files or its config are the problem, not your packages.',
    );
  }, 300_000);

  it('turns unresolvable requirements into a finding from the dry run, without running the clean load', async () => {
    writeConfig({ isolated: { requirements: {} } });
    const config = JSON.parse(readFileSync(path.join(project, 'debug-tts.config.json'), 'utf8'));
    config.targets = [{ ...config.targets[0], requirements: ['requests==2.31.0', 'urllib3<1.21.1'] }];
    writeFileSync(path.join(project, 'debug-tts.config.json'), JSON.stringify(config));
    try {
      const { report } = await run(venvs.packaging242, 'conflict');
      const f = report.findings.find((x) => x.environment === 'isolated:generic')!;
      expect(f).toMatchObject({ ruleId: 'pip-dependency-conflict', category: 'dependency-conflict' });
      expect(f.title).toContain('The user requested urllib3<1.21.1; requests 2.31.0 depends on urllib3<3 and >=1.21.1');
      expect(report.targets.filter((t) => t.environment.startsWith('isolated:'))).toEqual([]);
      expect(report.differentials).toEqual([]);
    } finally {
      writeConfig();
    }
  }, 300_000);
});
