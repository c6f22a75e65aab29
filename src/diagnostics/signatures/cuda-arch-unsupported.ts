// The torch (or app) build has no CUDA kernels for this GPU's architecture: too new (RTX 50) or too old (Maxwell/Pascal).
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pip, pyRun } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /no kernel image is available for execution on the device/,
  /cudaErrorNoKernelImageForDevice/,
  /with CUDA capability (sm_\d+) is not compatible with the current PyTorch installation/,
];

export const signature: Signature = {
  meta: {
    id: 'cuda-arch-unsupported',
    category: 'device-unavailable',
    severity: 'error',
    title: 'The installed torch has no CUDA kernels for this GPU',
    sources: [
      'https://github.com/RVC-Project/Retrieval-based-Voice-Conversion-WebUI/issues/1681',
      'https://github.com/jamiepine/voicebox/issues/978',
      'https://github.com/jamiepine/voicebox/issues/400',
    ],
  },

  match(input) {
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    return { confidence: 0.93, evidence: evidenceOf([hit]), captures: { sm: hit.match[1] ?? '' } };
  },

  fixes(m, input): Fix[] {
    return [
      command('Compare the GPU with the architectures this torch was built for', pyRun(input, ['-c', 'import torch; print(torch.cuda.get_device_capability(), torch.cuda.get_arch_list())'])),
      command('RTX 50 series (sm_120): install a torch built with CUDA 12.8', pip(input, ['install', '--force-reinstall', 'torch', 'torchaudio', '--index-url', 'https://download.pytorch.org/whl/cu128'])),
      advice('Older GPUs (Maxwell/Pascal, sm_50 to sm_61)', `${m.captures.sm ? `This GPU is ${m.captures.sm}. ` : ''}Recent torch wheels dropped the oldest architectures: install an older torch whose get_arch_list() still includes the GPU's sm_XX, or run on the CPU. A bundled app backend needs a build for the GPU from its maintainers.`),
    ];
  },
};
