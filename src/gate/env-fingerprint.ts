// What a report ran on (Python, platform, the packages a TTS load depends on), and how two such differ.
import type { EnvironmentFingerprint } from '../core/comparison-types.js';
import type { Environment, Report } from '../core/report-types.js';
import { normalizeName } from '../core/package-name.js';

/** The distributions whose version changes what a TTS load does; compared by normalised name. */
export const KEY_PACKAGES = [
  'torch', 'torchaudio', 'transformers', 'tokenizers', 'safetensors', 'huggingface-hub', 'accelerate', 'numpy',
  'onnxruntime', 'kokoro', 'kokoro-onnx', 'misaki', 'spacy', 'phonemizer', 'espeakng-loader', 'piper-tts',
  'piper-phonemize', 'coqui-tts', 'tts', 'styletts2', 'encodec', 'mlx-audio', 'google-cloud-texttospeech',
] as const;


export function environmentFingerprint(env: Environment | undefined): EnvironmentFingerprint {
  const probe = env?.probe ?? null;
  const wanted = new Set<string>(KEY_PACKAGES);
  const packages: Record<string, string> = {};
  for (const d of probe?.distributions ?? []) {
    const name = normalizeName(d.name);
    if (wanted.has(name) && d.version) packages[name] = d.version;
  }
  const p = probe?.platform;
  const platform = p ? [p.system, p.machine, p.libc ? `${p.libc.name} ${p.libc.version}` : null].filter(Boolean).join(' ') || null : null;
  return { python: env?.pythonVersion ?? null, platform, packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The user environment of a report (the one its targets ran in unless a target named its own). */
export function reportFingerprint(r: Report): EnvironmentFingerprint {
  return environmentFingerprint(r.environments.find((e) => e.role === 'user') ?? r.environments[0]);
}

/** One line per difference, e.g. `torch 2.13.0 -> 2.14.1`, `Python 3.11.7 -> 3.12.1`, `numpy (absent) -> 2.3.1`. */
export function fingerprintDifferences(base: EnvironmentFingerprint, head: EnvironmentFingerprint): string[] {
  const out: string[] = [];
  if (base.python !== head.python) out.push(`Python ${base.python ?? '(unknown)'} -> ${head.python ?? '(unknown)'}`);
  if (base.platform !== head.platform) out.push(`platform ${base.platform ?? '(unknown)'} -> ${head.platform ?? '(unknown)'}`);
  const names = [...new Set([...Object.keys(base.packages), ...Object.keys(head.packages)])].sort();
  for (const n of names) {
    const b = base.packages[n];
    const h = head.packages[n];
    if (b !== h) out.push(`${n} ${b ?? '(absent)'} -> ${h ?? '(absent)'}`);
  }
  return out;
}
