// Builders for fixes that name this user's interpreter, package specs and env variable, quoted for a POSIX shell.
import type { Fix } from '../core/report-types.js';
import { pipCommand, quotePath, shellQuote } from '../analyzer/fix-helpers.js';
import type { SignatureInput } from './signature.js';
import { facts } from './text-scan.js';

export { shellQuote };

/** The interpreter a command should name: the one the app runs, else a placeholder the user can read. */
export function python(input: SignatureInput): string {
  return input.env?.interpreter || 'python3';
}

export function pip(input: SignatureInput, args: string[]): string {
  return pipCommand(python(input), args);
}

/** The interpreter double-quoted, as pipCommand quotes it, so paths with spaces survive the shell. */
export function quotedPython(input: SignatureInput): string {
  return quotePath(python(input));
}

/** `"<python>" -m module args...` or `"<python>" -c code`. */
export function pyRun(input: SignatureInput, args: string[]): string {
  return [quotedPython(input), ...args.map(shellQuote)].join(' ');
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

/** The pip spec that installs an import name here; macOS ARM64 needs kokoro<0.7.6 (scenarios.md S1). */
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

/** `export VAR=/path`, or the debug-tts flag when the app's variable is unknown. */
export function pointAppAt(input: SignatureInput, interpreter: string): string {
  const variable = input.env?.interpreterEnvVar;
  return variable ? `export ${variable}=${shellQuote(interpreter)}` : `debug-tts --python ${shellQuote(interpreter)}`;
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
