// A config whose vocabulary no longer matches the weights, through the whole CLI: the finding names
// the config key and the value the checkpoint needs, and with that one edit the weights load.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pythonScript } from '../../src/core/paths.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');
const FIXTURES = fileURLToPath(new URL('../minimal/fixtures/', import.meta.url));

describe('weights shape mismatch', () => {
  it('names vocab_size and 40, and setting it as told makes load-weights pass', { timeout: 180_000 }, async () => {
    const models = tempDir('shape-');
    execFileSync(venvs.torch, [path.join(FIXTURES, 'make_hf_models.py'), models, pythonScript('minimal/python/families')], { env: cleanEnv() });
    const dir = path.join(models, 'vits-wrong-shape');
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.torch, probe: { otherInterpreters: false, torch: false }, targets: [{ id: 'v', family: 'vits', modelDir: dir, stages: ['preflight', 'import', 'config', 'construct-minimal', 'construct-full-meta', 'load-weights'] }] }));
    const out = path.join(cwd, 'out');
    expect((await runCli(['-o', out], { cwd })).code).toBe(1);
    const f = readReport(out).findings.find((x) => x.ruleId === 'stage-failed' && x.stage === 'load-weights')!;
    expect(f.category).toBe('weights-shape-mismatch');
    expect(f.fixes[0]!.title).toBe(`Set vocab_size to 40 in ${path.join(dir, 'config.json')}`);
    // debug-tts tried it on a copy first (the user's config is untouched until the edit below).
    expect(f.fixes[0]!.verified?.how).toBe(`debug-tts set vocab_size to 40 in a copy of ${path.join(dir, 'config.json')} and loaded again: load-weights passed (load-weights failed without it)`);
    expect(readReport(out).summary.fixes).toMatchObject({ errors: 1, verified: 1 });
    // Apply the fix as it reads, then run again.
    const file = path.join(dir, 'config.json');
    // Edited as text, as a person would: a JSON round trip in JavaScript would turn 5.0 into 5.
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/"vocab_size": 64/);
    writeFileSync(file, text.replace(/"vocab_size": 64/, '"vocab_size": 40'));
    await runCli(['-o', path.join(cwd, 'after')], { cwd });
    const after = readReport(path.join(cwd, 'after'));
    expect(after.targets[0]!.stages.find((s) => s.name === 'load-weights')!.status).toBe('passed');
    expect(after.findings.filter((x) => x.target === 'v' && x.severity === 'error').map((x) => x.title)).toEqual([]);
  });
});
