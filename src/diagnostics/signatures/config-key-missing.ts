// The code reads a key the config file does not have: a config.json written for another version of the model code.
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { allHits, evidenceOf } from '../text-scan.js';

// Config containers seen in TTS code bases: AttrDict (mozilla/TTS), Coqpit (coqui), HParams (VITS forks), *Config, Namespace.
const NO_KEY = /'(\w*(?:Config|Dict|HParams|Hparams|Coqpit|Namespace|Args))' object has no attribute '(\w+)'/g;

export const signature: Signature = {
  meta: {
    id: 'config-key-missing',
    category: 'config-param-mismatch',
    severity: 'error',
    title: 'The config file lacks keys the model code reads',
    sources: ['https://github.com/mozilla/TTS/issues/217'],
  },

  match(input) {
    if (!input.text.includes('object has no attribute')) return null;
    const hits = allHits(input, NO_KEY, 20);
    if (!hits.length) return null;
    const keys = [...new Set(hits.map((h) => h.match[2]!))];
    return { confidence: 0.82, title: `The ${hits[0]!.match[1]} config has no ${keys.join(', ')}`, evidence: evidenceOf(hits), captures: { keys: keys.join(' '), container: hits[0]!.match[1]! } };
  },

  fixes(m) {
    const keys = m.captures.keys!.split(' ');
    return [
      advice(`Add ${keys.join(', ')} to the config, or use the matching code`, `The model code expects ${keys.join(', ')} in its config; the config.json in use predates (or postdates) them. Use the config that was released with this code version, or add the keys with the defaults the code's own example config uses.`),
    ];
  },
};
