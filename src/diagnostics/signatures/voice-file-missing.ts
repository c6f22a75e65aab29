// The voice the app asked for is not on disk (Kokoro voices/<name>.pt, kokoro-onnx voices.bin, Piper voice models).
import type { Fix } from '../../core/report-types.js';
import type { Signature, SignatureInput } from '../signature.js';
import { advice, command, pyRun, shellQuote } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

const PATTERNS: { re: RegExp; kind: 'kokoro-pt' | 'onnx-bin' | 'onnx-voice' | 'piper' }[] = [
  { re: /Voice file not found:?\s*'?([^\s']+)/i, kind: 'kokoro-pt' },
  { re: /File not found: ([^\s]+\.pt) in paths: \[([^\]]*)\]/, kind: 'kokoro-pt' },
  { re: /No such file or directory: '([^']*voices?[\\/][^']+\.pt)'/, kind: 'kokoro-pt' },
  { re: /Voices file not found at (\S+)/, kind: 'onnx-bin' },
  { re: /'(\w+) is not a file in the archive'/, kind: 'onnx-voice' },
  { re: /Voice (\w+) not found in available voices/, kind: 'onnx-voice' },
  { re: /Unable to find voice: (\S+?)(?: \(use piper\.download_voices\))?$/m, kind: 'piper' },
];

// The OpenAI speech API voice names some servers alias to Kokoro voices (README, scenario S2).
const OPENAI_NAMES = new Set(['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer']);
const VOICES_BIN = 'https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/voices-v1.0.bin';

function split(path: string): { dir: string; base: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? { dir: '.', base: path } : { dir: path.slice(0, cut) || '/', base: path.slice(cut + 1) };
}

function kokoroFixes(path: string, input: SignatureInput): Fix[] {
  const { dir, base } = split(path);
  // `af_bella(0.4)` is a weighted mix: the weight must be parsed off before the file lookup.
  const weighted = /^(\w+)\(([\d.]+)\)\.pt$/.exec(base);
  const voice = weighted ? weighted[1]! : base.replace(/\.pt$/, '');
  const fixes: Fix[] = [];
  if (weighted) fixes.push(advice(`${base} is a weighted voice, not a file name`, `The server looked for a file literally named ${base}. "${voice}(${weighted[2]})" means ${voice} at weight ${weighted[2]}: the mixing syntax must be parsed before the lookup (a server bug or an unsupported syntax in this version), and ${voice}.pt must exist in ${dir}.`));
  if (/^[a-z]{2}_\w+$/.test(voice)) {
    const code = `import shutil; from huggingface_hub import hf_hub_download; shutil.copy(hf_hub_download("hexgrad/Kokoro-82M", "voices/${voice}.pt"), ${JSON.stringify(`${dir}/${voice}.pt`)})`;
    fixes.push(command(`Download ${voice}.pt (about 512 KB) into ${dir}`, pyRun(input, ['-c', code])));
  }
  if (OPENAI_NAMES.has(voice)) {
    fixes.push(advice(`Map the alias ${voice} to a voice that exists`, `${voice} looks like an OpenAI voice name. The alias table must resolve to a Kokoro voice file that is present (for example alloy -> af_sky only works when ${dir}/af_sky.pt exists).`));
  }
  fixes.push(advice('Ship the voices with the weights', `Kokoro v1.0 is the weights (kokoro-v1_0.pth, config.json) plus one <voice>.pt per voice under voices/. Copy the voices you use next to the weights: ${shellQuote(dir)} must contain ${voice}.pt.`));
  return fixes;
}

export const signature: Signature = {
  meta: {
    id: 'voice-file-missing',
    category: 'missing-asset-file',
    severity: 'error',
    title: 'The voice file the app asked for is not there',
    sources: [
      'https://github.com/remsky/Kokoro-FastAPI/issues/185',
      'https://github.com/thewh1teagle/kokoro-onnx/issues/86',
      'https://github.com/thewh1teagle/kokoro-onnx/issues/80',
      'https://github.com/nazdridoy/kokoro-tts/issues/58',
      'https://github.com/OHF-Voice/piper1-gpl/issues/62',
    ],
  },

  match(input) {
    let hit: Hit | null = null;
    let kind = '';
    for (const p of PATTERNS) {
      hit = firstHit(input, p.re);
      if (hit) {
        kind = p.kind;
        break;
      }
    }
    if (!hit) return null;
    const what = hit.match[1]!;
    return { confidence: 0.92, title: `Voice not found: ${what}`, evidence: evidenceOf([hit]), captures: { kind, what, paths: hit.match[2] ?? '' } };
  },

  fixes(m, input): Fix[] {
    const { kind, what } = m.captures;
    if (kind === 'kokoro-pt') {
      const path = m.captures.paths ? `${m.captures.paths.split(',')[0]!.trim().replace(/^['"]|['"]$/g, '')}/${what}` : what!;
      return kokoroFixes(path, input);
    }
    if (kind === 'onnx-bin' || kind === 'onnx-voice') {
      const target = kind === 'onnx-bin' ? what! : 'voices-v1.0.bin';
      return [
        command(`Download the kokoro-onnx v1.0 voices file to ${target}`, `curl -L -o ${shellQuote(target)} ${VOICES_BIN}`),
        advice('Use the voices file that matches the model', kind === 'onnx-voice' ? `${what} is not in the voices file in use: older voices files (voices.bin for v0.19) lack the v1.0 voices. Pass voices-v1.0.bin together with kokoro-v1.0.onnx.` : 'kokoro-onnx needs two files: the model (kokoro-v1.0.onnx) and the voices (voices-v1.0.bin); pass their paths to Kokoro(...).'),
      ];
    }
    const name = split(what!).base.replace(/\.onnx$/, '');
    return [
      command(`Download the Piper voice ${name}`, pyRun(input, ['-m', 'piper.download_voices', name])),
      advice('A Piper voice is two files', `${name}.onnx and ${name}.onnx.json must sit side by side; pass the .onnx path with --model (or --data-dir to where download_voices put them).`),
    ];
  },
};
