// A real abi-break on real packages: PyPI's torchaudio (a CUDA build) beside the CPU torch, as XTTS and StyleTTS2 users meet it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { classify } from '../../src/diagnostics/classify.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torchaudioCuda');

describe('torchaudio built for another torch', () => {
  it('is an abi-break at import naming the CUDA library, with the CPU-index reinstall for this torch, not an apt package', async () => {
    const cwd = tempDir('torchaudio-');
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({
      python: venvs.torchaudioCuda,
      probe: { otherInterpreters: false, torch: false },
      targets: [{ id: 'audio', family: 'generic', entry: 'torchaudio.functional:resample', stages: ['preflight', 'import'] }],
    }));
    const out = path.join(cwd, 'out');
    expect((await runCli(['--output-dir', out], { cwd, env: cleanEnv() })).code).toBe(1);
    const report = readReport(out);
    expectValid(SCHEMA_IDS.report, report);
    const stage = report.targets[0]!.stages.find((s) => s.name === 'import')!;
    expect(stage.status).toBe('failed');
    expect(stage.error!.traceback).toMatch(/libc10_cuda\.so: cannot open shared object file/);
    const f = report.findings.find((x) => x.target === 'audio')!;
    expect(f.category).toBe('abi-break');
    expect(f.evidence.find((e) => e.label === 'signature')?.value).toMatch(/^native-symbol-mismatch/);
    expect(f.fixes[0]!.command).toBe(`"${venvs.torchaudioCuda}" -m pip install --force-reinstall --no-deps 'torchaudio>=2.11' --index-url https://download.pytorch.org/whl/cpu`);
  }, 300_000);

  it('pins the torchaudio that fits the torch: its own number up to 2.10, >=2.11 after', () => {
    const text = 'OSError: libc10_cuda.so: cannot open shared object file: No such file or directory';
    const fix = (torch: string) => classify({ text, env: { interpreter: '/venv/bin/python', distributions: { torch } } }).fixes[0]!.command;
    expect(fix('2.10.0')).toBe(`"/venv/bin/python" -m pip install --force-reinstall --no-deps torchaudio==2.10.0 --index-url https://download.pytorch.org/whl/cpu`);
    expect(fix('2.10.0+cpu')).toContain(' torchaudio==2.10.0 ');
    expect(fix('2.14.1')).toContain(`'torchaudio>=2.11'`);
    // A CUDA torch: the CPU reinstall would be wrong; only the advice to match the builds remains.
    expect(classify({ text, env: { distributions: { torch: '2.10.0+cu126' } } }).fixes.map((f) => f.kind)).toEqual(['advice']);
  });
});
