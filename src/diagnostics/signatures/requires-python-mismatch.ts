// pip skipped every release of a package because their Requires-Python excludes this interpreter.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, installSpec, isolatedEnv } from '../fix-kit.js';
import { evidenceOf, facts, firstHit } from '../text-scan.js';

const IGNORED = /Ignored the following versions that require a different python version: ([^\n]+)/;
const DIFFERENT = /(?:Package )?'([\w.-]+)' requires a different Python: ([\d.]+) not in '([^']+)'/;
const NO_DIST = /No matching distribution found for ([\w.-]+(?:\[[\w,]+\])?)\s*(?:(==|>=|~=|<=|<|>)\s*([\w.]+))?/;

/** `0.8.1 Requires-Python <3.13,>=3.10; ...` -> versions and the (last) specifier. */
function ignored(list: string): { versions: string[]; spec: string } {
  const parts = list.split(';').map((p) => p.trim()).filter(Boolean);
  const versions = parts.map((p) => p.split(/\s+/)[0]!);
  const spec = /Requires-Python (\S+)/.exec(parts.at(-1) ?? '')?.[1] ?? '';
  return { versions, spec };
}

/** The newest 3.x below the spec's `<` bound, to suggest a Python that fits. */
function suitablePython(spec: string): string {
  const below = /<\s*3\.(\d+)/.exec(spec);
  return below ? `3.${Math.min(12, Number(below[1]) - 1)}` : '3.12';
}

export const signature: Signature = {
  meta: {
    id: 'requires-python-mismatch',
    category: 'python-version',
    severity: 'error',
    title: "The package does not support this Python version",
    sources: [
      'https://github.com/Fosowl/agenticSeek/issues/156',
      'https://github.com/GeekyGhost/ComfyUI-Geeky-Kokoro-TTS/issues/11',
      'https://github.com/phonikud/phonikud/issues/48',
      'https://github.com/hexgrad/kokoro/issues/342',
    ],
  },

  match(input) {
    const diff = firstHit(input, DIFFERENT);
    if (diff) {
      return { confidence: 0.95, title: `${diff.match[1]} requires Python ${diff.match[3]}; this is ${diff.match[2]}`, evidence: evidenceOf([diff]), captures: { pkg: diff.match[1]!, spec: diff.match[3]!, python: diff.match[2]! } };
    }
    const ign = firstHit(input, IGNORED);
    if (!ign) return null;
    const { versions, spec } = ignored(ign.match[1]!);
    const nd = firstHit(input, NO_DIST);
    const pkg = nd?.match[1]?.replace(/\[.*$/, '') ?? '';
    // When the pinned version is not among the skipped ones, the skipped versions belong to another package.
    const pinned = nd?.match[2] === '==' ? nd.match[3] : undefined;
    const relevant = !pinned || versions.includes(pinned);
    return {
      confidence: relevant ? 0.93 : 0.55,
      title: pkg ? `${pkg}${pinned ? ` ${pinned}` : ''} requires Python ${spec}` : `Releases were skipped for needing Python ${spec}`,
      evidence: evidenceOf([ign, nd]),
      captures: { pkg, spec, python: facts(input).pythonVersion ?? '' },
    };
  },

  fixes(m, input): Fix[] {
    const { pkg, spec, python } = m.captures;
    const version = suitablePython(spec!);
    const name = pkg || '<package>';
    return [
      ...isolatedEnv(input, pkg ? installSpec(pkg, input) : name, version),
      advice(`Why ${name} is not found`, `Its releases declare Requires-Python ${spec}${python ? ` and this interpreter is Python ${python}` : ''}; pip hides them instead of failing loudly. A separate environment on Python ${version} keeps the rest of the app on its own Python.`),
    ];
  },
};
