// A phonemizer that needs libespeak-ng is installed but no espeak-ng library can be found for it.
import type { Check, CheckContext } from '../check.js';
import { advice, command, interpreterPath, pipCommand } from '../fix-helpers.js';

export const meta = {
  id: 'espeak-library-missing',
  category: 'native-library-missing',
  severity: 'warning',
  title: 'espeak-ng is missing for an installed phonemizer',
  requires: ['probe'],
} as const satisfies Check['meta'];

// Packages that load libespeak-ng through ctypes at run time (piper bundles its own copy).
const NEEDS_ESPEAK = ['phonemizer', 'phonemizer-fork', 'misaki', 'kokoro', 'kokoro-onnx', 'styletts2', 'coqui-tts', 'tts'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const probe = ctx.environment.probe;
  if (!probe?.distributions || !probe.espeak) return [];
  const { library, loaderPackageLibrary, phonemizerLibraryEnv } = probe.espeak;
  if (library || loaderPackageLibrary || phonemizerLibraryEnv) return [];
  const users = probe.distributions.filter((d) => NEEDS_ESPEAK.includes(d.name.toLowerCase()));
  if (!users.length) return [];
  const system = probe.platform.system;
  const fixes = [];
  if (system === 'Linux') fixes.push(command('Install the espeak-ng library (Debian/Ubuntu)', 'sudo apt-get install -y espeak-ng'));
  if (system === 'Darwin') fixes.push(command('Install espeak-ng (Homebrew)', 'brew install espeak-ng'));
  fixes.push(command('Or install the bundled library into this interpreter', pipCommand(interpreterPath(ctx.environment), ['install', 'espeakng-loader'])));
  fixes.push(advice('Or point phonemizer at a library', 'Set PHONEMIZER_ESPEAK_LIBRARY to the full path of libespeak-ng (.so / .dylib / .dll).'));
  return [{
    message: `${users.map((d) => d.name).join(', ')} phonemize through espeak-ng, but no libespeak-ng was found (system library search, espeakng-loader, PHONEMIZER_ESPEAK_LIBRARY). Expect "espeak not installed on your system", or out-of-vocabulary words silently dropped when the espeak fallback is off.`,
    evidence: [
      { label: 'needs espeak-ng', value: users.map((d) => `${d.name}==${d.version}`).join(', ') },
      { label: 'ctypes.util.find_library("espeak-ng")', value: 'None' },
      { label: 'espeak-ng binary', value: probe.espeak.binary ?? 'not on PATH' },
    ],
    fixes,
    key: users.map((d) => d.name.toLowerCase()).join(','),
  }];
}

export const check: Check = { meta, run };
