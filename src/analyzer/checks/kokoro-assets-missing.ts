// A Kokoro model dir without what KModel/KPipeline need: config.json, the weights, voices/, the requested voice.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import type { TargetAssets } from '../assets.js';
import { advice } from '../fix-helpers.js';
import { nearest } from '../similar.js';

export const meta = {
  id: 'kokoro-assets-missing',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A Kokoro model directory is missing files',
  requires: ['assets'],
} as const satisfies Check['meta'];

/** OpenAI voice names as Kokoro-FastAPI maps them (api/src/core/openai_mappings.json); a target's voiceAliases wins. */
export const DEFAULT_VOICE_ALIASES: Record<string, string> = {
  alloy: 'am_v0adam', ash: 'af_v0nicole', coral: 'bf_v0emma', echo: 'af_v0bella', fable: 'af_sarah',
  onyx: 'bm_george', nova: 'bf_v0isabella', sage: 'am_michael', shimmer: 'af_sky',
};

const VOICE_FILE = /^voices\/([^/]+)\.(pt|safetensors)$/;

function voicesIn(a: TargetAssets): string[] {
  return a.files.flatMap((f) => VOICE_FILE.exec(f.name)?.[1] ?? []).sort();
}

/** `af_sky+af_bella` mixes and aliases both end in voice file names. */
function requestedVoices(a: TargetAssets): { asked: string; file: string }[] {
  const voice = typeof a.options.voice === 'string' ? a.options.voice : null;
  if (!voice) return [];
  const aliases = { ...DEFAULT_VOICE_ALIASES, ...((a.options.voiceAliases as Record<string, string> | undefined) ?? {}) };
  return voice.split('+').map((v) => v.replace(/\(\d*\.?\d+\)$/, '').trim()).map((asked) => ({ asked, file: aliases[asked] ?? asked }));
}

function problems(a: TargetAssets): { message: string; evidence: { label: string; value: string }[]; fix: string; key: string }[] {
  const dir = a.modelDir!;
  if (!a.modelDirExists) return [{ message: `The Kokoro model dir ${dir} does not exist.`, evidence: [{ label: 'modelDir', value: dir }], fix: `Create ${dir} with config.json, kokoro-v1_0.pth and voices/.`, key: 'dir' }];
  const out = [];
  const top = a.files.filter((f) => !f.name.includes('/')).map((f) => f.name);
  if (!top.includes('config.json')) out.push({ message: `${dir} has no config.json.`, evidence: [{ label: 'files', value: top.join(', ') || '(none)' }], fix: `Copy config.json (from the same Kokoro release as the weights) into ${dir}.`, key: 'config' });
  if (!top.some((n) => /\.(pth|pt|safetensors)$/.test(n))) out.push({ message: `${dir} has no weights file (kokoro-v1_0.pth).`, evidence: [{ label: 'files', value: top.join(', ') || '(none)' }], fix: `Copy kokoro-v1_0.pth (about 313 MB) into ${dir}.`, key: 'weights' });
  const voices = voicesIn(a);
  if (!voices.length) {
    out.push({ message: `${dir} has no voices: Kokoro v1.0 keeps each voice as voices/<name>.pt (about 512 KB each), separate from the weights. The weights and config were copied without them.`, evidence: [{ label: 'voices dir', value: path.join(dir, 'voices') }], fix: `Copy the voices/ folder of the same Kokoro release into ${dir} (af_heart.pt, af_bella.pt, am_adam.pt, ...).`, key: 'voices' });
    return out;
  }
  for (const r of requestedVoices(a)) {
    if (voices.includes(r.file)) continue;
    const via = r.file !== r.asked ? ` (alias "${r.asked}" -> "${r.file}")` : '';
    out.push({
      message: `Voice file not found: ${path.join(dir, 'voices', `${r.file}.pt`)}${via}. ${voices.length} voices are present; nearest: ${nearest(r.file, voices).join(', ')}.`,
      evidence: [
        { label: 'requested', value: `${r.asked}${via}` },
        { label: 'nearest available', value: nearest(r.file, voices).join(', ') },
        { label: 'available', value: voices.join(', ') },
      ],
      fix: `Copy voices/${r.file}.pt from the Kokoro release into ${path.join(dir, 'voices')}, or ask for one of the voices present (e.g. ${nearest(r.file, voices, 1)[0]}).`,
      key: `voice:${r.file}`,
    });
  }
  return out;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets
    .filter((a) => a.family === 'kokoro' && a.modelDir)
    .flatMap((a) => problems(a).map((p) => ({ message: p.message, evidence: p.evidence, fixes: [advice('Put the missing files in place', p.fix)], key: `${a.targetId}:${p.key}`, target: a.targetId })));
}

export const check: Check = { meta, run };
