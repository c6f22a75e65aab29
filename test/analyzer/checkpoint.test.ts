// Checkpoint inspection on real torch / safetensors files, with each prediction confirmed by torch 2.13.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectCheckpoint, safeGlobalsSnippet } from '../../src/analyzer/checkpoint/inspect-checkpoint.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let dir: string;

function load(file: string, snippet?: string): { ok: boolean; type?: string; message?: string } {
  const out = execFileSync(venvs.torch, [path.join(FIXTURES, 'load_checkpoint.py'), file, ...(snippet ? [snippet] : [])], {
    env: cleanEnv({ PYTHONPATH: dir }),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

beforeAll(() => {
  dir = tempDir('debug-tts-ckpt-');
  execFileSync(venvs.torch, [path.join(FIXTURES, 'make_checkpoints.py'), dir], { env: cleanEnv() });
});

describe('inspectCheckpoint', () => {
  it('a plain state_dict needs nothing beyond torch\'s allowlist, and loads', () => {
    const i = inspectCheckpoint(path.join(dir, 'plain.pth'));
    expect(i.format).toBe('torch-zip');
    expect(i.globals).toContain('torch._utils._rebuild_tensor_v2');
    expect(i.rejectedByWeightsOnly).toEqual([]);
    expect(load(i.file).ok).toBe(true);
  });

  it('predicts the weights_only failure of a pickled config object, and the safe_globals fix works', () => {
    const i = inspectCheckpoint(path.join(dir, 'with_config.pth'));
    expect(i.rejectedByWeightsOnly).toEqual(['tts_config.TTSConfig']);
    expect(i.dangerous).toEqual([]);
    const plain = load(i.file);
    expect(plain.ok).toBe(false);
    expect(plain.type).toBe('UnpicklingError');
    expect(plain.message).toContain('Unsupported global: GLOBAL tts_config.TTSConfig');
    expect(load(i.file, safeGlobalsSnippet(i.rejectedByWeightsOnly))).toEqual({ ok: true });
  });

  it('lists numpy globals with their saved names, and the snippet loads them', () => {
    const i = inspectCheckpoint(path.join(dir, 'with_numpy.pth'));
    expect(i.rejectedByWeightsOnly.length).toBeGreaterThan(0);
    expect(i.rejectedByWeightsOnly.every((g) => g.startsWith('numpy.'))).toBe(true);
    expect(load(i.file).ok).toBe(false);
    expect(load(i.file, safeGlobalsSnippet(i.rejectedByWeightsOnly))).toEqual({ ok: true });
  });

  it('reads the legacy (non-zip) format too', () => {
    const i = inspectCheckpoint(path.join(dir, 'legacy.pth'));
    expect(i.format).toBe('torch-legacy');
    expect(i.rejectedByWeightsOnly).toContain('tts_config.TTSConfig');
    expect(load(i.file).message).toContain('tts_config.TTSConfig');
  });

  it('flags a pickle that calls os.system, without ever loading it', () => {
    const i = inspectCheckpoint(path.join(dir, 'evil.pth'));
    expect(i.dangerous).toEqual(['posix.system']);
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
  });

  it('parses a safetensors header and finds truncation', () => {
    const ok = inspectCheckpoint(path.join(dir, 'model.safetensors'));
    expect(ok.format).toBe('safetensors');
    expect(ok.safetensors).toMatchObject({ tensors: 3, parameters: 36, truncated: false, dtypes: { F32: 144 } });
    expect(ok.problem).toBeNull();
    const cut = inspectCheckpoint(path.join(dir, 'truncated.safetensors'));
    expect(cut.safetensors?.truncated).toBe(true);
    expect(cut.problem).toMatch(/truncated/);
  });

  it('recognises an HTML page, a Git LFS pointer and an empty file saved as weights', () => {
    expect(inspectCheckpoint(path.join(dir, 'page.pth')).format).toBe('html');
    expect(inspectCheckpoint(path.join(dir, 'lfs.pth')).format).toBe('git-lfs-pointer');
    expect(inspectCheckpoint(path.join(dir, 'empty.pth')).format).toBe('empty');
  });
});
