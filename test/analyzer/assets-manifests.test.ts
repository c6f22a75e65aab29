// Asset manifests of XTTS and transformers model dirs, on real files: what is missing, where it goes, and that the real loaders agree.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherAssets } from '../../src/analyzer/assets.js';
import { check as checkpointUnreadable } from '../../src/analyzer/checks/checkpoint-unreadable.js';
import { check as jsonConfigUnreadable } from '../../src/analyzer/checks/json-config-unreadable.js';
import { check as modelConfigInvalid } from '../../src/analyzer/checks/model-config-invalid.js';
import { check as transformersWeightsMissing } from '../../src/analyzer/checks/transformers-weights-missing.js';
import { check as xttsAssetsMissing } from '../../src/analyzer/checks/xtts-assets-missing.js';
import { runChecks } from '../../src/analyzer/run-checks.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');
const SCRIPT = fileURLToPath(new URL('./fixtures/hf_configs.py', import.meta.url));
const py = (...args: string[]): unknown => JSON.parse(execFileSync(venvs.torch, [SCRIPT, ...args], { encoding: 'utf8', env: cleanEnv(), maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!);
const ENV = { id: 'user', role: 'user', resolution: null, executable: null, realPath: null, kind: 'unknown', pythonVersion: null, probe: null, probeFailure: null, torch: null } as const;
const CHECKS = [checkpointUnreadable, jsonConfigUnreadable, modelConfigInvalid, transformersWeightsMissing, xttsAssetsMissing];
const HTML = '<!DOCTYPE html>\n<html lang="en"><head><title>model-00001-of-00002.safetensors · Hugging Face</title></head><body>...</body></html>\n';

function analyze(target: Record<string, unknown> & { family: string }) {
  const assets = gatherAssets({ id: 't', ...target });
  const { findings, unitErrors } = runChecks([{ environment: ENV, otherInterpreters: [], interpreterEnvVar: null, assets: [assets] }], CHECKS);
  expect(unitErrors).toEqual([]);
  return { assets, findings, of: (rule: string) => findings.filter((f) => f.ruleId === rule) };
}

let xttsTemplate: string;
let models: string;
/** A fresh copy of a prepared dir, so every test breaks its own. */
const copy = (from: string, prefix: string) => {
  const dir = path.join(tempDir(prefix), 'model');
  cpSync(from, dir, { recursive: true });
  return dir;
};
/** What transformers' own from_pretrained says of each dir: null when it loads. */
const fromPretrained = (...dirs: string[]) => py('load', ...dirs) as (string | null)[];

beforeAll(() => {
  xttsTemplate = path.join(tempDir('xtts-'), 'XTTS-v2');
  py('xtts-dir', xttsTemplate);
  models = tempDir('hf-models-');
  py('sharded', models);
});

describe('XTTS model dir', () => {
  it('opens the files the installed coqui-tts names in Xtts.load_checkpoint', () => {
    expect(py('xtts-names')).toEqual(['model.pth', 'speakers_xtts.pth', 'vocab.json']);
  });

  it('is complete as coqui-tts lays it out, and every checkpoint in it is inspected', () => {
    const dir = copy(xttsTemplate, 'xtts-ok-');
    const { assets, findings } = analyze({ family: 'xtts', modelDir: dir, speaker: 'Ana Florence' });
    expect(findings).toEqual([]);
    expect(assets.checkpoints.map((c) => [path.basename(c.file), c.format])).toEqual([['model.pth', 'torch-zip'], ['speakers_xtts.pth', 'torch-zip']]);
  });

  it('names a missing vocab.json and speakers_xtts.pth, with where they go', () => {
    const dir = copy(xttsTemplate, 'xtts-missing-');
    rmSync(path.join(dir, 'vocab.json'));
    rmSync(path.join(dir, 'speakers_xtts.pth'));
    const found = analyze({ family: 'xtts', modelDir: dir }).of('xtts-assets-missing');
    expect(found.map((f) => [f.severity, f.category])).toEqual([['error', 'missing-asset-file'], ['warning', 'missing-asset-file']]);
    expect(found[0]!.message).toBe(`${dir} has no vocab.json, and config.json sets no model_args.tokenizer_file: load_checkpoint raises FileNotFoundError ("\`vocab.json\` file not found").`);
    expect(found[0]!.fixes[0]).toMatchObject({ kind: 'advice', text: expect.stringContaining(`Copy vocab.json (the BPE tokenizer's vocabulary) from the same XTTS v2 release`) });
    expect(found[0]!.fixes[0]).toMatchObject({ text: expect.stringMatching(new RegExp(`into ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`)) });
    expect(found[1]!.message).toContain(`${dir} has no speakers_xtts.pth: the model loads, but none of the built-in speakers`);
  });

  it('makes the missing speakers file an error when a built-in speaker is asked for', () => {
    const dir = copy(xttsTemplate, 'xtts-speaker-');
    rmSync(path.join(dir, 'speakers_xtts.pth'));
    const [f] = analyze({ family: 'xtts', modelDir: dir, speaker: 'Ana Florence' }).of('xtts-assets-missing');
    expect(f).toMatchObject({ severity: 'error', message: expect.stringContaining('the built-in speaker "Ana Florence" cannot be found') });
  });

  it('offers a cp for a vocab saved as tokenizer.json, and the cp clears the finding', () => {
    const dir = copy(xttsTemplate, 'xtts-renamed-');
    renameSync(path.join(dir, 'vocab.json'), path.join(dir, 'tokenizer.json'));
    const [f] = analyze({ family: 'xtts', modelDir: dir }).of('xtts-assets-missing');
    const fix = f!.fixes[0]!;
    expect(fix).toMatchObject({ kind: 'command', runnable: true, command: `cp ${path.join(dir, 'tokenizer.json')} ${path.join(dir, 'vocab.json')}` });
    execFileSync('sh', ['-c', (fix as { command: string }).command]);
    expect(analyze({ family: 'xtts', modelDir: dir }).findings).toEqual([]);
  });

  it('reads model.pth saved from a web page as HTML, not as a missing file', () => {
    const dir = copy(xttsTemplate, 'xtts-html-');
    writeFileSync(path.join(dir, 'model.pth'), HTML);
    const { of } = analyze({ family: 'xtts', modelDir: dir });
    expect(of('xtts-assets-missing')).toEqual([]);
    expect(of('checkpoint-unreadable').map((f) => f.evidence.find((e) => e.label === 'detected as')?.value)).toEqual(['html']);
  });
});

describe('transformers model dir', () => {
  it('loads as saved, sharded or not, and nothing is reported', () => {
    const kinds = ['sharded', 'single', 'bin'];
    expect(fromPretrained(...kinds.map((k) => path.join(models, k)))).toEqual([null, null, null]);
    for (const kind of kinds) expect(analyze({ family: 'vits', modelDir: path.join(models, kind) }).findings, kind).toEqual([]);
  });

  it('names a shard the index lists and the dir lacks, as from_pretrained fails on it', () => {
    const dir = copy(path.join(models, 'sharded'), 'shard-missing-');
    rmSync(path.join(dir, 'model-00002-of-00002.safetensors'));
    expect(fromPretrained(dir)[0]).toContain('model-00002-of-00002.safetensors');
    const found = analyze({ family: 'vits', modelDir: dir }).of('transformers-weights-missing');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(`${path.join(dir, 'model.safetensors.index.json')} names 2 shard files; 1 is not in ${dir}: model-00002-of-00002.safetensors. from_pretrained stops at the first missing shard.`);
    expect(found[0]!.evidence).toContainEqual({ label: 'missing shards', value: 'model-00002-of-00002.safetensors' });
    expect(found[0]!.fixes[0]).toMatchObject({ text: expect.stringContaining(`Copy model-00002-of-00002.safetensors (same release as model.safetensors.index.json) into ${dir}`) });
  });

  it('inspects every shard: an HTML page saved as a shard is caught before from_pretrained chokes on it', () => {
    const dir = copy(path.join(models, 'sharded'), 'shard-html-');
    writeFileSync(path.join(dir, 'model-00001-of-00002.safetensors'), HTML);
    expect(fromPretrained(dir)).toEqual([expect.any(String)]);
    const { of, assets } = analyze({ family: 'vits', modelDir: dir });
    expect(assets.checkpoints.map((c) => path.basename(c.file)).sort()).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(of('transformers-weights-missing')).toEqual([]);
    const [f] = of('checkpoint-unreadable');
    expect(f!.message).toBe(`${path.join(dir, 'model-00001-of-00002.safetensors')} cannot be loaded: it is an HTML page: it was downloaded from a web page URL (e.g. a hub "blob" page) instead of the raw file.`);
  });

  it('follows the index into subfolders: shards there are inspected too', () => {
    const dir = copy(path.join(models, 'sharded'), 'shard-subdir-');
    const index = path.join(dir, 'model.safetensors.index.json');
    const parsed = JSON.parse(readFileSync(index, 'utf8')) as { weight_map: Record<string, string> };
    parsed.weight_map = Object.fromEntries(Object.entries(parsed.weight_map).map(([k, v]) => [k, `weights/${v}`]));
    writeFileSync(index, JSON.stringify(parsed, null, 2));
    mkdirSync(path.join(dir, 'weights'));
    for (const shard of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']) renameSync(path.join(dir, shard), path.join(dir, 'weights', shard));
    const healthy = analyze({ family: 'vits', modelDir: dir });
    expect(healthy.findings).toEqual([]);
    expect(healthy.assets.checkpoints.map((c) => path.relative(dir, c.file)).sort()).toEqual(['weights/model-00001-of-00002.safetensors', 'weights/model-00002-of-00002.safetensors']);
    writeFileSync(path.join(dir, 'weights', 'model-00002-of-00002.safetensors'), '');
    const copyBroken = copy(dir, 'shard-subdir-missing-');
    rmSync(path.join(copyBroken, 'weights', 'model-00001-of-00002.safetensors'));
    const [empty, missing] = fromPretrained(dir, copyBroken);
    expect(empty).toEqual(expect.any(String));
    expect(missing).toContain('model-00001-of-00002.safetensors');
    expect(analyze({ family: 'vits', modelDir: dir }).of('checkpoint-unreadable').map((f) => f.message)).toEqual([`${path.join(dir, 'weights', 'model-00002-of-00002.safetensors')} cannot be loaded: it is empty (0 bytes): an interrupted copy or download.`]);
    expect(analyze({ family: 'vits', modelDir: copyBroken }).of('transformers-weights-missing').map((f) => f.evidence.find((e) => e.label === 'missing shards')?.value)).toEqual(['weights/model-00001-of-00002.safetensors']);
  });

  it('says that an index with a missing shard hides a complete pytorch_model.bin, which from_pretrained never reaches', () => {
    const dir = copy(path.join(models, 'bin'), 'shadowed-');
    cpSync(path.join(models, 'sharded', 'model.safetensors.index.json'), path.join(dir, 'model.safetensors.index.json'));
    cpSync(path.join(models, 'sharded', 'model-00001-of-00002.safetensors'), path.join(dir, 'model-00001-of-00002.safetensors'));
    expect(fromPretrained(dir)[0]).toContain('model-00002-of-00002.safetensors');
    const [f] = analyze({ family: 'vits', modelDir: dir }).of('transformers-weights-missing');
    expect(f!.message).toContain('It picks this index before pytorch_model.bin, so pytorch_model.bin is never loaded while the index is there.');
  });

  it('offers a cp for weights under a variant name, and after it from_pretrained loads the dir', () => {
    const dir = copy(path.join(models, 'single'), 'variant-');
    renameSync(path.join(dir, 'model.safetensors'), path.join(dir, 'model.fp16.safetensors'));
    expect(fromPretrained(dir)).toEqual([expect.any(String)]);
    const [f] = analyze({ family: 'vits', modelDir: dir }).of('transformers-weights-missing');
    expect(f!.message).toBe(`${dir} has no weights under a name from_pretrained looks for (model.safetensors, model.safetensors.index.json, pytorch_model.bin, pytorch_model.bin.index.json); present: model.fp16.safetensors.`);
    const fix = f!.fixes[0] as { kind: string; title: string; command: string };
    expect(fix.title).toContain('(or pass variant="fp16")');
    execFileSync('sh', ['-c', fix.command]);
    expect(fromPretrained(dir)).toEqual([null]);
    expect(analyze({ family: 'vits', modelDir: dir }).findings).toEqual([]);
  });

  it("checks speecht5's vocoderDir like a model dir: config validated, weights required", () => {
    const dir = copy(path.join(models, 'single'), 'vocoder-');
    rmSync(path.join(dir, 'model.safetensors'));
    const { of } = analyze({ family: 'speecht5', vocoderDir: dir });
    expect(of('transformers-weights-missing').map((f) => f.message)).toEqual([expect.stringMatching(new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has no weights under a name from_pretrained looks for`))]);
    // A VITS config where the vocoder's belongs: its model_type says so.
    expect(of('model-config-invalid')[0]!.evidence[0]!.value).toMatch(/at \/model_type: must be equal to constant \(expected "speecht5_hifigan", found "vits" \(a string\)\)$/);
    expect(readFileSync(path.join(dir, 'config.json'), 'utf8')).toContain('"model_type": "vits"');
  });
});
