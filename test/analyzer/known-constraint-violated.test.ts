// known-constraint-violated end to end: the CLI on real venvs, each prediction checked against the real interpreter.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('extras', 'py313misaki', 'torch');

async function run(python: string): Promise<{ code: number; report: Report }> {
  const cwd = tempDir('known-constraint-');
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ discover: false, probe: { torch: false, otherInterpreters: false } }));
  const out = path.join(cwd, 'out');
  const { code } = await runCli(['--python', python, '--output-dir', out, '--format', 'json'], { cwd, env: cleanEnv() });
  expect(existsSync(path.join(out, 'report.json'))).toBe(true);
  const report = readReport(out);
  expectValid(SCHEMA_IDS.report, report);
  return { code, report };
}

const ours = (r: Report): Finding[] => r.findings.filter((f) => f.ruleId === 'known-constraint-violated');
const ruleOf = (f: Finding) => f.evidence.find((e) => e.label === 'rule')?.value;

/** Runs a snippet in the venv; its last stdout line is JSON. */
function probe(python: string, code: string): Record<string, unknown> {
  const out = execFileSync(python, ['-c', code], { env: cleanEnv(), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('known-constraint-violated on real interpreters', () => {
  it('mlx-audio on Linux: mlx without a backend is predicted, and `import mlx.core` really fails', async () => {
    const { code, report } = await run(venvs.extras);
    const platform = report.environments[0]!.probe!.platform.system;
    const real = probe(venvs.extras, 'import json\ntry:\n import mlx.core\n print(json.dumps({"ok": True}))\nexcept ImportError as e:\n print(json.dumps({"ok": False, "error": str(e)}))');
    const found = ours(report).filter((f) => ruleOf(f) === 'mlx-linux-backend-missing');
    if (platform !== 'Linux') {
      expect(found).toEqual([]);
      return;
    }
    expect(real).toEqual({ ok: false, error: expect.stringContaining('libmlx.so') });
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(code).toBe(1);
    expect(f.category).toBe('platform-constraint');
    expect(f.severity).toBe('error');
    expect(f.evidence).toContainEqual({ label: 'package', value: 'mlx==0.32.4' });
    expect(f.evidence).toContainEqual({ label: 'source', value: 'https://github.com/ml-explore/mlx/issues/2500' });
    expect(f.fixes[0]!.command).toBe(`"${venvs.extras}" -m pip install 'mlx[cpu]==0.32.4'`);
  });

  it('torch venv (coqui-tts 0.28.0, transformers 5.23.0): no rule fires, and the names the rules track are really gone from transformers', async () => {
    const { report } = await run(venvs.torch);
    expect(ours(report)).toEqual([]);
    const real = probe(
      venvs.torch,
      [
        'import json, transformers, transformers.pytorch_utils as pu',
        'from transformers.modeling_utils import PreTrainedModel',
        'from transformers.generation import GenerationMixin',
        'print(json.dumps({"version": transformers.__version__, "isin": hasattr(pu, "isin_mps_friendly"),',
        ' "beam": "BeamSearchScorer" in dir(transformers), "mixin": issubclass(PreTrainedModel, GenerationMixin)}))',
      ].join('\n'),
    );
    // These are the breakages coqui-tts < 0.28 / TTS 0.22 hit; 0.28.0 must get past them, so no rule may fire for it.
    expect(real).toEqual({ version: '5.23.0', isin: false, beam: false, mixin: false });
    // coqui-tts 0.28 needs its `cpu` extra (torchaudio) to import at all, which this venv lacks: read its source instead.
    const source = probe(
      venvs.torch,
      [
        'import json, importlib.metadata as md',
        'd = md.distribution("coqui-tts")',
        'read = lambda p: d.locate_file(p).read_text()',
        'print(json.dumps({"version": d.version,',
        ' "isin": "import isin_mps_friendly" in read("TTS/tts/layers/tortoise/autoregressive.py"),',
        ' "beam": "BeamSearchScorer," in read("TTS/tts/layers/xtts/stream_generator.py"),',
        ' "mixin": "(GPT2PreTrainedModel, GenerationMixin)" in read("TTS/tts/layers/xtts/gpt_inference.py")}))',
      ].join('\n'),
    );
    expect(source).toEqual({ version: '0.28.0', isin: false, beam: false, mixin: true });
  });

  it('misaki forced onto Python 3.13 is requires-python-violated, not repeated here', async () => {
    const { report } = await run(venvs.py313misaki);
    expect(report.findings.map((f) => f.ruleId)).toContain('requires-python-violated');
    expect(ours(report)).toEqual([]);
  });
});
