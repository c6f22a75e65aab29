// A constructor is called with more or fewer positional values than it takes: a stored config list from another version.
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const COUNT = /([\w.]+?)(?:\.__init__)?\(\) takes (?:from \d+ to )?(\d+) positional arguments? but (\d+) (?:were|was) given/;

export const signature: Signature = {
  meta: {
    id: 'positional-arguments-mismatch',
    category: 'config-param-mismatch',
    severity: 'error',
    title: 'A constructor got another number of positional parameters than it takes',
    sources: ['https://github.com/RVC-Project/Retrieval-based-Voice-Conversion-WebUI/issues/336'],
  },

  match(input) {
    if (!input.text.includes('positional argument')) return null;
    const hit = firstHit(input, COUNT);
    if (!hit) return null;
    const [, callable, takes, given] = hit.match;
    return { confidence: 0.84, title: `${callable}() takes ${takes} positional arguments but got ${given}`, evidence: evidenceOf([hit]), captures: { callable: callable!, takes: takes!, given: given! } };
  },

  fixes(m) {
    const { callable, takes, given } = m.captures;
    return [
      advice('Match the stored config to the code that reads it', `${callable} takes ${takes} positional values and got ${given}. Checkpoints that store their constructor arguments as a list (cpt["config"]) only load with the code version that wrote them: use the release the checkpoint was made with, or a checkpoint made for this version. Note that self counts as one of the ${takes}.`),
    ];
  },
};
