// Target fixtures for the renderer tests: staged loads as the minimal runner records them (passed, failed, crashed).
import type { Stage, StageMemory, StageName, Target } from '../../src/core/report-types.js';
import { STAGE_NAMES } from '../../src/core/report-types.js';

const MIB = 1024 * 1024;
const SITE = '/home/dev/voxweave/.venv/lib/python3.11/site-packages';
const MODELS = '/home/dev/voxweave/models';

interface Span {
  status: Stage['status'];
  startMs: number | null;
  durationMs: number;
  /** RSS in MiB at the start and end of the stage, and its highest point in between. */
  mib?: [number, number, number];
  details?: Record<string, unknown>;
  extra?: Partial<Stage>;
}

function memory(mib: [number, number, number] | undefined): StageMemory {
  if (!mib) return { rssBeforeBytes: null, rssAfterBytes: null, peakBytes: null, maxRssBytes: null, cudaMaxReservedBytes: null };
  const [before, after, peak] = mib.map((m) => Math.round(m * MIB)) as [number, number, number];
  return { rssBeforeBytes: before, rssAfterBytes: after, peakBytes: peak, maxRssBytes: peak, cudaMaxReservedBytes: null };
}

function stages(spans: Record<StageName, Span>): Stage[] {
  return STAGE_NAMES.map((name): Stage => {
    const s = spans[name];
    return { name, status: s.status, durationMs: s.durationMs, startMs: s.startMs, memory: memory(s.mib), details: s.details ?? {}, ...s.extra };
  });
}

function skipped(reason: string): Span {
  return { status: 'skipped', startMs: null, durationMs: 0, extra: { skipReason: reason } };
}

/**
 * An RSS timeline sampled every `everyMs`, following each stage's before -> peak -> after shape
 * with a little deterministic jitter, as the sampler of a real process tree would record it.
 */
function timeline(spans: Record<StageName, Span>, untilMs: number, everyMs = 100): [number, number][] {
  const ran = STAGE_NAMES.map((n) => spans[n]).filter((s) => s.startMs !== null && s.mib);
  const out: [number, number][] = [];
  for (let t = 0; t <= untilMs; t += everyMs) {
    const s = ran.find((x) => t >= x.startMs! && t < x.startMs! + Math.max(x.durationMs, everyMs)) ?? [...ran].reverse().find((x) => t >= x.startMs!);
    let mib = 9.4 + t / 40;
    if (s) {
      const [before, after, peak] = s.mib!;
      const f = Math.min(1, (t - s.startMs!) / Math.max(1, s.durationMs));
      // Rise to the peak over the first 70% of the stage, then settle to the stage's end value.
      mib = f >= 1 ? after : f < 0.7 ? before + (peak - before) * (f / 0.7) : peak + (after - peak) * ((f - 0.7) / 0.3);
    }
    out.push([t, Math.round((mib + Math.sin(t / 170) * 1.5 + 1.5) * MIB)]);
  }
  return out;
}

/** Kokoro from a local model dir in the app's venv: every stage passes, 30 s at 10 samples a second. */
export function passingTarget(): Target {
  const spans: Record<StageName, Span> = {
    preflight: {
      status: 'passed', startMs: 180, durationMs: 42, mib: [14, 15, 15],
      details: { found: { kokoro: true, torch: true, misaki: true }, python: '3.11', versions: { kokoro: '0.9.4', misaki: '0.9.4', torch: '2.3.1+cu121', transformers: '4.44.2', spacy: null, 'espeakng-loader': null }, spacyModel: false },
    },
    import: { status: 'passed', startMs: 230, durationMs: 2870, mib: [15, 412, 418], details: { kokoro: '0.9.4' } },
    config: {
      status: 'passed', startMs: 3110, durationMs: 18, mib: [412, 412, 412],
      details: { source: `${MODELS}/Kokoro-82M/config.json`, n_token: 178, vocab: 114, hidden_dim: 512, style_dim: 128 },
    },
    'construct-minimal': {
      status: 'passed', startMs: 3140, durationMs: 640, mib: [412, 455, 461],
      details: {
        parameters: 5_262_353,
        bytesByDtype: { float32: { parameters: 5_262_353, bytes: 21_049_412 } },
        weightBytes: 21_049_412,
        expectedLoadBytes: 42_098_824,
        components: { bert: 63_424, bert_encoder: 16_896, predictor: 2_364_160, text_encoder: 1_067_008, decoder: 1_750_865 },
        overrides: { n_layer: 1, plbert: { hidden_size: 32, num_attention_heads: 2, intermediate_size: 64, num_hidden_layers: 1 } },
      },
    },
    'construct-full-meta': {
      status: 'passed', startMs: 3790, durationMs: 210, mib: [455, 458, 460],
      details: { parameters: 81_763_410, bytesByDtype: { float32: { parameters: 81_763_410, bytes: 327_053_640 } }, weightBytes: 327_053_640, expectedLoadBytes: 654_107_280 },
    },
    'load-weights': {
      status: 'passed', startMs: 4010, durationMs: 9200, mib: [458, 791, 1172],
      details: { weights: `${MODELS}/Kokoro-82M/kokoro-v1_0.pth`, config: `${MODELS}/Kokoro-82M/config.json`, missing: [], unexpected: [], shapeMismatched: [], missingCount: 0, unexpectedCount: 0, normAffineAtIdentity: 24 },
    },
    'load-voice': {
      status: 'passed', startMs: 13220, durationMs: 160, mib: [791, 792, 793],
      details: { voice: `${MODELS}/Kokoro-82M/voices/af_heart.pt`, name: 'af_heart', shape: [510, 1, 256] },
    },
    synthesize: {
      status: 'passed', startMs: 13400, durationMs: 17100, mib: [792, 845, 968],
      details: { input: "KPipeline(lang_code='a') with misaki G2P", samples: 62_400, sampleRate: 24000, durationSeconds: 2.6, peak: 0.4127, rms: 0.061234 },
    },
  };
  return {
    id: 'kokoro-af-heart',
    family: 'kokoro',
    environment: 'user',
    stages: stages(spans),
    timeline: timeline(spans, 30_600),
    process: { exitCode: 0, signal: null, durationMs: 30_700, interrupted: false, forkedFrom: { preloaded: ['torch'], importMs: 1830 } },
  };
}

const XTTS_TRACEBACK = `Traceback (most recent call last):
  File "/home/dev/.npm/debug-tts/src/minimal/python/stage_runner.py", line 101, in run_stage
    details = fn(ctx) or {}
              ^^^^^^^
  File "/home/dev/.npm/debug-tts/src/minimal/python/families/xtts.py", line 88, in load_weights
    common.load_strict(model, checkpoint["model"])
  File "/home/dev/.npm/debug-tts/src/minimal/python/dtts_common.py", line 135, in load_strict
    raise StateDictMismatch(diff)
dtts_common.StateDictMismatch: Missing key(s) in state_dict: gpt.gpt.h.{0..29}.attn.bias, gpt.gpt.h.{0..29}.attn.masked_bias. Unexpected key(s) in state_dict: gpt.gpt_inference.lm_head.0.weight, gpt.gpt_inference.lm_head.0.bias. size mismatch: gpt.text_embedding.weight: checkpoint [6681, 1024], model [6153, 1024]; gpt.text_head.weight: checkpoint [6681, 1024], model [6153, 1024]; gpt.text_head.bias: checkpoint [6681], model [6153]`;

const XTTS_DIFF = {
  missing: ['gpt.gpt.h.{0..29}.attn.bias', 'gpt.gpt.h.{0..29}.attn.masked_bias'],
  unexpected: ['gpt.gpt_inference.lm_head.0.bias', 'gpt.gpt_inference.lm_head.0.weight'],
  shapeMismatched: [
    'gpt.text_embedding.weight: checkpoint [6681, 1024], model [6153, 1024]',
    'gpt.text_head.bias: checkpoint [6681], model [6153]',
    'gpt.text_head.weight: checkpoint [6681, 1024], model [6153, 1024]',
  ],
  missingCount: 60,
  unexpectedCount: 2,
};

/** XTTS v2 with a checkpoint from a newer tokenizer: the state_dict does not fit, later stages never run. */
export function weightsMismatchTarget(): Target {
  const spans: Record<StageName, Span> = {
    preflight: { status: 'passed', startMs: 210, durationMs: 51, mib: [15, 16, 16], details: { found: { TTS: true, torch: true }, versions: { 'coqui-tts': '0.24.1', TTS: null, torch: '2.3.1+cu121', transformers: '4.44.2', numpy: '1.26.4' } } },
    import: { status: 'passed', startMs: 270, durationMs: 4120, mib: [16, 603, 611], details: { module: 'TTS.tts.models.xtts', classes: ['Xtts', 'XttsConfig', 'XttsArgs'] } },
    config: { status: 'passed', startMs: 4400, durationMs: 35, mib: [603, 604, 604], details: { source: `${MODELS}/XTTS-v2/config.json`, model: 'xtts', gpt_number_text_tokens: 6153, num_chars: 255 } },
    'construct-minimal': {
      status: 'passed', startMs: 4450, durationMs: 1280, mib: [604, 688, 702],
      details: { parameters: 9_851_904, bytesByDtype: { float32: { parameters: 9_851_904, bytes: 39_407_616 } }, weightBytes: 39_407_616, expectedLoadBytes: 78_815_232 },
    },
    'construct-full-meta': {
      status: 'passed', startMs: 5750, durationMs: 690, mib: [688, 690, 694],
      details: { parameters: 466_998_034, bytesByDtype: { float32: { parameters: 466_998_034, bytes: 1_867_992_136 } }, weightBytes: 1_867_992_136, expectedLoadBytes: 3_735_984_272 },
    },
    'load-weights': {
      status: 'failed', startMs: 6460, durationMs: 7340, mib: [690, 2741, 3652],
      details: XTTS_DIFF,
      extra: { error: { type: 'dtts_common.StateDictMismatch', message: XTTS_TRACEBACK.split('\n').at(-1)!.replace(/^[^:]+: /, ''), traceback: XTTS_TRACEBACK } },
    },
    'load-voice': skipped('skipped because load-weights failed'),
    synthesize: skipped('skipped because load-weights failed'),
  };
  return {
    id: 'xtts-v2',
    family: 'xtts',
    environment: 'user',
    stages: stages(spans),
    timeline: timeline(spans, 14_000),
    process: { exitCode: 0, signal: null, durationMs: 14_120, interrupted: false },
  };
}

const SEGFAULT_TAIL = `Fatal Python error: Segmentation fault

Current thread 0x00007f3a9c1ff740 (most recent call first):
  File "${SITE}/torch/nn/modules/conv.py", line 96 in reset_parameters
  File "${SITE}/encodec/modules/conv.py", line 154 in __init__
  File "${SITE}/bark/model_fine.py", line 121 in __init__
  File "/home/dev/.npm/debug-tts/src/minimal/python/families/bark.py", line 64 in construct_minimal

Extension modules: numpy.core._multiarray_umath, torch._C, torch._C._fft (total: 24)`;

/** Bark killed by SIGSEGV while building its small model: the rest was never run. */
export function crashedTarget(): Target {
  const died = 'not run: the process died in construct-minimal';
  const spans: Record<StageName, Span> = {
    preflight: { status: 'passed', startMs: 190, durationMs: 38, mib: [14, 15, 15], details: { found: { bark: true, torch: true, encodec: true } } },
    import: { status: 'passed', startMs: 240, durationMs: 3310, mib: [15, 488, 497], details: { bark: '0.1.5' } },
    config: { status: 'passed', startMs: 3560, durationMs: 22, mib: [488, 488, 488], details: { source: 'bark defaults (suno/bark-small)', text: { n_layer: 12, n_head: 12, n_embd: 768 } } },
    'construct-minimal': {
      status: 'crashed', startMs: 3590, durationMs: 830, mib: [488, 488, 541],
      extra: { skipReason: 'the process was killed by SIGSEGV', error: null, signal: 'SIGSEGV', stderrTail: SEGFAULT_TAIL },
    },
    'construct-full-meta': skipped(died),
    'load-weights': skipped(died),
    'load-voice': skipped(died),
    synthesize: skipped(died),
  };
  const built = stages(spans);
  const crashed = built.find((s) => s.name === 'construct-minimal')!;
  crashed.memory = { ...crashed.memory, rssAfterBytes: null, maxRssBytes: null };
  return {
    id: 'bark-small',
    family: 'bark',
    environment: 'user',
    stages: built,
    timeline: timeline(spans, 4400),
    process: { exitCode: null, signal: 'SIGSEGV', durationMs: 4420, interrupted: false },
  };
}
