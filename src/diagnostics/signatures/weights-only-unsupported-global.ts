// torch>=2.6 loads checkpoints with weights_only=True and rejects pickled classes it was not told to trust.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, coquiFixes, pip } from '../fix-kit.js';
import { allHits, evidenceOf, firstHit } from '../text-scan.js';

const FAILED = /Weights only load failed|WeightsUnpickler error/;
const GLOBAL = /Unsupported (?:global: GLOBAL|class) ([\w.]+)/g;
// XTTS pickles all four in one checkpoint: allowing only the first one named just moves the error to the next.
const XTTS_GLOBALS = ['TTS.tts.configs.xtts_config.XttsConfig', 'TTS.tts.models.xtts.XttsAudioConfig', 'TTS.config.shared_configs.BaseDatasetConfig', 'TTS.tts.models.xtts.XttsArgs'];
const BUILTINS = new Set(['getattr', 'setattr', 'eval', 'exec', 'print']);

/** `import torch`, one `from module import A, B` per module, then the allowlist call. */
function allowlist(globals: string[]): string {
  const byModule = new Map<string, string[]>();
  for (const g of globals) {
    const dot = g.lastIndexOf('.');
    if (dot !== -1) byModule.set(g.slice(0, dot), [...(byModule.get(g.slice(0, dot)) ?? []), g.slice(dot + 1)]);
  }
  const imports = [...byModule].map(([module, names]) => `from ${module} import ${names.join(', ')}`);
  const names = globals.map((g) => g.slice(g.lastIndexOf('.') + 1));
  return ['import torch', ...imports, `torch.serialization.add_safe_globals([${names.join(', ')}])`].join('\n');
}

export const signature: Signature = {
  meta: {
    id: 'weights-only-unsupported-global',
    category: 'weights-only-unpickling',
    severity: 'error',
    title: 'torch.load(weights_only=True) rejected a class pickled in the checkpoint',
    sources: [
      'https://github.com/coqui-ai/TTS/issues/4121',
      'https://github.com/medahmedkrichen/ViDubb/issues/19',
      'https://github.com/yl4579/StyleTTS2/issues/348',
      'https://github.com/OHF-Voice/piper1-gpl/issues/108',
      'https://pytorch.org/docs/stable/generated/torch.load.html',
    ],
  },

  match(input) {
    const failed = firstHit(input, FAILED);
    const globals = allHits(input, GLOBAL, 10);
    if (!failed && !globals.length) return null;
    const names = [...new Set(globals.map((h) => h.match[1]!))];
    return {
      confidence: 0.97,
      title: names.length ? `torch.load(weights_only=True) rejected ${names.join(', ')}` : undefined,
      evidence: evidenceOf([failed, ...globals]),
      captures: { globals: names.join(' ') },
    };
  },

  fixes(m, input): Fix[] {
    const names = m.captures.globals ? m.captures.globals.split(' ') : [];
    const xtts = names.some((n) => n.startsWith('TTS.'));
    const allowed = xtts ? [...new Set([...names, ...XTTS_GLOBALS])] : names.filter((n) => !BUILTINS.has(n));
    const fixes: Fix[] = [];
    // The original TTS (0.22.0 and older) never got this fix: the frames' TTS may be that one (fix-kit coquiFixes).
    if (xtts) fixes.push(...coquiFixes(input, 'Upgrade coqui-tts: the maintained fork loads XTTS under torch>=2.6', 'loads XTTS under torch>=2.6'));
    if (allowed.length) {
      fixes.push(advice(`Allow ${allowed.length === 1 ? 'this class' : 'these classes'} before loading (trusted checkpoints only)`, `Run this before the model loads, or wrap the load in \`with torch.serialization.safe_globals([...]):\`\n${allowlist(allowed)}`));
    }
    if (names.some((n) => BUILTINS.has(n))) fixes.push(advice(`Do not allowlist ${names.filter((n) => BUILTINS.has(n)).join(', ')}`, 'A builtin like getattr lets a pickle call arbitrary code; load such a checkpoint with weights_only=False only if you trust where it came from, or re-save it as a plain state_dict.'));
    fixes.push(command('Or stay on torch<2.6, where weights_only defaults to False', pip(input, ['install', 'torch<2.6'])));
    fixes.push(advice('Last resort: weights_only=False', 'Passing weights_only=False to torch.load executes whatever the pickle contains. Do it only for files from a source you trust.'));
    return fixes;
  },
};
