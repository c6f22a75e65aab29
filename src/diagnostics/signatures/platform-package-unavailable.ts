// The package only ships wheels for other platforms (mlx: Apple silicon), or the resolver says no wheel matches this one.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, facts, firstHit } from '../text-scan.js';

const UV_TAG = /(\S+?)==?[\w.]* has no wheels with a matching platform tag \(e\.g\., `([^`]+)`\)/;
const NO_DIST = /(?:No matching distribution found for|Could not find a version that satisfies the requirement) ([\w.-]+)/;

/** Packages that only exist for some platforms, and where. */
const ONLY_ON: Record<string, { where: string; alternative: string }> = {
  mlx: { where: 'macOS on Apple silicon (arm64) with a native arm64 Python', alternative: 'On Linux/Windows use the PyTorch or ONNX build of the model (kokoro, kokoro-onnx) instead of MLX-Audio.' },
  'mlx-audio': { where: 'macOS on Apple silicon (arm64), through mlx', alternative: 'On Linux/Windows use kokoro or kokoro-onnx.' },
  'mlx-lm': { where: 'macOS on Apple silicon (arm64), through mlx', alternative: 'Use a PyTorch backend elsewhere.' },
};

export const signature: Signature = {
  meta: {
    id: 'platform-package-unavailable',
    category: 'platform-constraint',
    severity: 'error',
    title: 'The package has no build for this platform',
    sources: ['https://github.com/linyiLYi/bilibot/issues/21', 'https://github.com/ml-explore/mlx/issues/105', 'https://github.com/ml-explore/mlx/issues/200', 'https://github.com/ml-explore/mlx/issues/2954'],
  },

  match(input) {
    const uv = input.text.includes('matching platform tag') ? firstHit(input, UV_TAG) : null;
    if (uv) return { confidence: 0.92, title: `${uv.match[1]} has no wheel for ${uv.match[2]}`, evidence: evidenceOf([uv]), captures: { pkg: uv.match[1]!.replace(/\[.*$/, ''), tag: uv.match[2]! } };
    const nd = firstHit(input, NO_DIST);
    const pkg = nd?.match[1]?.toLowerCase();
    if (!nd || !pkg || !ONLY_ON[pkg]) return null;
    const f = facts(input);
    const native = f.platform === 'darwin' && f.machine === 'arm64';
    return { confidence: native ? 0.5 : 0.82, title: `${pkg} is only published for ${ONLY_ON[pkg]!.where}`, evidence: evidenceOf([nd]), captures: { pkg, tag: '' } };
  },

  fixes(m): Fix[] {
    const known = ONLY_ON[m.captures.pkg!];
    const fixes: Fix[] = [];
    if (known) {
      fixes.push(advice(`Run ${m.captures.pkg} where it exists`, `${m.captures.pkg} is published for ${known.where}. On a Mac, \`python -c "import platform; print(platform.machine())"\` must print arm64 (an x86_64 Python under Rosetta finds nothing). ${known.alternative}`));
    } else {
      fixes.push(advice(`Pick a release or platform that has a wheel`, `No ${m.captures.pkg} wheel matches ${m.captures.tag}. Install a release that publishes one for this platform, build it from source, or run on one of the platforms the resolver lists.`));
    }
    return fixes;
  },
};
