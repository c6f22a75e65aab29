// piper-tts <1.3 needs piper-phonemize, which has wheels only for some OS/Python pairs; pip reports it as a conflict.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, facts, firstHit, pyNumber } from '../text-scan.js';

const CONFLICT = /piper-tts [\d.]+ depends on piper-phonemize|Cannot install piper-tts==[\d.]+ and piper-tts==|No matching distribution found for piper-phonemize/;

export const signature: Signature = {
  meta: {
    id: 'piper-phonemize-unavailable',
    category: 'platform-constraint',
    severity: 'error',
    title: 'piper-phonemize has no build for this OS or Python, so old piper-tts cannot install',
    sources: ['https://github.com/rhasspy/piper/issues/725', 'https://github.com/rhasspy/piper/issues/272', 'https://github.com/rhasspy/piper/issues/642', 'https://github.com/rhasspy/piper/issues/509'],
  },

  match(input) {
    const hit = firstHit(input, CONFLICT);
    if (!hit) return null;
    // With a Python past 3.11 known, the missing cp312+ wheels are the reason, not the OS.
    const py = pyNumber(facts(input).pythonVersion);
    return {
      confidence: 0.93,
      category: input.env?.pythonVersion && py !== null && py >= 312 ? 'python-version' : undefined,
      evidence: evidenceOf([hit]),
      captures: { python: facts(input).pythonVersion ?? '', platform: facts(input).platform ?? '' },
    };
  },

  fixes(m, input): Fix[] {
    return [
      command('Install piper-tts 1.3 or later, which bundles espeak-ng and no longer needs piper-phonemize', pip(input, ['install', 'piper-tts>=1.3'])),
      advice('Why pip calls it a conflict', `piper-tts 1.1/1.2 pin piper-phonemize, published only for Linux and macOS and only up to CPython 3.11${m.captures.platform === 'win32' ? ' (never for Windows)' : ''}. pip then tries every piper-tts release and reports the pins as conflicting. If you must stay on 1.2, use Python 3.11 on Linux or macOS.`),
    ];
  },
};
