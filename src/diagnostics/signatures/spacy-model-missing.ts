// spaCy cannot find its language model (misaki's English G2P loads one): the model is a pip package of its own.
import type { Signature } from '../signature.js';
import { advice, command, pyRun } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const E050 = /Can't find model '([\w.-]+)'/;

export const signature: Signature = {
  meta: {
    id: 'spacy-model-missing',
    category: 'missing-package',
    severity: 'error',
    title: 'The spaCy language model is not installed',
    sources: ['https://github.com/explosion/spaCy/issues/8820', 'https://github.com/mynameisvinn/EmailParser/issues/8'],
  },

  match(input) {
    const hit = firstHit(input, E050);
    if (!hit) return null;
    return { confidence: 0.93, title: `spaCy model ${hit.match[1]} is not installed`, evidence: evidenceOf([hit]), captures: { model: hit.match[1]! } };
  },

  fixes(m, input) {
    const model = m.captures.model!;
    return [
      command(`Install ${model} into the interpreter the app runs`, pyRun(input, ['-m', 'spacy', 'download', model])),
      advice('Offline machines', `\`spacy download\` fetches from GitHub. Where there is no network, download the ${model} wheel from https://github.com/explosion/spacy-models/releases on a connected machine and pip-install the file; misaki tries this download on first use, so do it before deploying.`),
    ];
  },
};
