// S5 end to end on real packages: configs written with other code's parameter names, the adapter debug-tts generates, and its verification.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');
const FIXTURES = fileURLToPath(new URL('../analyzer/fixtures/drift/', import.meta.url));
const UP_TO_WEIGHTS = ['preflight', 'import', 'config', 'construct-minimal', 'construct-full-meta', 'load-weights'];
let models: string;

beforeAll(() => {
  models = tempDir('drifted-');
  execFileSync(venvs.torch, [path.join(FIXTURES, 'make_drifted.py'), models], { env: cleanEnv({ TRANSFORMERS_VERBOSITY: 'error' }), stdio: 'ignore' });
}, 180_000);

async function run(targets: object[], env = cleanEnv()): Promise<{ code: number; report: Report; out: string; cwd: string }> {
  const cwd = tempDir();
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.torch, probe: { otherInterpreters: false, torch: false }, targets }));
  const out = path.join(cwd, 'out');
  const res = await runCli(['--output-dir', out], { cwd, env });
  const report = readReport(out);
  expectValid(SCHEMA_IDS.report, report);
  return { code: res.code, report, out, cwd };
}

const drifted = (r: Report) => r.findings.filter((f) => f.ruleId === 'config-params-drifted');
const stage = (r: Report, id: string, name: string) => r.targets.find((t) => t.id === id)!.stages.find((s) => s.name === name)!;

describe('config drift (S5)', () => {
  it('Encodec with audiocraft names: named as renames, and an adapter verified by loading the weights with it', async () => {
    const dir = path.join(models, 'encodec');
    const { code, report, out } = await run([{ id: 'enc', family: 'encodec', modelDir: dir, stages: UP_TO_WEIGHTS }]);
    expect(code).toBe(1);
    // Without the adapter the config builds EncodecConfig's defaults, which the weights do not fit.
    expect(stage(report, 'enc', 'load-weights').status).toBe('failed');
    const [f] = drifted(report);
    expect(f!.category).toBe('config-param-mismatch');
    expect(f!.stage).toBe('config');
    expect(f!.evidence.filter((e) => e.label === 'drift').map((e) => e.value.split(':')[0])).toEqual(['n_filters', 'dimension', 'lstm']);
    const [a] = report.adapters!;
    expect(a!.operations.map((o) => (o.op === 'rename' ? `${o.path.join('.')}->${o.to}` : o.op))).toEqual(['n_filters->num_filters', 'dimension->hidden_size', 'lstm->num_lstm_layers']);
    expect(a!.verification.status).toBe('verified');
    expect(a!.verification.stages.find((s) => s.stage === 'load-weights')!.status).toBe('passed');
    expect(f!.fixes[0]!.verified?.how).toMatch(/load-weights passed \(load-weights failed without the adapter\)/);
    for (const file of Object.values(a!.files)) expect(existsSync(path.join(out, file))).toBe(true);
    // The shape mismatch was the drift's doing: a symptom under it, not a second error.
    const shapes = report.findings.find((x) => x.ruleId === 'stage-failed' && x.stage === 'load-weights')!;
    expect(shapes.severity).toBe('info');
    expect(shapes.explainedBy).toBe(f!.fingerprint);
    expect(shapes.evidence.find((e) => e.label === 'explained by')?.value).toMatch(/\(config-params-drifted\): load-weights passes with the adapted config/);
    expect(f!.severity).toBe('error');
    expect(f!.evidence.find((e) => e.label === 'symptom')?.value).toMatch(/^enc: .*\(load-weights passes with the adapted config/);
    expect(report.summary.counts.error).toBe(1);
    expect(report.recommendations[0]).toMatchObject({ fix: { command: f!.fixes[0]!.command }, stages: ['enc: config', 'enc: load-weights'] });

    // The fix command, run as printed in the report folder, writes a config the weights load with.
    execSync(f!.fixes[0]!.command!, { cwd: out, shell: '/bin/sh' });
    const adapted = path.join(dir, 'config.adapted.json');
    expect(JSON.parse(readFileSync(adapted, 'utf8'))).toMatchObject({ num_filters: 4, hidden_size: 8, num_lstm_layers: 1 });
    const again = await run([{ id: 'enc', family: 'encodec', modelDir: dir, configFile: adapted, stages: UP_TO_WEIGHTS }]);
    expect(drifted(again.report)).toEqual([]);
    expect(stage(again.report, 'enc', 'load-weights').status).toBe('passed');
    expect(again.code).toBe(0);
  }, 300_000);

  it('Bark with suno-ai/bark names inside semantic_config: the nested keys are found and the adapter verified', async () => {
    const { report } = await run([{ id: 'bark', family: 'bark', modelDir: path.join(models, 'bark'), stages: UP_TO_WEIGHTS }]);
    expect(stage(report, 'bark', 'load-weights').status).toBe('failed');
    const [a] = report.adapters!;
    expect(a!.issues.map((i) => i.path.join('.'))).toEqual(['semantic_config.n_layer', 'semantic_config.n_head', 'semantic_config.n_embd']);
    expect(a!.adaptedConfig.semantic_config).toMatchObject({ num_layers: 1, num_heads: 1, hidden_size: 16 });
    expect(a!.verification.status).toBe('verified');
  }, 300_000);

  it('a strict constructor: renamed, mistyped and rejected keys, adapted until the model constructs', async () => {
    const cwd = tempDir('generic-');
    const cfg = path.join(cwd, 'tiny.json');
    writeFileSync(cfg, JSON.stringify({ hidden_size: '8', n_layers: 1, dropout: 0.1 }));
    const env = cleanEnv({ PYTHONPATH: FIXTURES });
    const { report, out } = await run([{ id: 'tiny', family: 'generic', entry: 'tiny_tts:TinyTTS', configFile: cfg, stages: ['preflight', 'import', 'config', 'construct-full-meta'] }], env);
    expect(stage(report, 'tiny', 'construct-full-meta').status).toBe('failed');
    const [a] = report.adapters!;
    expect(a!.operations.map((o) => o.op)).toEqual(['rename', 'drop', 'coerce']);
    expect(a!.operations.find((o) => o.op === 'drop')).toMatchObject({ path: ['dropout'], reason: expect.stringMatching(/rejects it/) });
    expect(a!.adaptedConfig).toEqual({ hidden_size: 8, num_layers: 1 });
    expect(a!.verification.status).toBe('verified');
    expect(a!.verification.how).toMatch(/construct-full-meta passed \(construct-full-meta failed without the adapter\)/);
    expect(readFileSync(path.join(out, a!.files.typescript), 'utf8')).toMatch(/export function adaptConfig\(cfg: Record<string, unknown>\): TinyTTS/);

    // Replayed from artifacts, with no Python on PATH: the same adapters and findings.
    const replayOut = path.join(cwd, 'replay');
    await runCli(['--from-artifacts', out, '--output-dir', replayOut], { cwd, env: { PATH: '/nonexistent', NO_COLOR: '1' } });
    const replayed = readReport(replayOut);
    expect(replayed.adapters).toEqual(report.adapters);
    expect(replayed.findings).toEqual(report.findings);
  }, 300_000);

  it('a YAML config is adapted and verified the same way', async () => {
    const cwd = tempDir('generic-');
    const cfg = path.join(cwd, 'tiny.yaml');
    writeFileSync(cfg, 'hidden_size: 8\nn_layers: 1\n');
    const { report } = await run([{ id: 'tiny', family: 'generic', entry: 'tiny_tts:TinyTTS', configFile: cfg, stages: ['preflight', 'import', 'config', 'construct-full-meta'] }], cleanEnv({ PYTHONPATH: FIXTURES }));
    const [a] = report.adapters!;
    expect(a!.adaptedConfig).toEqual({ hidden_size: 8, num_layers: 1 });
    expect(a!.verification.status).toBe('verified');
  }, 300_000);

  it('an adapter that cannot fix the load says it failed, and why', async () => {
    const cwd = tempDir('generic-');
    const cfg = path.join(cwd, 'tiny.json');
    // n_layers is renamed, but hidden_size is missing: nothing can default it, so construction still fails.
    writeFileSync(cfg, JSON.stringify({ n_layers: 1 }));
    const { report } = await run([{ id: 'tiny', family: 'generic', entry: 'tiny_tts:TinyTTS', configFile: cfg, stages: ['preflight', 'import', 'config', 'construct-full-meta'] }], cleanEnv({ PYTHONPATH: FIXTURES }));
    const [a] = report.adapters!;
    expect(a!.unresolved).toEqual([expect.stringMatching(/^hidden_size: required/)]);
    expect(a!.verification.status).toBe('failed');
    expect(a!.verification.how).toMatch(/construct-full-meta failed: TypeError: .*hidden_size/);
    expect(drifted(report)[0]!.fixes.some((x) => x.verified)).toBe(false);
  }, 300_000);
});
