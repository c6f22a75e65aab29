// `cannot import name X from 'pkg' (unknown location)`: Python found a bare folder named like the package, not the package.
import type { Signature } from '../signature.js';
import { advice, command, installSpec, pip, pyRun } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const UNKNOWN = /cannot import name '(\w+)' from '([\w.]+)' \(unknown location\)/;

export const signature: Signature = {
  meta: {
    id: 'import-from-namespace-package',
    category: 'missing-package',
    severity: 'error',
    title: 'A folder with the package name hides the real package',
    sources: ['https://github.com/suno-ai/bark/issues/200'],
  },

  match(input) {
    const hit = firstHit(input, UNKNOWN);
    if (!hit) return null;
    const pkg = hit.match[2]!.split('.')[0]!;
    return { confidence: 0.9, title: `${pkg} resolves to a plain folder, not the installed package`, evidence: evidenceOf([hit]), captures: { name: hit.match[1]!, pkg } };
  },

  fixes(m, input) {
    const pkg = m.captures.pkg!;
    return [
      command(`Show where ${pkg} is imported from`, pyRun(input, ['-c', `import ${pkg}; print(${pkg}.__path__)`])),
      command(`Install ${pkg} into the interpreter that runs`, pip(input, ['install', '--force-reinstall', installSpec(pkg, input)])),
      advice('Rename the shadowing folder', `A directory named ${pkg} in the working directory or on sys.path (often a git clone) is imported as a namespace package. Run from another directory or rename it.`),
    ];
  },
};
