// A TTS package imports a helper that newer transformers releases removed or moved.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, coquiFixes, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const REMOVED = /cannot import name '(\w+)' from '(transformers(?:\.[\w.]+)?)'/;

/** Where the name last exists, from the maintainers' own threads. */
const LAST_GOOD: Record<string, { spec: string; why: string; upgrade?: string }> = {
  isin_mps_friendly: { spec: 'transformers<5.1', why: 'transformers 5.1 removed pytorch_utils.isin_mps_friendly (still in 5.0, per the coqui-tts maintainer)', upgrade: 'coqui-tts' },
  BeamSearchScorer: { spec: 'transformers<4.57', why: 'transformers 4.57.0 stopped exporting BeamSearchScorer at the top level (4.56.2 still does; huggingface/transformers#40495)', upgrade: 'coqui-tts' },
  LogitsWarper: { spec: 'transformers<4.49', why: 'transformers 4.49 removed LogitsWarper; coqui-tts 0.26.0 no longer needs it', upgrade: 'coqui-tts' },
};

export const signature: Signature = {
  meta: {
    id: 'transformers-name-removed',
    category: 'api-break-import',
    severity: 'error',
    title: 'transformers no longer has a name this package imports',
    sources: [
      'https://github.com/idiap/coqui-ai-TTS/issues/558',
      'https://github.com/coqui-ai/TTS/issues/4406',
      'https://github.com/coqui-ai/TTS/issues/4388',
      'https://github.com/coqui-ai/TTS/issues/4420',
      'https://github.com/idiap/coqui-ai-TTS/issues/386',
      'https://github.com/billwuhao/ComfyUI_IndexTTS/issues/22',
    ],
  },

  match(input) {
    const hit = firstHit(input, REMOVED);
    if (!hit) return null;
    const name = hit.match[1]!;
    return {
      confidence: 0.94,
      title: `transformers no longer provides ${name} (imported from ${hit.match[2]})`,
      evidence: evidenceOf([hit]),
      captures: { name, from: hit.match[2]! },
    };
  },

  fixes(m, input): Fix[] {
    const known = LAST_GOOD[m.captures.name!];
    const installed = input.env?.distributions?.transformers;
    if (!known) {
      return [advice(`Install the transformers release the package was built against`, `${m.captures.from}.${m.captures.name} does not exist in transformers ${installed ?? '(installed version)'}. Check the TTS package's requirements for its transformers range and install that range into the interpreter the app runs.`)];
    }
    const fixes: Fix[] = [command(`Install a transformers that still has ${m.captures.name}`, pip(input, ['install', known.spec]))];
    if (known.upgrade === 'coqui-tts') fixes.push(...coquiFixes(input, 'Or upgrade coqui-tts, the maintained fork that follows transformers releases', 'follows transformers releases'));
    else if (known.upgrade) fixes.push(command(`Or upgrade ${known.upgrade}`, pip(input, ['install', '--upgrade', known.upgrade])));
    fixes.push(advice('Why', `${known.why}.${installed ? ` Installed here: transformers ${installed}.` : ''}`));
    return fixes;
  },
};
