// S4 on the real package: StyleTTS2 in an environment built around transformers 5, diagnosed before anything is installed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');

describe('StyleTTS2 next to a modern transformers stack', () => {
  it('is a missing package in the user env, and a dependency conflict naming both chains when pinned beside transformers 5', async () => {
    const cwd = tempDir('styletts2-');
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({
      python: venvs.torch,
      probe: { otherInterpreters: false, torch: false },
      // The app's stack as it is (torch 2.13, transformers 5.23) plus the StyleTTS2 release on PyPI.
      targets: [{ id: 'styletts2', family: 'styletts2', requirements: ['torch==2.13.0', 'transformers==5.23.0', 'styletts2==0.1.6'] }],
    }));
    const out = path.join(cwd, 'out');
    const res = await runCli(['--isolated', '--output-dir', out], { cwd, env: cleanEnv() });
    expect(res.code).toBe(1);
    const report = readReport(out);
    expectValid(SCHEMA_IDS.report, report);
    const user = report.findings.find((f) => f.environment === 'user' && f.target === 'styletts2')!;
    expect(user.category).toBe('missing-package');
    const conflict = report.findings.find((f) => f.environment?.startsWith('isolated:'))!;
    expect(conflict).toMatchObject({ ruleId: 'pip-dependency-conflict', category: 'dependency-conflict' });
    const chains = conflict.evidence.filter((e) => e.label === 'conflict').map((e) => e.value);
    // pip names the first pair it cannot reconcile (transformers itself, or huggingface-hub through it): both sides are named.
    expect(chains).toHaveLength(2);
    expect(chains.find((c) => c.startsWith('styletts2 0.1.6 depends on'))).toMatch(/depends on (transformers<5\.0\.0|huggingface-hub<0\.20\.0)/);
    expect(chains.find((c) => !c.startsWith('styletts2'))).toMatch(/transformers(==| )5\.23\.0/);
    // The dry run installed nothing, so no clean load ran.
    expect(report.targets.filter((t) => t.environment.startsWith('isolated:'))).toEqual([]);
  }, 600_000);
});
