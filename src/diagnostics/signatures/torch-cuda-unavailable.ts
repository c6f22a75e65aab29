// The code asks for CUDA but this torch is a CPU-only build (or runs on a Mac, where CUDA never exists).
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pip, pyRun } from '../fix-kit.js';
import { evidenceOf, facts, firstHit } from '../text-scan.js';

const NOT_COMPILED = /Torch not compiled with CUDA enabled/;
const NO_GPU = /Found no NVIDIA driver on your system|RuntimeError: No CUDA GPUs are available/;

export const signature: Signature = {
  meta: {
    id: 'torch-cuda-unavailable',
    category: 'device-unavailable',
    severity: 'error',
    title: 'CUDA was requested but this torch cannot use a GPU',
    sources: [
      'https://github.com/BoltzmannEntropy/xtts2-ui/issues/28',
      'https://github.com/CorentinJ/Real-Time-Voice-Cloning/issues/101',
      'https://github.com/fishaudio/fish-speech/issues/468',
      'https://github.com/facebookresearch/detectron2/issues/460',
    ],
  },

  match(input) {
    const hit = firstHit(input, NOT_COMPILED) ?? firstHit(input, NO_GPU);
    if (!hit) return null;
    return { confidence: 0.93, evidence: evidenceOf([hit]), captures: { cpuBuild: NOT_COMPILED.test(hit.text) ? 'yes' : '' } };
  },

  fixes(m, input): Fix[] {
    const f = facts(input);
    if (f.platform === 'darwin') {
      return [advice('Use device "mps" or "cpu" on a Mac', 'CUDA does not exist on macOS. Pass device="mps" (Apple silicon, torch>=1.12) or "cpu" where the code hard-codes "cuda" / .cuda() / gpu=True.')];
    }
    const fixes: Fix[] = [];
    if (m.captures.cpuBuild) fixes.push(command('Install a CUDA build of torch (CUDA 12.4 wheels; pick the index matching your driver)', pip(input, ['install', '--force-reinstall', 'torch', 'torchaudio', '--index-url', 'https://download.pytorch.org/whl/cu124'])));
    fixes.push(command('Check what torch sees', pyRun(input, ['-c', 'import torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available())'])));
    fixes.push(advice('Or run on the CPU', 'Set the device to "cpu" (gpu=False in coqui TTS) when there is no NVIDIA GPU; a CPU-only torch is the right install there.'));
    return fixes;
  },
};
