// An extension (torchaudio, torchvision, ...) was built against another torch/C++ library than the one installed.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

// A cheap literal test first: the library-name pattern backtracks on every word of a long log.
const GATE = /undefined symbol|Symbol not found|compiled with different CUDA versions/;
const PATTERNS = [
  /([\w.+-]+\.(?:so|pyd|dylib))[^\n]*?: undefined symbol: (\S+)/,
  /undefined symbol: (\S+)/,
  /Symbol not found: (\S+)/,
  /PyTorch and (\w+) were compiled with different CUDA versions[^\n]*/,
];

export const signature: Signature = {
  meta: {
    id: 'native-symbol-mismatch',
    category: 'abi-break',
    severity: 'error',
    title: 'A compiled extension does not match the installed torch',
    sources: ['https://github.com/pytorch/audio/issues/62', 'https://github.com/pytorch/audio/issues/3335', 'https://github.com/Lightning-AI/torchmetrics/issues/2188', 'https://github.com/mli/autocut/issues/106'],
  },

  match(input) {
    if (!GATE.test(input.text)) return null;
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    const lib = /torchaudio|_torch_sox|TorchAudio/i.test(hit.text) ? 'torchaudio' : /torchvision/i.test(hit.text) ? 'torchvision' : '';
    return { confidence: 0.9, title: lib ? `${lib} does not match the installed torch` : undefined, evidence: evidenceOf([hit]), captures: { lib } };
  },

  fixes(m, input) {
    const lib = m.captures.lib;
    return [
      ...(lib ? [command(`Reinstall torch and ${lib} together, from the same index, so their versions match`, pip(input, ['install', '--force-reinstall', 'torch', lib]))] : []),
      advice('Install matching builds', `${lib || 'The extension'} is linked against one exact torch release (and CUDA variant). Mixing a conda torch with a pip ${lib || 'extension'}, or upgrading one without the other, gives undefined symbols; install both from the same channel and matching versions (see the torch/${lib || 'extension'} compatibility table).`),
    ];
  },
};
