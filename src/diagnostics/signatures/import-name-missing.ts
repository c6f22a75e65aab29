// `cannot import name X from Y` outside transformers: the installed Y is another version than the importing code expects.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const CANNOT = /cannot import name '(\w+)' from '([\w.]+)'(?! \(unknown location\))/;

export const signature: Signature = {
  meta: {
    id: 'import-name-missing',
    category: 'api-break-import',
    severity: 'error',
    title: 'An installed package lacks a name another package imports from it',
    sources: ['https://github.com/Blaizzy/mlx-audio/issues/4'],
  },

  match(input) {
    const hit = firstHit(input, CANNOT);
    if (!hit || hit.match[2]!.startsWith('transformers')) return null;
    const pkg = hit.match[2]!.split('.')[0]!;
    return { confidence: 0.75, title: `${pkg} has no ${hit.match[1]}`, evidence: evidenceOf([hit]), captures: { name: hit.match[1]!, from: hit.match[2]!, pkg } };
  },

  fixes(m, input) {
    const pkg = m.captures.pkg!.replace(/_/g, '-');
    const installed = input.env?.distributions?.[pkg];
    return [
      command(`See which ${pkg} is installed and what requires it`, pip(input, ['show', pkg])),
      advice('Match the versions', `${m.captures.from}.${m.captures.name} is missing from ${pkg}${installed ? ` ${installed}` : ''}. Either the code importing it follows a newer ${pkg} (upgrade ${pkg}) or an older one (pin the release it was written for); the package's README or requirements name the range.`),
    ];
  },
};
