// onnxruntime-gpu is installed but the CUDA/cuDNN libraries its CUDA provider links against are not.
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const PROVIDER_LIB = /Failed to load library (libonnxruntime_providers_(?:cuda|tensorrt)\.(?:so|dll)) with error: ([^\n]+)/;

export const signature: Signature = {
  meta: {
    id: 'onnxruntime-cuda-libraries-missing',
    category: 'native-library-missing',
    severity: 'error',
    title: "onnxruntime's CUDA provider cannot load its CUDA libraries",
    sources: ['https://github.com/commaai/openpilot/issues/31708', 'https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html#requirements'],
  },

  match(input) {
    const hit = firstHit(input, PROVIDER_LIB);
    if (!hit) return null;
    const missing = /(lib\w+\.so[.\d]*)/.exec(hit.match[2]!)?.[1] ?? hit.match[2]!;
    return { confidence: 0.91, title: `${hit.match[1]} needs ${missing}`, evidence: evidenceOf([hit]), captures: { missing } };
  },

  fixes(m, input) {
    const cuda11 = /\.so\.11\b/.test(m.captures.missing!);
    return [
      command('Install the CUDA 12 runtime, cuBLAS and cuDNN as Python wheels', pip(input, ['install', 'nvidia-cuda-runtime-cu12', 'nvidia-cublas-cu12', 'nvidia-cudnn-cu12']), { runnable: !cuda11 }),
      advice('Match onnxruntime-gpu to the CUDA on this machine', `${m.captures.missing} is missing.${cuda11 ? ' This build of onnxruntime-gpu wants CUDA 11 libraries: install an onnxruntime-gpu built for the CUDA this machine has, or the CUDA 11 runtime.' : ''} The CUDA provider needs the CUDA runtime, cuBLAS and cuDNN major versions it was built with; until then onnxruntime falls back to the CPU. Libraries installed as nvidia-* wheels are found after \`import torch\` or onnxruntime.preload_dlls() (see the CUDA provider docs).`),
    ];
  },
};
