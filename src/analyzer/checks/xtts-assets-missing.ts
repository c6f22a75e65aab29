// An XTTS v2 model dir without the files coqui-tts opens: config.json, model.pth, vocab.json, speakers_xtts.pth.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import type { TargetAssets } from '../assets.js';
import type { Fix, Severity } from '../../core/report-types.js';
import { advice, command, shellQuote } from '../fix-helpers.js';
import { parsePythonJson } from '../python-json.js';

export const meta = {
  id: 'xtts-assets-missing',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'An XTTS model directory is missing files',
  requires: ['assets'],
} as const satisfies Check['meta'];

// coqui-tts 0.28 downloads XTTS v2 from this hub repo into the user data dir (TTS/.models.json, ModelManager).
const SOURCE = 'the same XTTS v2 release (hub repo tts-hub/XTTS-v2; coqui-tts downloads it to ~/.local/share/tts/tts_models--multilingual--multi-dataset--xtts_v2/)';
// Files of an XTTS dir that are not the main checkpoint: never offer them as a misnamed model.pth.
const NOT_MODEL = new Set(['speakers_xtts.pth', 'dvae.pth', 'mel_stats.pth']);

interface Problem { message: string; evidence: { label: string; value: string }[]; fix: Fix; key: string; severity?: Severity }

/** A file that is probably the missing one under another name: `cp` it, else fetch the file. */
function fixFor(dir: string, want: string, candidate: string | undefined, what: string): Fix {
  return candidate
    ? command(`Give ${candidate} the name coqui-tts opens (a copy: the old name keeps working)`, `cp ${shellQuote(path.join(dir, candidate))} ${shellQuote(path.join(dir, want))}`)
    : advice(`Put ${want} in place`, `Copy ${want} (${what}) from ${SOURCE} into ${dir}.`);
}

function tokenizerFile(a: TargetAssets): string {
  const text = a.jsonFiles.find((j) => path.basename(j.file) === 'config.json' && path.dirname(path.resolve(j.file)) === path.resolve(a.modelDir!))?.text;
  try {
    const value = text === undefined ? undefined : (parsePythonJson(text) as { model_args?: { tokenizer_file?: unknown } }).model_args?.tokenizer_file;
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

function problems(a: TargetAssets): Problem[] {
  const dir = a.modelDir!;
  if (!a.modelDirExists) return [{ message: `The XTTS model dir ${dir} does not exist.`, evidence: [{ label: 'modelDir', value: dir }], fix: advice('Point modelDir at the XTTS folder', `Set modelDir to the folder with config.json, model.pth, vocab.json and speakers_xtts.pth, copied from ${SOURCE}.`), key: 'dir' }];
  const top = a.files.filter((f) => !f.name.includes('/')).map((f) => f.name);
  const listing = { label: 'files', value: top.join(', ') || '(none)' };
  const out: Problem[] = [];
  if (!top.includes('config.json')) {
    out.push({ message: `${dir} has no config.json: XttsConfig.load_json reads it before the model is built.`, evidence: [listing], fix: fixFor(dir, 'config.json', undefined, 'the model config'), key: 'config' });
  }
  if (!top.includes('model.pth')) {
    const candidate = top.filter((n) => /\.(pth|pt)$/.test(n) && !NOT_MODEL.has(n));
    out.push({
      message: `${dir} has no model.pth: Xtts.load_checkpoint(checkpoint_dir=...) loads exactly that name (about 1.8 GB for XTTS v2)${candidate.length ? `; ${candidate.join(', ')} is there, probably a checkpoint under another name (a fine-tune's best_model.pth?)` : ''}.`,
      evidence: [listing, { label: 'expected', value: path.join(dir, 'model.pth') }],
      fix: fixFor(dir, 'model.pth', candidate.length === 1 ? candidate[0] : undefined, 'the GPT + HiFi-GAN checkpoint'),
      key: 'model',
    });
  }
  if (!top.includes('vocab.json')) {
    const configured = tokenizerFile(a);
    const candidate = top.find((n) => n === 'tokenizer.json');
    out.push({
      message: configured
        ? `${dir} has no vocab.json; load_checkpoint then uses model_args.tokenizer_file "${configured}" from config.json, which must exist where the model runs (a relative path is relative to the working directory).`
        : `${dir} has no vocab.json, and config.json sets no model_args.tokenizer_file: load_checkpoint raises FileNotFoundError ("\`vocab.json\` file not found").`,
      evidence: [listing, { label: 'model_args.tokenizer_file', value: configured || '(empty)' }],
      fix: fixFor(dir, 'vocab.json', candidate, "the BPE tokenizer's vocabulary"),
      key: 'vocab',
      ...(configured ? { severity: 'warning' as const } : {}),
    });
  }
  if (!top.includes('speakers_xtts.pth')) {
    const speaker = typeof a.options.speaker === 'string' ? a.options.speaker : null;
    out.push({
      message: speaker
        ? `${dir} has no speakers_xtts.pth, so the built-in speaker "${speaker}" cannot be found: load_checkpoint leaves speaker_manager unset without it.`
        : `${dir} has no speakers_xtts.pth: the model loads, but none of the built-in speakers (e.g. "Ana Florence") can be used; only cloning from a speaker_wav works.`,
      evidence: [listing, { label: 'expected', value: path.join(dir, 'speakers_xtts.pth') }],
      fix: fixFor(dir, 'speakers_xtts.pth', top.find((n) => /speaker.*\.pth$/i.test(n)), 'the built-in speaker latents'),
      key: 'speakers',
      ...(speaker ? {} : { severity: 'warning' as const }),
    });
  }
  return out;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets
    .filter((a) => a.family === 'xtts' && a.modelDir)
    .flatMap((a) => problems(a).map((p) => ({
      message: p.message,
      evidence: p.evidence,
      fixes: [p.fix],
      key: `${a.targetId}:${p.key}`,
      target: a.targetId,
      ...(p.severity ? { severity: p.severity } : {}),
    })));
}

export const check: Check = { meta, run };
