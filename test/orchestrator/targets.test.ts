// Target options: every path a family opens is relative to the config file, a hub model id is left alone.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { familyOptions } from '../../src/orchestrator/targets.js';
import { tempDir } from '../helpers/env.js';

describe('familyOptions', () => {
  it('resolves path options against the config folder, and keeps ids and names as written', () => {
    const base = tempDir('targets-');
    writeFileSync(path.join(base, 'voice.onnx'), '');
    const o = familyOptions({ id: 't', family: 'speecht5', modelDir: 'm', vocoderDir: 'hifigan', speakerEmbedding: 'spk.npy', voicePreset: './v.npz', credentialsFile: 'sa.json', voice: 'af_heart' }, base);
    expect(o).toEqual({ modelDir: path.join(base, 'm'), vocoderDir: path.join(base, 'hifigan'), speakerEmbedding: path.join(base, 'spk.npy'), voicePreset: path.join(base, 'v.npz'), credentialsFile: path.join(base, 'sa.json'), voice: 'af_heart' });
    expect(familyOptions({ id: 'p', family: 'piper', model: 'voice.onnx' }, base).model).toBe(path.join(base, 'voice.onnx'));
    expect(familyOptions({ id: 'm', family: 'mlx-audio', model: 'prince-canuma/Kokoro-82M' }, base).model).toBe('prince-canuma/Kokoro-82M');
    expect(familyOptions({ id: 'o', family: 'kokoro-onnx', model: '../models/k.onnx' }, base).model).toBe(path.resolve(base, '../models/k.onnx'));
  });
});
