// misaki/Kokoro run without the espeak fallback: out-of-vocabulary words are silently dropped from the audio.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const DISABLED = /EspeakFallback not Enabled: OOD words will be skipped/i;

export const signature: Signature = {
  meta: {
    id: 'espeak-fallback-disabled',
    category: 'native-library-missing',
    severity: 'warning',
    title: 'The espeak fallback is off: words misaki does not know will be skipped',
    sources: ['https://github.com/Blaizzy/mlx-audio/issues/6', 'https://github.com/hexgrad/misaki/issues/58'],
  },

  match(input) {
    const hit = firstHit(input, DISABLED);
    return hit ? { confidence: 0.9, evidence: evidenceOf([hit]), captures: {} } : null;
  },

  fixes(_m, input) {
    return [
      command('Install the espeak fallback misaki uses', pip(input, ['install', 'misaki[en]', 'espeakng-loader', 'phonemizer-fork'])),
      advice('Check that the fallback really loads', 'The warning appears when `from misaki import espeak` fails at start-up. Names, rare words and numbers are then missing from the audio without an error; import misaki.espeak in the same interpreter to see why it fails.'),
    ];
  },
};
