// The code asks for Apple's MPS device where torch cannot provide it (older macOS, Intel, Linux, or an x86 Python).
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /The MPS backend is supported on MacOS ([\d.]+)\+/,
  /PyTorch is not linked with support for mps devices/,
  /MPS requested but not available/,
  /MPS backend is not available|MPS not available because/,
];

export const signature: Signature = {
  meta: {
    id: 'mps-unavailable',
    category: 'device-unavailable',
    severity: 'error',
    title: 'The MPS (Apple GPU) device is not available',
    sources: ['https://github.com/pytorch/pytorch/issues/164943', 'https://github.com/pytorch/pytorch/issues/139425', 'https://github.com/yukiarimo/yuna-ai/issues/108', 'https://github.com/hexgrad/kokoro/pull/164'],
  },

  match(input) {
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    return { confidence: 0.92, evidence: evidenceOf([hit]), captures: { macos: hit.match[1] ?? '' } };
  },

  fixes(m) {
    return [
      advice('Fall back to the CPU when MPS is not there', 'Choose the device with torch.backends.mps.is_available() instead of hard-coding "mps"; on Linux and Windows MPS never exists.'),
      advice(m.captures.macos ? `Upgrade macOS to ${m.captures.macos} or later` : 'Use a native arm64 Python on Apple silicon', m.captures.macos ? `This torch needs macOS ${m.captures.macos}+ for MPS (\`sw_vers\` shows yours); older torch releases supported older macOS.` : 'An x86_64 Python under Rosetta sees no MPS: `python -c "import platform; print(platform.machine())"` must print arm64.'),
    ];
  },
};
