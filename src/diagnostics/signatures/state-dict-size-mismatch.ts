// The checkpoint's tensors have other shapes than the model the config built: config and weights do not belong together.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { allHits, evidenceOf, firstHit } from '../text-scan.js';

// The current shape is optional: pasted logs often wrap that long line mid-word.
const SIZE = /size mismatch for ([\w.]+): copying a param with shape (?:torch\.Size\()?\[([\d, ]*)\]\)? from checkpoint(?:, the shape in current model is (?:torch\.Size\()?\[([\d, ]*)\])?/g;
// coqui-tts logs this instead of raising when it loads a checkpoint partially.
const COQUI = /Layer dimen?tion miss?match between model definition and checkpoint: ([\w.]+)/g;
const LOADING = /Error\(s\) in loading state_dict for (\w+)/;

function dims(s: string): number[] {
  return s.split(',').map((d) => Number(d.trim())).filter((d) => !Number.isNaN(d));
}

/** Which config value usually sizes a tensor, from its name. */
function sizedBy(param: string): string {
  if (/(^|\.)(emb|embedding|embed_tokens|text_embedding)s?(\.|$)|enc_p\.emb/.test(param)) return 'the number of symbols / vocabulary size';
  if (/speaker|emb_g|spk/.test(param)) return 'the number of speakers (n_speakers / num_speakers)';
  if (/emb_l|language/.test(param)) return 'the number of languages';
  return 'the layer width (hidden / channel sizes)';
}

export const signature: Signature = {
  meta: {
    id: 'state-dict-size-mismatch',
    category: 'weights-shape-mismatch',
    severity: 'error',
    title: "Checkpoint tensor shapes do not match the model the config describes",
    sources: [
      'https://github.com/coqui-ai/TTS/issues/1453',
      'https://github.com/Plachtaa/VITS-fast-fine-tuning/issues/369',
      'https://github.com/ming024/FastSpeech2/issues/127',
      'https://github.com/index-tts/index-tts/issues/236',
      'https://github.com/coqui-ai/TTS/issues/2236',
    ],
  },

  match(input) {
    const sizes = allHits(input, SIZE, 200);
    const coqui = allHits(input, COQUI, 200);
    if (!sizes.length && !coqui.length) return null;
    const first = sizes[0];
    const captures: Record<string, string> = { count: String(sizes.length + coqui.length), model: firstHit(input, LOADING)?.match[1] ?? '' };
    if (first) Object.assign(captures, { param: first.match[1]!, checkpoint: first.match[2]!, ...(first.match[3] !== undefined ? { current: first.match[3] } : {}) });
    else captures.param = coqui[0]!.match[1]!;
    return {
      confidence: 0.96,
      title: captures.count === '1' ? `${captures.param} has another shape in the checkpoint than in the model` : `${captures.count} tensors have other shapes in the checkpoint than in the model (first: ${captures.param})`,
      evidence: evidenceOf([...sizes.slice(0, 3), ...coqui.slice(0, 3)]),
      captures,
    };
  },

  fixes(m): Fix[] {
    const { param, checkpoint, current } = m.captures;
    const fixes: Fix[] = [];
    if (checkpoint !== undefined) {
      const ck = dims(checkpoint);
      const cur = current === undefined ? [] : dims(current);
      const diff = ck.map((d, i) => (d !== cur[i] ? `dimension ${i}: checkpoint ${d}, model ${cur[i] ?? '-'}` : null)).filter(Boolean);
      fixes.push(advice(`Make the config build ${param} as [${checkpoint}]`, `${diff.join('; ')}. The config value behind it is usually ${sizedBy(param!)}: set it to what the checkpoint was trained with, i.e. use the config.json shipped with these weights.`));
    }
    fixes.push(advice('Load weights and config from the same release', 'A fine-tuned or converted checkpoint carries its own config (symbols, speakers, sizes). Mixing a checkpoint with another release\'s config or symbol table gives exactly this error; do not load with strict=False, the mismatched layers would stay random.'));
    return fixes;
  },
};
