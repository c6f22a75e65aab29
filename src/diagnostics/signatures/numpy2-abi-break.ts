// A binary extension built against NumPy 1.x is imported under NumPy 2.x (or the reverse).
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /A module that was compiled using NumPy 1\.x cannot be run in\s+NumPy ([\d.]+)/,
  /numpy\.core\.multiarray failed to import/,
  /_ARRAY_API not found/,
  /numpy\.dtype size changed, may indicate binary incompatibility/,
];
const BY = /File "[^"]*[\\/]site-packages[\\/](\w+)[\\/]/g;

export const signature: Signature = {
  meta: {
    id: 'numpy2-abi-break',
    category: 'abi-break',
    severity: 'error',
    title: 'A compiled extension was built for NumPy 1.x and NumPy 2 is installed',
    sources: ['https://github.com/1984Doc/AI-Scribe/issues/6', 'https://github.com/chipmuenk/pyfda/issues/253', 'https://github.com/groupeLIAMG/ttcr/issues/73', 'https://numpy.org/devdocs/dev/depending_on_numpy.html'],
  },

  match(input) {
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    const culprits = [...input.text.matchAll(BY)].map((x) => x[1]!).filter((p) => p !== 'numpy');
    return { confidence: 0.95, title: hit.match[1] ? `An extension built for NumPy 1.x cannot run on NumPy ${hit.match[1]}` : undefined, evidence: evidenceOf([hit]), captures: { numpy: hit.match[1] ?? '', culprit: culprits.at(-1) ?? '' } };
  },

  fixes(m, input) {
    const culprit = m.captures.culprit;
    return [
      command('Install NumPy 1.x, which the extension was built for', pip(input, ['install', 'numpy<2'])),
      ...(culprit ? [command(`Or upgrade ${culprit} to a release built for NumPy 2`, pip(input, ['install', '--upgrade', culprit]))] : []),
      advice('Keep them in step', 'pip does not check binary compatibility: an upgrade of numpy (often pulled in by another package) breaks every extension compiled against 1.x until it is rebuilt.'),
    ];
  },
};
