// A native library a Python extension loads (libsndfile, PortAudio, FFmpeg, ...) is not on the loader's path.
import type { Fix } from '../../core/report-types.js';
import type { Signature, SignatureInput } from '../signature.js';
import { advice, command, pip } from '../fix-kit.js';
import { evidenceOf, facts, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /(lib[\w.+-]+?\.so(?:\.[\d.]+)?): cannot open shared object file/,
  /Library not loaded: (\S+)/,
  /cannot load library '([^']+)'/,
  // soundfile and sounddevice raise exactly this: "sndfile library not found", "PortAudio library not found".
  /OSError: (\w+) library not found/,
  /Could not load (lib\w+)\b/,
  /DLL load failed(?: while importing (\w+))?/,
  /Could not find module '([^']+\.dll)'/,
];

/** What provides the usual audio libraries, per platform. */
const PROVIDERS: { re: RegExp; name: string; apt: string; brew: string; pip?: { spec: string; why: string } }[] = [
  { re: /sndfile/i, name: 'libsndfile', apt: 'libsndfile1', brew: 'libsndfile', pip: { spec: 'soundfile', why: 'soundfile wheels for Windows and macOS bundle libsndfile' } },
  { re: /portaudio/i, name: 'PortAudio', apt: 'libportaudio2', brew: 'portaudio', pip: { spec: 'sounddevice', why: 'sounddevice wheels for Windows and macOS bundle PortAudio' } },
  { re: /torchcodec|avcodec|avformat|ffmpeg/i, name: 'FFmpeg shared libraries', apt: 'ffmpeg', brew: 'ffmpeg' },
  { re: /espeak/i, name: 'espeak-ng', apt: 'espeak-ng', brew: 'espeak-ng' },
];

function providerFixes(input: SignatureInput, lib: string): Fix[] {
  const p = PROVIDERS.find((x) => x.re.test(lib));
  if (!p) return [];
  const f = facts(input);
  const fixes: Fix[] = [];
  if (f.platform === 'darwin') fixes.push(command(`Install ${p.name} (Homebrew)`, `brew install ${p.brew}`));
  else if (f.platform !== 'win32') fixes.push(command(`Install ${p.name} (Debian/Ubuntu)`, `sudo apt-get install -y ${p.apt}`));
  if (p.pip && f.platform !== 'linux') fixes.push(command(`Reinstall ${p.pip.spec} from its wheel (${p.pip.why})`, pip(input, ['install', '--force-reinstall', p.pip.spec])));
  if (p.name.startsWith('FFmpeg')) fixes.push(advice('Windows: use a shared FFmpeg build', 'torchcodec loads FFmpeg DLLs at run time: install a "full-shared" FFmpeg build (or `conda install -c conda-forge ffmpeg`) and put its bin folder on PATH; also check the torch/torchcodec version table.'));
  return fixes;
}

export const signature: Signature = {
  meta: {
    id: 'shared-library-missing',
    category: 'native-library-missing',
    severity: 'error',
    title: 'A native library is missing',
    sources: [
      'https://github.com/PaddlePaddle/PaddleSpeech/issues/2943',
      'https://github.com/Rayhane-mamah/Tacotron-2/issues/81',
      'https://github.com/bastibe/python-soundfile/issues/468',
      'https://github.com/meta-pytorch/torchcodec/issues/1147',
      'https://github.com/Reqeique/Dimits/issues/2',
    ],
  },

  match(input) {
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    return { confidence: 0.72, title: `Native library not found: ${hit.match[1] ?? 'a DLL'}`, evidence: evidenceOf([hit]), captures: { lib: hit.match[1] ?? '' } };
  },

  fixes(m, input): Fix[] {
    const f = facts(input);
    const lib = m.captures.lib!;
    return [
      ...providerFixes(input, lib),
      advice(`Find what provides ${lib || 'the library'}`, f.platform === 'darwin' ? 'Find it with `brew search`, or check `otool -L` on the extension for the path it expects.' : f.platform === 'win32' ? 'Install the Visual C++ Redistributable and the runtime the package documents; a DLL next to the .pyd or on PATH is found.' : `\`apt-file search ${lib}\` names the Debian/Ubuntu package; \`ldd\` on the extension lists every library it cannot resolve. Set LD_LIBRARY_PATH when the library lives outside the system paths.`),
    ];
  },
};
