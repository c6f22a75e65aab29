// Builders for fixes that name this user's interpreter, package specs and env variable, quoted for a
// POSIX shell, or for cmd.exe when the interpreter is a Windows one.
import type { Fix } from '../core/report-types.js';
import { quotePath, shellQuote } from '../analyzer/fix-helpers.js';
import type { SignatureInput } from './signature.js';
import { contextFromText, type TextContext } from './text-context.js';
import { facts } from './text-scan.js';
import { normalizeName } from '../core/package-name.js';

export { shellQuote };

/** The interpreter a command should name: the one the app runs, else a placeholder the user can read. */
export function python(input: SignatureInput): string {
  return input.env?.interpreter || (input.env?.platform === 'win32' ? 'python' : 'python3');
}

/** Commands for cmd.exe: the interpreter is a Windows path, or the machine is Windows. */
function windows(input: SignatureInput): boolean {
  return input.env?.platform === 'win32' || /^(?:[A-Za-z]:[\\/]|\\\\)/.test(input.env?.interpreter ?? '');
}

/** An argument for cmd.exe: double quotes (single quotes are literal there and `<` would redirect). */
export function windowsQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+\\-]+$/.test(s) ? s : `"${s.replace(/"/g, '\\"')}"`;
}

function quoteArg(input: SignatureInput, s: string): string {
  return windows(input) ? windowsQuote(s) : shellQuote(s);
}

/**
 * The interpreter double-quoted, so paths with spaces survive the shell: as pipCommand quotes it on
 * POSIX, with `~/` as `$HOME/` (a quoted tilde does not expand), and with its backslashes kept on Windows.
 */
export function quotedPython(input: SignatureInput): string {
  return quotedInterpreter(input, python(input));
}

/** An interpreter path double-quoted for the user's shell, `~/` as `$HOME/`, as run writes it too. */
export function quotedInterpreter(input: SignatureInput, p: string): string {
  if (windows(input)) return `"${p}"`;
  if (p.startsWith('~/')) return `"$HOME/${p.slice(2).replace(/(["\\$`])/g, '\\$1')}"`;
  return quotePath(p);
}

export function pip(input: SignatureInput, args: string[]): string {
  return [quotedPython(input), '-m', 'pip', ...args.map((a) => quoteArg(input, a))].join(' ');
}

/** `"<python>" -m module args...` or `"<python>" -c code`. */
export function pyRun(input: SignatureInput, args: string[]): string {
  return [quotedPython(input), ...args.map((a) => quoteArg(input, a))].join(' ');
}

const contexts = new WeakMap<SignatureInput, TextContext>();

/** What the text itself shows (interpreter, frames' packages), computed once per input. */
export function textContext(input: SignatureInput): TextContext {
  let c = contexts.get(input);
  if (!c) {
    c = contextFromText(input.text);
    contexts.set(input, c);
  }
  return c;
}

export function command(title: string, cmd: string, opts: { runnable?: boolean; verified?: string } = {}): Fix {
  return { kind: 'command', title, command: cmd, runnable: opts.runnable ?? true, verified: opts.verified ? { how: opts.verified } : null };
}

export function advice(title: string, text: string): Fix {
  return { kind: 'advice', title, text, runnable: false };
}

/** Import names whose PyPI distribution is spelled differently. */
const DISTRIBUTION: Record<string, string> = {
  TTS: 'coqui-tts',
  piper: 'piper-tts',
  piper_phonemize: 'piper-phonemize',
  kokoro_onnx: 'kokoro-onnx',
  espeakng_loader: 'espeakng-loader',
  misaki: 'misaki[en]',
  mlx_audio: 'mlx-audio',
  cv2: 'opencv-python',
  yaml: 'PyYAML',
  sklearn: 'scikit-learn',
  PIL: 'Pillow',
  fitz: 'PyMuPDF',
  bark: 'git+https://github.com/suno-ai/bark.git',
  styletts2: 'styletts2',
};

/**
 * The PyPI distribution of an import name, dotted or not. `google` is a namespace many
 * distributions share: google.cloud.texttospeech comes from google-cloud-texttospeech, never from
 * the unrelated `google` package on PyPI.
 */
export function distributionFor(module: string): string {
  const cloud = /^google\.cloud\.(\w+)/.exec(module);
  if (cloud) return `google-cloud-${cloud[1]!.replace(/_/g, '-')}`;
  const top = module.split('.')[0]!;
  return DISTRIBUTION[module] ?? DISTRIBUTION[top] ?? top;
}

/** The pip spec that installs an import name here; macOS ARM64 needs kokoro<0.7.6 (README, scenario S1). */
export function installSpec(module: string, input: SignatureInput): string {
  const f = facts(input);
  if (module.split('.')[0] === 'kokoro' && f.platform === 'darwin' && f.machine === 'arm64') return 'kokoro<0.7.6';
  return distributionFor(module);
}

/** Packages whose releases stop at a Python version (their Requires-Python on PyPI). */
export const PYTHON_CEILING: Record<string, { below: string; source: string }> = {
  kokoro: { below: '3.13', source: 'Requires-Python >=3.10,<3.13 on kokoro 0.8.1 to 0.9.4' },
  misaki: { below: '3.13', source: 'Requires-Python <3.13 on misaki 0.9.4' },
  'kokoro-onnx': { below: '3.13', source: 'requires-python >=3.9,<3.13 on kokoro-onnx 0.4' },
  'piper-phonemize': { below: '3.12', source: 'piper-phonemize wheels stop at cp311' },
};

/** The PEP 503 name of an import name's distribution, without extras (`misaki` -> `misaki`, `piper_phonemize` -> `piper-phonemize`). */
function distributionKey(name: string): string {
  return normalizeName(distributionFor(name).replace(/\[.*$/, ''));
}

/** The Python ceiling of an import or distribution name (`piper_phonemize` is piper-phonemize's). */
export function pythonCeiling(name: string): { below: string; source: string } | undefined {
  return PYTHON_CEILING[distributionKey(name)];
}

/** The installed distribution of an import name in the failing interpreter (the probe's list), with its version. */
export function installedDistribution(input: SignatureInput, module: string): { name: string; version: string } | null {
  const want = new Set([distributionKey(module), normalizeName(module)]);
  const hit = Object.entries(input.env?.distributions ?? {}).find(([n]) => want.has(normalizeName(n)));
  return hit ? { name: hit[0], version: hit[1] } : null;
}

/** The newest Python a ceiling admits: `3.13` -> `3.12`, `3.12` -> `3.11`. */
export function belowCeiling(below: string): string {
  const minor = Number(below.split('.')[1]);
  return `3.${Math.min(12, minor - 1)}`;
}

/** `export VAR=/path`, or the debug-tts flag when the app's variable is unknown. */
export function pointAppAt(input: SignatureInput, interpreter: string): string {
  const variable = input.env?.interpreterEnvVar;
  const quoted = quotedInterpreter(input, interpreter);
  return variable ? `export ${variable}=${quoted}` : `debug-tts --python ${quoted}`;
}

/** A fresh venv on a Python that suits the package, and the app pointed at it. */
export function isolatedEnv(input: SignatureInput, spec: string, pythonVersion = '3.12'): Fix[] {
  const dir = `~/.venvs/tts-py${pythonVersion.replace('.', '')}`;
  const fixes = [
    command(`Create a Python ${pythonVersion} environment and install ${spec} there`, `python${pythonVersion} -m venv ${dir} && ${dir}/bin/python -m pip install ${shellQuote(spec)}`),
  ];
  const variable = input.env?.interpreterEnvVar;
  if (variable) fixes.push(command(`Point ${variable} at it`, `export ${variable}=${dir}/bin/python`));
  return fixes;
}

// Both coqui-ai's original `TTS` (https://pypi.org/project/TTS/, https://github.com/coqui-ai/TTS, no
// longer maintained, last release 0.22.0 in December 2023) and its maintained fork `coqui-tts`
// (https://pypi.org/project/coqui-tts/, https://github.com/idiap/coqui-ai-TTS, releases from 0.22.1 on)
// install the same `TTS` import package into site-packages/TTS/, so frames cannot tell them apart. The
// dist-info folder can (TTS-0.22.0.dist-info vs coqui_tts-0.27.0.dist-info), else a version shown: the
// original's stop at 0.22.0. They cannot be installed together: the fork's FAQ says to remove TTS,
// trainer and coqpit first (https://coqui-tts.readthedocs.io/en/latest/faq.html).
const TTS_LAST = [0, 22, 0];
const DIST_INFO = /(?:^|[\s"'\\/=])(TTS|coqui[-_]tts)(?:-(\d+(?:\.\d+)*)[^\s"'\\/]*)?\.(?:dist|egg)-info\b/gi;
const TTS_VERSION = /(?<![\w.-])TTS(?:==|-|\s+(?:version:?\s*)?v?)(\d+\.\d+(?:\.\d+)?)\b|^Name:\s*TTS\s*\r?\n\s*Version:\s*(\d+\.\d+(?:\.\d+)?)/gm;
const FORK_VERSION = /\bcoqui[-_]tts(?:==|-|\s+v?)\d+\.\d+/i;

function isOriginal(version: string): boolean {
  const v = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== TTS_LAST[i]) return (v[i] ?? 0) < TTS_LAST[i]!;
  return true;
}

/**
 * Which distribution provides the `TTS` module in the failing interpreter: from the probed
 * distributions, else the dist-info folder in the text, else a version shown; `unknown` when only
 * frames under site-packages/TTS/ show it; null when nothing points at the TTS module at all.
 */
export function coquiDistribution(input: SignatureInput): 'TTS' | 'coqui-tts' | 'unknown' | null {
  const d = input.env?.distributions;
  if (d) {
    const tts = d.TTS ?? d.tts;
    if (tts && isOriginal(tts)) return 'TTS';
    if (d['coqui-tts'] ?? d.coqui_tts) return 'coqui-tts';
  }
  const t = input.text;
  const infos = [...t.matchAll(DIST_INFO)];
  if (infos.some((m) => /^tts$/i.test(m[1]!) && (m[2] === undefined || isOriginal(m[2])))) return 'TTS';
  if (infos.some((m) => /^coqui/i.test(m[1]!))) return 'coqui-tts';
  const versions = [...t.matchAll(TTS_VERSION)].map((m) => (m[1] ?? m[2])!);
  if (versions.some(isOriginal)) return 'TTS';
  if (versions.length || FORK_VERSION.test(t)) return 'coqui-tts';
  return textContext(input).packages.includes('TTS') ? 'unknown' : null;
}

/**
 * The fixes that end on a current coqui-tts: an upgrade when the fork is (or may be) installed, the
 * move from the original TTS when the text shows that one, and both, with how to check, when only
 * frames under site-packages/TTS/ show it.
 */
export function coquiFixes(input: SignatureInput, upgradeTitle: string, why: string): Fix[] {
  const upgrade = command(upgradeTitle, pip(input, ['install', '--upgrade', 'coqui-tts']));
  const move = (title: string) => command(title, `${pip(input, ['uninstall', 'TTS', 'trainer', 'coqpit'])} && ${pip(input, ['install', 'coqui-tts'])}`, { runnable: false });
  switch (coquiDistribution(input)) {
    case 'TTS':
      return [move(`Move from the original TTS (coqui-ai, unmaintained, last release 0.22.0) to coqui-tts, the maintained fork, which ${why}; remove TTS first, both install the TTS module`)];
    case 'unknown':
      return [
        command('Check which distribution provides the TTS module here: coqui-tts or the original TTS', pip(input, ['show', 'coqui-tts', 'TTS'])),
        { ...upgrade, title: `If it is coqui-tts: ${upgradeTitle.charAt(0).toLowerCase()}${upgradeTitle.slice(1)}` },
        move(`If it is TTS (coqui-ai's original, unmaintained since 0.22.0): replace it with coqui-tts, which ${why}`),
      ];
    default:
      return [upgrade];
  }
}
