// An extension (torchaudio, torchvision, ...) was built against another torch/C++ library than the one installed.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

// A cheap literal test first: the library-name pattern backtracks on every word of a long log.
const GATE = /undefined symbol|Symbol not found|compiled with different CUDA versions|lib(?:c10|torch)_(?:cuda|hip)\w*\.so/;
/**
 * torch's own GPU libraries missing: the extension was built for a CUDA (or ROCm) torch and the
 * torch installed is another build, typically the CPU one. Not a system library to apt-get.
 */
const TORCH_VARIANT = /(lib(?:c10|torch)_(?:cuda|hip)\w*\.so)(?:\.[\d.]+)?: cannot open shared object file/;
const PATTERNS = [
  TORCH_VARIANT,
  /([\w.+-]+\.(?:so|pyd|dylib))[^\n]*?: undefined symbol: (\S+)/,
  /undefined symbol: (\S+)/,
  /Symbol not found: (\S+)/,
  /PyTorch and (\w+) were compiled with different CUDA versions[^\n]*/,
];

/**
 * The torchaudio release that fits a torch release: up to 2.10 each pins torch to its own number
 * (torchaudio 2.10.0 requires torch==2.10.0); from 2.11 it declares torch>=2.11 and follows no torch
 * release of its own. Other extensions number differently: left unpinned.
 */
function matchingSpec(ext: string, torch: string | undefined): string {
  const v = /^(\d+)\.(\d+)\.(\d+)/.exec(torch ?? '');
  if (ext !== 'torchaudio' || !v || v[1] !== '2') return ext;
  return Number(v[2]) <= 10 ? `torchaudio==${v[0]}` : 'torchaudio>=2.11';
}

export const signature: Signature = {
  meta: {
    id: 'native-symbol-mismatch',
    category: 'abi-break',
    severity: 'error',
    title: 'A compiled extension does not match the installed torch',
    sources: ['https://github.com/pytorch/audio/issues/62', 'https://github.com/bagustris/w2v2-vad/issues/1', 'https://github.com/pytorch/audio/issues/2525', 'https://github.com/pytorch/audio/issues/3335', 'https://github.com/Lightning-AI/torchmetrics/issues/2188', 'https://github.com/mli/autocut/issues/106'],
  },

  match(input) {
    if (!GATE.test(input.text)) return null;
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    const variant = TORCH_VARIANT.test(hit.text);
    // The missing-library line rarely names the extension; the traceback around it does.
    const where = variant ? input.text : hit.text;
    const lib = /torchaudio|_torch_sox|TorchAudio/i.test(where) ? 'torchaudio' : /torchvision/i.test(where) ? 'torchvision' : '';
    const title = variant
      ? `${lib || 'An extension'} was built for a ${hit.match[1]!.includes('hip') ? 'ROCm' : 'CUDA'} torch; the installed torch is another build`
      : lib ? `${lib} does not match the installed torch` : undefined;
    return { confidence: 0.9, title, evidence: evidenceOf([hit]), captures: { lib, variant: variant ? hit.match[1]! : '' } };
  },

  fixes(m, input) {
    const lib = m.captures.lib;
    const torch = input.env?.distributions?.torch;
    if (m.captures.variant) {
      const cpu = torch?.includes('+cpu') || !/\+cu|\+rocm/.test(torch ?? '');
      const ext = lib || 'torchaudio';
      return [
        ...(cpu ? [command(`Install the CPU build of ${ext} that matches torch${torch ? ` ${torch}` : ''}`, pip(input, ['install', '--force-reinstall', '--no-deps', matchingSpec(ext, torch), '--index-url', 'https://download.pytorch.org/whl/cpu']))] : []),
        advice(`Use one build of torch and ${ext}`, `${m.captures.variant} belongs to a ${m.captures.variant.includes('hip') ? 'ROCm' : 'CUDA'} build of torch: ${ext} was installed for that build (PyPI's default wheels are CUDA builds on Linux) while the torch here is ${torch ? `${torch}, ` : ''}another. Install both from the same index (https://download.pytorch.org/whl/cpu for CPU-only machines) at matching versions; apt cannot provide this library.`),
      ];
    }
    return [
      ...(lib ? [command(`Reinstall torch and ${lib} together, from the same index, so their versions match`, pip(input, ['install', '--force-reinstall', 'torch', lib]))] : []),
      advice('Install matching builds', `${lib || 'The extension'} is linked against one exact torch release (and CUDA variant). Mixing a conda torch with a pip ${lib || 'extension'}, or upgrading one without the other, gives undefined symbols; install both from the same channel and matching versions (see the torch/${lib || 'extension'} compatibility table).`),
    ];
  },
};
