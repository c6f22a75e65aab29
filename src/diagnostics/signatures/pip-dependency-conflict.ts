// pip cannot satisfy every package's requirements at once, or left an environment whose packages disagree.
import type { Fix } from '../../core/report-types.js';
import type { Signature, SignatureMatch } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { allHits, evidenceOf, firstHit, type Hit } from '../text-scan.js';

const INCOMPATIBLE = /^\s*([\w.-]+) ([\w.+]+) requires ([\w.-]+)(?:\[[\w,]+\])?([^,\n]*(?:,[<>=!~][^,\n]*)*), but you have \3 ([\w.+]+) which is incompatible/gm;
const PATTERNS = [
  /ResolutionImpossible/,
  /Cannot install ([^\n]+?) because these package versions have conflicting dependencies/,
  /ResolutionTooDeep/,
  // uv's resolver says it in its own words.
  /No solution found when resolving dependencies/,
  /operator torchvision::nms does not exist/,
];
const CAUSE = /The conflict is caused by:\s*\n([^\n]+)\n([^\n]+)/;
/** The chains under "The conflict is caused by:", one indented line each, up to the blank line. */
const CHAINS = /The conflict is caused by:[ \t]*\n((?:[ \t]+\S[^\n]*\n?)+)/;

/** uv's derivation: "Because requests==2.31.0 depends on urllib3>=1.21.1,<3 and you require ...". */
const UV_CHAIN = /^[ \t]*(?:cause:[ \t]*|╰─▶[ \t]*)?((?:And b|B)ecause [^\n]+)$/gm;

function chains(text: string): string[] {
  const block = CHAINS.exec(text)?.[1] ?? '';
  const pip = block.split('\n').map((l) => l.trim()).filter(Boolean);
  const uv = [...text.matchAll(UV_CHAIN)].map((m) => m[1]!.trim());
  return [...pip, ...uv].slice(0, 6);
}

export const signature: Signature = {
  meta: {
    id: 'pip-dependency-conflict',
    category: 'dependency-conflict',
    severity: 'error',
    title: "Installed packages require versions of each other that cannot all hold",
    sources: [
      'https://github.com/jamesridgway/attachment-downloader/issues/59',
      'https://github.com/KoljaB/Linguflex/issues/19',
      'https://github.com/daswer123/xtts-webui/issues/118',
      'https://github.com/idiap/coqui-ai-TTS/issues/306',
      'https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts',
      'https://github.com/astral-sh/uv/issues/3716',
    ],
  },

  match(input): SignatureMatch | null {
    const incompatible = allHits(input, INCOMPATIBLE, 20);
    const hits: Hit[] = [];
    for (const re of PATTERNS) {
      const h = firstHit(input, re);
      if (h) hits.push(h);
    }
    if (!incompatible.length && !hits.length) return null;
    const first = incompatible[0]?.match;
    const cause = firstHit(input, CAUSE);
    const chain = chains(input.text);
    return {
      confidence: 0.86,
      title: first
        ? `${first[1]} ${first[2]} needs ${first[3]}${first[4]!.trim()}, but ${first[3]} ${first[5]} is installed`
        : chain.length >= 2 ? `These requirements collide: ${chain.join('; ')}` : undefined,
      evidence: [...evidenceOf([...incompatible.slice(0, 3), ...hits, cause]), ...chain.map((value) => ({ label: 'conflict', value }))],
      captures: first ? { owner: first[1]!, needs: first[3]!, range: first[4]!.trim(), have: first[5]! } : {},
    };
  },

  fixes(m, input): Fix[] {
    const { owner, needs, range } = m.captures;
    const fixes: Fix[] = [];
    if (owner && needs && range) fixes.push(command(`Install the ${needs} that ${owner} requires`, pip(input, ['install', `${needs}${range.replace(/\s+/g, '')}`])));
    fixes.push(command('Show what is still inconsistent', pip(input, ['check'])));
    fixes.push(advice('Give the TTS engine its own environment', `${owner ? `${owner} and the packages pinning other ${needs} versions` : 'These packages'} cannot share one environment. Put the TTS engine in a separate venv (python -m venv ~/.venvs/tts) and point the app's interpreter setting at it, as StyleTTS2 and coqui-tts users do.`));
    return fixes;
  },
};
