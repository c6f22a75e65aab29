// onnxruntime was asked for the CUDA provider but this onnxruntime build does not have it (CPU package installed).
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, facts, firstHit } from '../text-scan.js';

const NOT_AVAILABLE = /Specified provider '(\w+ExecutionProvider)' is not in available provider names\.?\s*Available providers: '([^']*)'/;
const FAILED = /Failed to create (\w+ExecutionProvider)/;

export const signature: Signature = {
  meta: {
    id: 'onnxruntime-provider-unavailable',
    category: 'device-unavailable',
    severity: 'error',
    title: 'onnxruntime has no GPU provider: it runs on the CPU',
    sources: [
      'https://github.com/nazdridoy/kokoro-tts/issues/59',
      'https://github.com/Naozumi520/g2pW-Cantonese/issues/1',
      'https://github.com/microsoft/onnxruntime/issues/23736',
      'https://nvidia.github.io/earth2mip/userguide/troubleshooting.html',
    ],
  },

  match(input) {
    const hit = firstHit(input, NOT_AVAILABLE) ?? firstHit(input, FAILED);
    if (!hit) return null;
    const provider = hit.match[1]!;
    return {
      confidence: 0.87,
      title: `${provider} is not available in this onnxruntime${hit.match[2] ? ` (only ${hit.match[2]})` : ''}`,
      evidence: evidenceOf([hit]),
      captures: { provider, available: hit.match[2] ?? '' },
    };
  },

  fixes(m, input): Fix[] {
    const provider = m.captures.provider!;
    if (provider.startsWith('CoreML') || facts(input).platform === 'darwin') {
      return [advice('Use the CoreML or CPU provider on macOS', 'CUDA providers do not exist on macOS; pass providers=["CoreMLExecutionProvider", "CPUExecutionProvider"] or CPU only.')];
    }
    return [
      command('Remove the CPU-only onnxruntime that shadows the GPU build', pip(input, ['uninstall', '-y', 'onnxruntime']), { runnable: false }),
      command('Install (again) the GPU build', pip(input, ['install', '--force-reinstall', 'onnxruntime-gpu'])),
      advice('One onnxruntime package per environment', `onnxruntime and onnxruntime-gpu both install the \`onnxruntime\` module; with both present the CPU one may win and ${provider} disappears. A CUDA driver, CUDA 12 runtime and cuDNN 9 must be present for onnxruntime-gpu >= 1.19.`),
    ];
  },
};
