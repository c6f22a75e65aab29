// misaki/kokoro-onnx call EspeakWrapper.set_data_path, which only phonemizer-fork has; upstream phonemizer replaced it.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const NO_SET_DATA_PATH = /EspeakWrapper'? has no attribute 'set[ _]data[ _]path'/;

export const signature: Signature = {
  meta: {
    id: 'phonemizer-fork-replaced',
    category: 'api-break-import',
    severity: 'error',
    title: 'Upstream phonemizer is installed where misaki needs phonemizer-fork',
    sources: [
      'https://github.com/hexgrad/kokoro/issues/206',
      'https://github.com/thewh1teagle/kokoro-onnx/issues/74',
      'https://github.com/MeiGen-AI/MultiTalk/issues/189',
      'https://github.com/hexgrad/misaki/pull/50',
    ],
  },

  match(input) {
    const hit = firstHit(input, NO_SET_DATA_PATH);
    return hit ? { confidence: 0.96, evidence: evidenceOf([hit]), captures: {} } : null;
  },

  fixes(_m, input) {
    return [
      command('Remove upstream phonemizer (it installs the same `phonemizer` module)', pip(input, ['uninstall', '-y', 'phonemizer']), { runnable: false }),
      command('Reinstall phonemizer-fork, which has EspeakWrapper.set_data_path', pip(input, ['install', '--force-reinstall', 'phonemizer-fork', 'espeakng-loader'])),
      advice('Why', 'phonemizer and phonemizer-fork both provide the `phonemizer` module; whichever was installed last wins. misaki and kokoro-onnx depend on phonemizer-fork (thewh1teagle, hexgrad/misaki#50); another package pulling in phonemizer breaks them.'),
    ];
  },
};
