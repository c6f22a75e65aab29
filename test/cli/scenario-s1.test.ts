// S1: "No module named 'kokoro'" from a bridge whose interpreter comes from VOXWEAVE_KOKORO_PYTHON, default python3.
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'torch');
const venvDir = (python: string) => path.dirname(path.dirname(python));

async function bridge(opts: { projectVenv: boolean }): Promise<{ code: number; report: Report; cwd: string }> {
  const cwd = tempDir('voxweave-');
  if (opts.projectVenv) symlinkSync(venvDir(venvs.torch), path.join(cwd, '.venv'));
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({
    // The app's default interpreter is one without kokoro (as the system python3 was).
    interpreterEnv: { name: 'VOXWEAVE_KOKORO_PYTHON', default: venvs.bare },
    targets: [{ id: 'kokoro', family: 'kokoro', stages: ['preflight', 'import'] }],
  }));
  const res = await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv() });
  const report = readReport(path.join(cwd, 'out'));
  expectValid(SCHEMA_IDS.report, report);
  return { code: res.code, report, cwd };
}

describe('S1: kokoro missing in the interpreter the bridge runs', () => {
  it('is wrong-interpreter when the project .venv has kokoro, with the verified variable assignment', async () => {
    const { code, report, cwd } = await bridge({ projectVenv: true });
    expect(code).toBe(1);
    expect(report.environments[0]!.resolution!.explanation).toContain('because VOXWEAVE_KOKORO_PYTHON is unset');
    const f = report.findings.find((x) => x.ruleId === 'stage-failed' && x.stage === 'preflight')!;
    expect(f.category).toBe('wrong-interpreter');
    // The headline names the cause in plain words, not the stage runner's status.
    expect(report.summary.headline).toMatch(/^kokoro: kokoro is installed in another interpreter, not in the one the app runs \(stage preflight failed\)/);
    const venvPython = path.join(cwd, '.venv', 'bin', 'python');
    expect(f.fixes[0]).toMatchObject({ kind: 'command', command: `export VOXWEAVE_KOKORO_PYTHON="${venvPython}"`, runnable: true });
    expect(f.fixes[0]!.verified?.how).toBe(`debug-tts ran \`import kokoro\` with ${venvPython}: it succeeded`);
    const other = report.otherInterpreters.find((o) => o.path === venvPython)!;
    expect(other.imports?.kokoro).toEqual({ found: true, imported: true });
  });

  it('is missing-package when no interpreter on the machine has it, with the install command for that interpreter', async () => {
    const { report } = await bridge({ projectVenv: false });
    const f = report.findings.find((x) => x.ruleId === 'stage-failed' && x.stage === 'preflight')!;
    expect(f.category).toBe('missing-package');
    expect(f.title).toMatch(/: kokoro is not installed in the interpreter the app runs \(stage preflight failed\)$/);
    expect(f.fixes[0]!.command).toBe(`"${venvs.bare}" -m pip install kokoro`);
    expect(report.otherInterpreters.every((o) => !o.imports?.kokoro?.imported)).toBe(true);
  });
});
