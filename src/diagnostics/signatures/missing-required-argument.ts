// A constructor needs parameters the config or caller did not give: config from another version or an incomplete one.
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const MISSING = /([\w.]+?)(?:\.__init__)?\(\) missing (\d+) required (?:positional |keyword-only )?arguments?: ([^\n]+)/;

export const signature: Signature = {
  meta: {
    id: 'missing-required-argument',
    category: 'config-param-mismatch',
    severity: 'error',
    title: 'Required parameters are missing from the config or call',
    sources: [
      'https://github.com/Blaizzy/mlx-audio/issues/422',
      'https://github.com/voicepaw/so-vits-svc-fork/issues/1026',
      'https://github.com/davidbrowne17/csm-streaming/issues/11',
    ],
  },

  match(input) {
    if (!input.text.includes(' required ')) return null;
    const hit = firstHit(input, MISSING);
    if (!hit) return null;
    const names = [...hit.match[3]!.matchAll(/'(\w+)'/g)].map((n) => n[1]!);
    return { confidence: 0.86, title: `${hit.match[1]}() is missing ${names.join(', ')}`, evidence: evidenceOf([hit]), captures: { callable: hit.match[1]!, names: names.join(' ') } };
  },

  fixes(m, input) {
    const names = m.captures.names!.split(' ');
    return [
      advice(`Add ${names.length === 1 ? names[0] : 'the missing keys'} to ${input.configSource ?? 'the config'}`, `${m.captures.callable} needs ${names.join(', ')}. When these come from a config.json, the file is from another model family or version (e.g. a converted model whose config lacks the text-model section): use the config published with the weights.`),
    ];
  },
};
