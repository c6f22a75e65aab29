// phonemizer / misaki / Piper cannot load libespeak-ng (or the espeak-ng program) on this machine.
import type { Fix } from '../../core/report-types.js';
import type { Signature, SignatureInput } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, facts, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /espeak not installed on your system/,
  /(libespeak(?:-ng)?\.so(?:\.\d+)*): cannot open shared object file/,
  /No such file or directory: '(espeak(?:-ng)?)'/,
  /espeak-ng not found|Missing runtime dependency: espeak-ng/i,
  /Library not loaded: \S*(libespeak-ng[^\s)]*)/,
  /Could not find module '[^']*(libespeak-ng\.dll)'/,
];

function platformFixes(input: SignatureInput, legacy: boolean): Fix[] {
  const f = facts(input);
  const fixes: Fix[] = [];
  if (f.platform === 'darwin') fixes.push(command('Install espeak-ng (Homebrew)', 'brew install espeak-ng'));
  else if (f.platform === 'win32') fixes.push(advice('Install espeak-ng for Windows', 'Install the espeak-ng .msi from https://github.com/espeak-ng/espeak-ng/releases and set PHONEMIZER_ESPEAK_LIBRARY to C:\\Program Files\\eSpeak NG\\libespeak-ng.dll.'));
  else fixes.push(command(legacy ? 'Install the espeak library the code asks for (Debian/Ubuntu)' : 'Install espeak-ng (Debian/Ubuntu)', legacy ? 'sudo apt-get install -y espeak libespeak1' : 'sudo apt-get install -y espeak-ng'));
  if (f.conda && f.platform !== 'win32') fixes.push(command('Or install it into the conda environment', 'conda install -y -c conda-forge espeak-ng'));
  return fixes;
}

export const signature: Signature = {
  meta: {
    id: 'espeak-library-missing',
    category: 'native-library-missing',
    severity: 'error',
    title: 'The espeak-ng library or program cannot be found',
    sources: [
      'https://github.com/bootphon/phonemizer/issues/44',
      'https://github.com/bootphon/phonemizer/issues/185',
      'https://github.com/yl4579/StyleTTS2/issues/297',
      'https://github.com/Zyphra/Zonos/issues/142',
      'https://github.com/espeak-ng/espeak-ng/issues/1721',
      'https://github.com/izwi-ai/izwi/issues/207',
    ],
  },

  match(input) {
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    const legacy = /libespeak\.so/.test(hit.text);
    return { confidence: 0.93, evidence: evidenceOf([hit]), captures: { legacy: legacy ? 'yes' : '' } };
  },

  fixes(m, input): Fix[] {
    const legacy = Boolean(m.captures.legacy);
    const fixes = platformFixes(input, legacy);
    if (!legacy) {
      fixes.push(command('Or bundle the library into the interpreter (no system package needed)', pip(input, ['install', 'espeakng-loader', 'phonemizer-fork'])));
      fixes.push(advice('If espeak-ng is installed but still not found', 'Point phonemizer at it: PHONEMIZER_ESPEAK_LIBRARY=/path/to/libespeak-ng.so (.dylib on macOS, e.g. /opt/homebrew/lib/libespeak-ng.dylib). "espeak not installed" is also raised when the library exists but fails to load (e.g. a GLIBCXX mismatch): try loading it with ctypes to see the real error.'));
    }
    return fixes;
  },
};
