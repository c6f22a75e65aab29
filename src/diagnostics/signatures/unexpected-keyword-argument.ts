// A constructor or loader was handed a parameter it does not accept: config or caller written for another version.
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const UNEXPECTED = /([\w.]+?)(?:\.__init__|\.init)?\(\) got an unexpected keyword argument '(\w+)'/;

export const signature: Signature = {
  meta: {
    id: 'unexpected-keyword-argument',
    category: 'config-param-mismatch',
    severity: 'error',
    title: 'A parameter is passed that the installed code does not accept',
    sources: [
      'https://github.com/snicolast/ComfyUI-IndexTTS2/issues/23',
      'https://github.com/kyutai-labs/unmute/pull/38',
      'https://github.com/Blaizzy/mlx-audio/issues/117',
      'https://github.com/mozilla/TTS/issues/779',
    ],
  },

  match(input) {
    if (!input.text.includes('unexpected keyword argument')) return null;
    const hit = firstHit(input, UNEXPECTED);
    if (!hit) return null;
    const [, callable, arg] = hit.match;
    return { confidence: 0.88, title: `${callable}() does not accept ${arg}`, evidence: evidenceOf([hit]), captures: { callable: callable!, arg: arg! } };
  },

  fixes(m, input) {
    const { callable, arg } = m.captures;
    const where = input.configSource;
    return [
      where
        ? advice(`Remove "${arg}" from ${where}, or rename it to the parameter ${callable}() takes`, `${callable}() as installed has no parameter ${arg}; ${where} passes it. Delete the "${arg}" entry there, or rename it (\`help(${callable})\` lists what it takes; a parameter renamed between releases is the usual cause).`)
        : advice(`Drop or rename ${arg}`, `If ${arg} comes from a config file, remove it or rename it to what ${callable} accepts in the installed version (\`help(${callable})\` lists the parameters). A parameter renamed between releases is the usual cause.`),
      advice('Or match the versions', `The caller (app, node or config) was written for another release of the package that defines ${callable}: install the release it names in its requirements, or update the caller.`),
    ];
  },
};
