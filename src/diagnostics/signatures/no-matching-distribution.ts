// pip found no installable release of a package, without saying why: usually Python version or platform.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, belowCeiling, command, installSpec, isolatedEnv, pip, pythonCeiling } from '../fix-kit.js';
import { evidenceOf, facts, firstHit, pyNumber } from '../text-scan.js';

const NO_DIST = /No matching distribution found for ([\w.-]+)(?:\[[\w,]+\])?\s*([<>=!~]=?\s*[\w.*]+)?/;
const NOT_FOUND = /Could not find a version that satisfies the requirement ([\w.-]+)(?:\[[\w,]+\])?\s*([<>=!~]=?\s*[\w.*]+)?(?: \(from versions: ([^)]*)\))?/;

export const signature: Signature = {
  meta: {
    id: 'no-matching-distribution',
    category: 'python-version',
    severity: 'error',
    title: 'pip found no release of the package for this Python',
    sources: ['https://github.com/nazdridoy/kokoro-tts/issues/35', 'https://github.com/rhasspy/piper/issues/98', 'https://github.com/OHF-Voice/piper1-gpl/issues/119', 'https://github.com/KittenML/KittenTTS/issues/3'],
  },

  match(input) {
    const hit = firstHit(input, NO_DIST) ?? firstHit(input, NOT_FOUND);
    if (!hit) return null;
    const pkg = hit.match[1]!;
    const f = facts(input);
    const py = pyNumber(f.pythonVersion);
    const ceiling = pythonCeiling(pkg);
    // A known ceiling the interpreter is past makes the cause certain; a brand-new Python makes it likely.
    const confidence = ceiling && py !== null && py >= pyNumber(ceiling.below)! ? 0.85 : py !== null && py >= 313 ? 0.7 : 0.45;
    const versions = firstHit(input, NOT_FOUND)?.match[3] ?? '';
    return {
      confidence,
      title: `No installable ${pkg}${hit.match[2] ? ` ${hit.match[2].replace(/\s+/g, '')}` : ''} for ${f.pythonVersion ? `Python ${f.pythonVersion}` : 'this interpreter'}`,
      evidence: evidenceOf([firstHit(input, NOT_FOUND), hit]),
      captures: { pkg, spec: hit.match[2] ?? '', python: f.pythonVersion ?? '', versions },
    };
  },

  fixes(m, input): Fix[] {
    const { pkg, spec, python, versions } = m.captures;
    const ceiling = pythonCeiling(pkg!);
    const fixes: Fix[] = [];
    if (ceiling) fixes.push(...isolatedEnv(input, installSpec(pkg!, input), belowCeiling(ceiling.below)));
    fixes.push(command(`List the ${pkg} releases pip can see for this interpreter`, pip(input, ['index', 'versions', pkg!])));
    fixes.push(advice('Find out why none fits', `${ceiling ? `${ceiling.source}. ` : ''}${python ? `This is Python ${python}. ` : ''}${versions === 'none' ? 'pip saw no release at all: no wheel for this Python version, OS or CPU (and no sdist), or a misspelt name. ' : spec ? `The requested ${spec.replace(/\s+/g, '')} is not among the releases pip can use${versions ? ` (${versions.split(',').slice(-3).join(',').trim()} are)` : ''}. ` : ''}Compare the wheel tags on PyPI (cp312, manylinux, macosx_arm64, win_amd64) with this interpreter.`));
    return fixes;
  },
};
