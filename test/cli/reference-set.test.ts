// The first README command on a machine with nothing to load: the built-in reference set, in clean envs, for real.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare');

describe('the reference set', () => {
  it('by default loads only the packaged Piper voice, and says what the torch families would cost', async () => {
    const cwd = tempDir();
    const env = { ...cleanEnv(), DEBUG_TTS_DEFAULT_TARGETS: '1' };
    const r = await runCli(['--python', venvs.bare, '--output-dir', 'out'], { cwd, env });
    expect(r.stderr).toMatch(/no targets configured or found: loading the built-in reference set \(reference-piper\) in clean envs; the first run installs piper-tts 1\.8\.0 and a packaged voice \(287 MB on disk, measured\).*`--reference all` adds Bark, Encodec, SpeechT5 and VITS/);
    const report = readReport(path.join(cwd, 'out'));
    expect(report.targets.map((t) => `${t.id}@${t.environment}`)).toEqual(['reference-piper@isolated:piper']);
    expect(report.targets[0]!.stages.find((s) => s.name === 'synthesize')!.status).toBe('passed');
    expect(r.stdout).toMatch(/✔ reference-piper +all 5 applicable stages passed/);
  }, 600_000);

  it('with --reference all, loads Bark, Encodec, SpeechT5, VITS and Piper in clean envs, and says so', async () => {
    const cwd = tempDir();
    const env = { ...cleanEnv(), DEBUG_TTS_DEFAULT_TARGETS: '1' };
    const r = await runCli(['--python', venvs.bare, '--output-dir', 'out', '--reference', 'all'], { cwd, env });
    expect(r.stderr).toMatch(/no targets configured or found: loading the built-in reference set \(reference-bark, reference-encodec, reference-speecht5, reference-vits, reference-piper\) in clean envs; the first run installs/);
    const report = readReport(path.join(cwd, 'out'));
    expect(report.targets.map((t) => `${t.id}@${t.environment}`)).toEqual([
      'reference-bark@isolated:bark+encodec+speecht5+vits', 'reference-encodec@isolated:bark+encodec+speecht5+vits',
      'reference-speecht5@isolated:bark+encodec+speecht5+vits', 'reference-vits@isolated:bark+encodec+speecht5+vits', 'reference-piper@isolated:piper',
    ]);
    for (const t of report.targets) {
      expect(t.discoveredBy).toMatch(/built-in reference set/);
      expect(t.stages.find((s) => s.name === 'synthesize')!.status, `${t.id}: ${JSON.stringify(t.stages.map((s) => [s.name, s.status, s.error?.message]))}`).toBe('passed');
    }
    // The four transformers targets share one fork server in their clean env, which imported torch and
    // transformers' modeling code once; each target still ran in its own forked process, and says so.
    for (const t of report.targets.slice(0, 4)) expect(t.process?.forkedFrom?.preloaded, t.id).toEqual(['torch', 'transformers', 'transformers.modeling_utils']);
    expect(new Set(report.targets.slice(0, 4).map((t) => t.process?.forkedFrom?.importMs)).size).toBe(1);
    // Piper is alone in its env and has nothing to preload: a plain process.
    expect(report.targets[4]!.process?.forkedFrom ?? null).toBeNull();
    // Status truth: every skip in the reference set is a stage that cannot apply to the model (Piper
    // has nothing to construct and one speaker, Encodec no voices, VITS one speaker, Bark a random
    // voice without a preset), so every target is green, and the console says why.
    for (const t of report.targets) {
      for (const s of t.stages.filter((x) => x.status === 'skipped')) expect(s.skipKind, `${t.id} ${s.name}: ${s.skipReason}`).toBe('not-applicable');
    }
    expect(r.stdout).toMatch(/✔ reference-piper +all 5 applicable stages passed \(3 do not apply\)/);
    expect(r.stdout).toMatch(/✔ reference-encodec +all 7 applicable stages passed \(1 does not apply\)/);
    expect(r.stdout).not.toMatch(/^ +! reference-/m);
    expect(report.environments.filter((e) => e.role === 'isolated').map((e) => e.id)).toEqual(['isolated:bark+encodec+speecht5+vits', 'isolated:piper']);
    expect(r.code).toBe(report.summary.status === 'ok' ? 0 : 1);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 1_800_000);

  it('is not run when the interpreter the app runs does not exist: that is the finding', async () => {
    const cwd = tempDir();
    const r = await runCli(['--python', '/nonexistent/python', '--output-dir', 'out'], { cwd, env: { ...cleanEnv(), DEBUG_TTS_DEFAULT_TARGETS: '1' } });
    expect(r.stderr).toContain('no reference loads: the interpreter the app runs did not answer the probe');
    const report = readReport(path.join(cwd, 'out'));
    expect(report.targets).toEqual([]);
    expect(report.findings.map((f) => f.ruleId)).toContain('interpreter-not-found');
    expect(r.code).toBe(1);
  });

  it('is not run when the environment, the config or the flag turns it off; a set it does not know is a usage error', async () => {
    const off = async (args: string[], extraEnv: Record<string, string>, config?: object) => {
      const cwd = tempDir();
      if (config) writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify(config));
      const r = await runCli(['--python', venvs.bare, '--output-dir', 'out', ...args], { cwd, env: { ...cleanEnv(), ...extraEnv } });
      expect(r.stderr).not.toContain('reference set');
      expect(readReport(path.join(cwd, 'out')).targets).toEqual([]);
    };
    await off([], { DEBUG_TTS_DEFAULT_TARGETS: '0' });
    await off(['--reference', 'off'], { DEBUG_TTS_DEFAULT_TARGETS: '1' });
    await off([], { DEBUG_TTS_DEFAULT_TARGETS: '1' }, { reference: 'off' });
    await off([], { DEBUG_TTS_DEFAULT_TARGETS: '1' }, { defaultTargets: false });
    const bad = await runCli(['--python', venvs.bare, '--output-dir', 'out', '--reference', 'everything'], { cwd: tempDir(), env: cleanEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reference takes piper, all or off, not "everything".');
  });
});
