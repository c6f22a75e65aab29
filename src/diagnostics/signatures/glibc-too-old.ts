// A binary wheel or program was built for a newer glibc than this Linux has.
import type { Signature } from '../signature.js';
import { advice, command } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const GLIBC = /version `?GLIBC_([\d.]+)'? not found(?: \(required by ([^)]+)\))?/;

export const signature: Signature = {
  meta: {
    id: 'glibc-too-old',
    category: 'platform-constraint',
    severity: 'error',
    title: 'A native library needs a newer glibc than this system has',
    sources: ['https://github.com/kakaobrain/pororo/issues/66', 'https://github.com/KumaTea/pytorch-aarch64/issues/17', 'https://github.com/pyg-team/pyg-lib/issues/548', 'https://github.com/rhasspy/piper/issues/3'],
  },

  match(input) {
    const hit = firstHit(input, GLIBC);
    if (!hit) return null;
    return { confidence: 0.92, title: `${hit.match[2] ? hit.match[2].split(/[\\/]/).pop() : 'A library'} needs glibc ${hit.match[1]}`, evidence: evidenceOf([hit]), captures: { version: hit.match[1]!, by: hit.match[2] ?? '' } };
  },

  fixes(m) {
    return [
      command('Show the glibc this system has', 'ldd --version | head -1'),
      advice(`Use a build made for this glibc, or a system with glibc ${m.captures.version}+`, `${m.captures.by || 'The library'} was built against glibc ${m.captures.version}. glibc cannot be upgraded in place safely: install an older release of the package whose wheel targets an older manylinux tag, build it from source here, or run it in a container/OS with a newer glibc (e.g. Ubuntu 20.04+ for 2.31).`),
    ];
  },
};
