// The GPU ran out of memory while loading or running the model.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const OOM = /CUDA out of memory\.?(?: Tried to allocate ([\d.]+ [KMG]iB))?/;
const CAPACITY = /([\d.]+ GiB) total capacity|total capacity of ([\d.]+ GiB)/;
const MPS_OOM = /MPS backend out of memory/;
const BARK = /bark|suno/i;

export const signature: Signature = {
  meta: {
    id: 'cuda-out-of-memory',
    category: 'out-of-memory',
    severity: 'error',
    title: 'The GPU ran out of memory',
    sources: [
      'https://github.com/suno-ai/bark/issues/55',
      'https://github.com/C0untFloyd/bark-gui/issues/63',
      'https://github.com/index-tts/index-tts/issues/301',
      'https://github.com/coqui-ai/TTS/issues/1318',
      'https://pytorch.org/docs/stable/notes/cuda.html#environment-variables',
    ],
  },

  match(input) {
    const hit = firstHit(input, OOM) ?? firstHit(input, MPS_OOM);
    if (!hit) return null;
    const cap = firstHit(input, CAPACITY);
    const capacity = cap?.match[1] ?? cap?.match[2] ?? '';
    return {
      confidence: 0.96,
      title: `GPU out of memory${hit.match[1] ? ` allocating ${hit.match[1]}` : ''}${capacity ? ` on a ${capacity} GPU` : ''}`,
      evidence: evidenceOf([hit]),
      captures: { tried: hit.match[1] ?? '', capacity, bark: BARK.test(input.text) ? 'yes' : '', mps: MPS_OOM.test(hit.text) ? 'yes' : '' },
    };
  },

  fixes(m): Fix[] {
    const fixes: Fix[] = [];
    // Bark reads these at import time (suno-ai/bark README): small models fit in about 2 GB of VRAM.
    if (m.captures.bark) fixes.push(command('Bark: load the small models and offload to the CPU', 'export SUNO_USE_SMALL_MODELS=True SUNO_OFFLOAD_CPU=True'));
    if (!m.captures.mps) fixes.push(command('Let the allocator avoid fragmentation (helps when reserved >> allocated)', 'export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True'));
    fixes.push(advice('Load less at once', `${m.captures.capacity ? `The GPU has ${m.captures.capacity}. ` : ''}Close other processes using the GPU (nvidia-smi lists them), load the model in half precision (fp16=True / .half()), shorten the text per call, or run on the CPU.`));
    return fixes;
  },
};
