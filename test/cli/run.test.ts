// End to end: the run command on real interpreters and venvs, its files, findings and exit codes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'espeak', 'nopip', 'packaging242', 'phonemizer', 'py313misaki', 'six117', 'torch');

async function run(args: string[], env: NodeJS.ProcessEnv = cleanEnv(), cwd = tempDir()) {
  const out = path.join(cwd, 'out');
  const res = await runCli(['--output-dir', out, ...args], { cwd, env });
  const report = existsSync(path.join(out, 'report.json')) ? readReport(out) : undefined;
  if (report) expectValid(SCHEMA_IDS.report, report);
  return { ...res, out, cwd, report: report as Report };
}

const rules = (r: Report) => r.findings.map((f) => f.ruleId);

describe('debug-tts run', () => {
  it('writes a valid report.json and report.html for a healthy venv and exits 0', async () => {
    const { code, out, report, stdout } = await run(['--python', venvs.bare]);
    expect(code).toBe(0);
    expect(report.summary.status).toBe('ok');
    expect(report.environments[0]!.kind).toBe('venv');
    expect(report.environments[0]!.resolution?.rule).toBe('flag');
    expect(report.environments[0]!.executable).toBe(venvs.bare);
    expect(report.otherInterpreters.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(existsSync(path.join(out, 'artifacts', 'gather.json'))).toBe(true);
    expect(stdout).toContain('report.json');
  });

  it('stamps progress lines with the time in CI, and not elsewhere', async () => {
    const inCi = await run(['--python', venvs.bare, '--format', 'json'], { ...cleanEnv(), CI: 'true' });
    expect(inCi.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] debug-tts: interpreter: /m);
    const local = await run(['--python', venvs.bare, '--format', 'json'], { ...cleanEnv(), CI: 'false' });
    expect(local.stderr).toMatch(/^debug-tts: interpreter: /m);
  });

  it('--format json writes no HTML', async () => {
    const { out } = await run(['--python', venvs.bare, '--format', 'json']);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
    expect(existsSync(path.join(out, 'report.html'))).toBe(false);
  });

  it('a venv without pip is an info finding, not a problem', async () => {
    const { code, report } = await run(['--python', venvs.nopip]);
    expect(rules(report)).toContain('pip-unavailable');
    expect(code).toBe(0);
  });

  it('S3: misaki forced onto Python 3.13 is a python-version finding with a fix for that interpreter', async () => {
    const { code, report } = await run(['--python', venvs.py313misaki]);
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.ruleId === 'requires-python-violated')!;
    expect(f.category).toBe('python-version');
    expect(f.evidence).toContainEqual({ label: 'Requires-Python', value: '<3.13,>=3.8' });
    // A Python that every installed package admits, first; the pip fallback on 3.13 is never runnable.
    expect(f.fixes[0]!.command).toBe('uv venv --python 3.12 .venv && uv pip install --python .venv/bin/python -r requirements.txt');
    expect(f.fixes.at(-1)!.command).toContain(`"${venvs.py313misaki}" -m pip install`);
    expect(f.fixes.at(-1)!.runnable).toBe(false);
    expect(report.environments[0]!.pythonVersion).toMatch(/^3\.13\./);
  });

  it('a phonemizer without any espeak-ng library is native-library-missing', async () => {
    const { report } = await run(['--python', venvs.phonemizer]);
    const espeak = report.environments[0]!.probe!.espeak!;
    // Debian's libespeak-ng on the machine would satisfy phonemizer: then there is nothing to report.
    const expected = espeak.library === null ? ['espeak-library-missing'] : [];
    expect(rules(report).filter((r) => r === 'espeak-library-missing')).toEqual(expected);
    const withLoader = await run(['--python', venvs.espeak]);
    expect(rules(withLoader.report)).not.toContain('espeak-library-missing');
  });

  it('a venv whose base interpreter was removed is interpreter-not-found, with the dangling link', async () => {
    const dir = tempDir();
    const python = path.join(dir, 'venv', 'bin', 'python');
    mkdirSync(path.dirname(python), { recursive: true });
    symlinkSync('/nonexistent/python3.9', python);
    const { code, report } = await run(['--python', python]);
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.ruleId === 'interpreter-not-found')!;
    expect(f.category).toBe('wrong-interpreter');
    expect(f.evidence.find((e) => e.label === 'dangling link')?.value).toContain('/nonexistent/python3.9');
    expect(f.fixes.some((x) => x.kind === 'command' && x.command?.startsWith('debug-tts --python '))).toBe(true);
  });

  it('an interpreter that cannot start is interpreter-broken, and the report is still written', async () => {
    const { code, report } = await run(['--python', venvs.bare], cleanEnv({ PYTHONHOME: '/nonexistent/home' }));
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.ruleId === 'interpreter-broken')!;
    expect(f.evidence.find((e) => e.label === 'stderr')?.value).toMatch(/encodings|Fatal Python error/);
  });

  it('a package shadowed by a PYTHONPATH copy is reported with both versions', async () => {
    const target = tempDir();
    execFileSync(venvs.bare, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, 'six==1.16.0']);
    const { report } = await run(['--python', venvs.six117], cleanEnv({ PYTHONPATH: target }));
    const f = report.findings.find((x) => x.ruleId === 'distribution-shadowed')!;
    expect(f.evidence.map((e) => e.value.split(' ')[0])).toEqual(['six==1.16.0', 'six==1.17.0']);
    expect(f.severity).toBe('warning');
    expect(f.title).toBe(`six is installed twice; the copies in ${target} (on PYTHONPATH) win, a different version`);
    // The fix for a PYTHONPATH copy is PYTHONPATH, not PYTHONNOUSERSITE.
    expect(f.fixes[0]!.title).toBe(`Take ${target} off PYTHONPATH for the app`);
  });

  it('a PYTHONPATH copy of an older packaging breaks a load: the shadowing copy is the cause, the failed stage its symptom', async () => {
    const vendor = tempDir();
    execFileSync(venvs.bare, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', vendor, 'packaging==24.1']);
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'license.json'), JSON.stringify({ raw_license_expression: 'mit' }));
    // The venv has packaging 24.2, which has packaging.licenses; the PYTHONPATH copy (24.1) does not.
    const config = { python: venvs.packaging242, probe: { otherInterpreters: false, torch: false }, targets: [{ id: 'licenses', family: 'generic', entry: 'packaging.licenses:canonicalize_license_expression', configFile: 'license.json', stages: ['preflight', 'import'] }] };
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify(config));
    const { code, report } = await run([], cleanEnv({ PYTHONPATH: vendor }), cwd);
    expect(code).toBe(1);
    const cause = report.findings.find((x) => x.ruleId === 'distribution-shadowed')!;
    const symptom = report.findings.find((x) => x.ruleId === 'stage-failed')!;
    expect(symptom.explainedBy).toBe(cause.fingerprint);
    expect(symptom.severity).toBe('info');
    expect(cause.severity).toBe('error');
    expect(cause.evidence.find((e) => e.label === 'symptom')?.value).toContain(`Python imports packaging 24.1 from ${vendor}`);
    // One error, and the first thing to do is the PYTHONPATH entry, not "upgrade packaging" (the venv's copy is new already).
    expect(report.summary.counts.error).toBe(1);
    expect(report.recommendations[0]).toMatchObject({ title: `Take ${vendor} off PYTHONPATH for the app`, stages: ['licenses: import'] });
    expect(report.recommendations.some((r) => /upgrade/i.test(r.title))).toBe(false);
  });

  it('imports torch to probe it only when a target may use it, and not at all when the target already did', async () => {
    const probed = async (family: string, stages: string[]) => {
      const cwd = tempDir();
      writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.torch, probe: { otherInterpreters: false }, targets: [{ id: 't', family, stages }] }));
      const { report, out } = await run(['--format', 'json'], cleanEnv(), cwd);
      const events = JSON.parse(readFileSync(path.join(out, 'artifacts', 'targets', 't.json'), 'utf8')).events as { type: string }[];
      return { torch: report.environments[0]!.torch, toldByTarget: events.some((e) => e.type === 'torch') };
    };
    // torch is installed in both; a Piper voice is ONNX and never imports it.
    expect(await probed('piper', ['preflight', 'import'])).toEqual({ torch: null, toldByTarget: false });
    // The vits target stops before importing anything: the guarded probe of its own answers (and times its import).
    const separate = await probed('vits', ['preflight']);
    expect(separate.toldByTarget).toBe(false);
    expect(separate.torch).toMatchObject({ imported: true, version: '2.13.0+cpu', importSeconds: expect.any(Number) });
    // The vits target imports transformers and torch: what torch said in that process is the report's
    // torch, and no second `import torch` ran (that one would have timed its import).
    const told = await probed('vits', ['preflight', 'import']);
    expect(told.toldByTarget).toBe(true);
    expect(told.torch).toMatchObject({ imported: true, version: '2.13.0+cpu', cudaAvailable: false, importSeconds: null });
  });

  it('S1: the app variable decides, and the report says why', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ interpreterEnv: { name: 'VOXWEAVE_KOKORO_PYTHON', default: venvs.bare } }));
    const unset = await run([], cleanEnv({ VIRTUAL_ENV: path.dirname(path.dirname(venvs.espeak)) }), cwd);
    const r = unset.report.environments[0]!.resolution!;
    expect(r.rule).toBe('app-default');
    expect(unset.report.environments[0]!.executable).toBe(venvs.bare);
    expect(r.explanation).toContain('because VOXWEAVE_KOKORO_PYTHON is unset');
    const set = await run([], cleanEnv({ VOXWEAVE_KOKORO_PYTHON: venvs.espeak }), cwd);
    expect(set.report.environments[0]!.resolution!.rule).toBe('app-env');
    expect(set.report.environments[0]!.executable).toBe(venvs.espeak);
    expect(set.report.run.configFile).toBe(path.join(cwd, 'debug-tts.config.json'));
  });

  it('replays from artifacts without Python into the same report', async () => {
    const first = await run(['--python', venvs.py313misaki]);
    const outDir = path.join(tempDir(), 'replay');
    // PATH without any python: replay must not need one.
    const res = await runCli(['--from-artifacts', first.out, '--output-dir', outDir], { cwd: first.cwd, env: { PATH: '/nonexistent', NO_COLOR: '1' } });
    expect(res.code).toBe(first.code);
    const replayed = readReport(outDir);
    expectValid(SCHEMA_IDS.report, replayed);
    expect(replayed.run.fromArtifacts).toBe(first.out);
    expect({ ...replayed, run: { ...replayed.run, fromArtifacts: null } }).toEqual(first.report);
  });

  it('escapes hostile strings from paths in the HTML report', async () => {
    const hostile = path.join(tempDir(), '<img src=x onerror=alert(1)>', 'bin', 'python');
    const { out } = await run(['--python', hostile]);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<img src=x');
    // Handlebars escapes = too: the path shows as text, never as a tag.
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('keeps files it did not write and leaves no temporary files', async () => {
    const cwd = tempDir();
    const out = path.join(cwd, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await runCli(['--output-dir', out, '--python', venvs.bare], { cwd, env: cleanEnv() });
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(out).sort()).toEqual(['artifacts', 'notes.txt', 'report.html', 'report.json']);
  });
});
