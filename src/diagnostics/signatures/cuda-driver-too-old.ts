// The NVIDIA driver supports an older CUDA than the one this torch build was compiled for.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const TOO_OLD = /The NVIDIA driver on your system is too old \(found version (\d+)\)/;

/** 11040 -> "11.4": the CUDA version the driver supports, as torch reports it. */
function cudaOf(found: number): string {
  return `${Math.floor(found / 1000)}.${Math.floor((found % 1000) / 10)}`;
}

export const signature: Signature = {
  meta: {
    id: 'cuda-driver-too-old',
    category: 'device-unavailable',
    severity: 'error',
    title: 'The NVIDIA driver is too old for this torch build',
    sources: ['https://github.com/espnet/espnet/issues/2318', 'https://github.com/RVC-Boss/GPT-SoVITS/issues/83', 'https://github.com/lllyasviel/Fooocus/issues/1313', 'https://github.com/IEIT-Yuan/Yuan-2.0/issues/65'],
  },

  match(input) {
    const hit = firstHit(input, TOO_OLD);
    if (!hit) return null;
    const cuda = cudaOf(Number(hit.match[1]));
    return { confidence: 0.95, title: `The NVIDIA driver supports CUDA ${cuda}, older than this torch needs`, evidence: evidenceOf([hit]), captures: { cuda } };
  },

  fixes(m, input): Fix[] {
    const cuda = m.captures.cuda!;
    const major = Number(cuda.split('.')[0]);
    const fixes: Fix[] = [advice('Update the NVIDIA driver (best fix)', `nvidia-smi shows the driver and the highest CUDA it supports (now ${cuda}). Install a newer driver from https://www.nvidia.com/Download/index.aspx or your distribution's packages.`)];
    // CUDA 11.x drivers run cu118 wheels (minor-version compatibility); nothing current is built for CUDA 10.
    if (major === 11) fixes.push(command('Or install a torch built for CUDA 11.8, which this driver can run', pip(input, ['install', '--force-reinstall', 'torch', 'torchaudio', '--index-url', 'https://download.pytorch.org/whl/cu118'])));
    else fixes.push(advice('No current torch build runs on this driver', `The driver only supports CUDA ${cuda}; current torch wheels need CUDA 11.8 or newer. Update the driver, or run on the CPU.`));
    return fixes;
  },
};
