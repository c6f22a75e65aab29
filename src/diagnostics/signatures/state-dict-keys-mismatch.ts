// The checkpoint names its tensors differently from the model: missing and/or unexpected keys.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, pyRun } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const MISSING = /Missing key\(s\) in state_dict: ([^\n]*)/;
const UNEXPECTED = /Unexpected key\(s\) in state_dict: ([^\n]*)/;
// ggml / C++ loaders name the one tensor they could not find.
const TENSOR_NOT_FOUND = /tensor (?:not found|missing):? '?([\w.]+)/i;
const LOADING = /Error\(s\) in loading state_dict for (\w+)/;

function keys(list: string | undefined): string[] {
  return [...(list ?? '').matchAll(/"([^"]+)"|([\w.]+)(?=[,.]?\s|$)/g)].map((k) => k[1] ?? k[2]!).filter((k) => k.includes('.') || k.length > 2);
}

/**
 * The prefix one side carries and the other does not (`module.` from DataParallel, `_orig_mod.` from
 * torch.compile, `model.`/`ema_model.` from a training wrapper): the one most key pairs agree on.
 * `strip` is true when the checkpoint (unexpected keys) has it, false when the model (missing) has it.
 */
export function keyPrefix(missing: string[], unexpected: string[]): { prefix: string; strip: boolean; pairs: number } | null {
  const votes = new Map<string, number>();
  const vote = (long: string, short: string, strip: boolean) => {
    if (long.length > short.length && long.endsWith(short) && long[long.length - short.length - 1] === '.') {
      const key = `${strip ? '-' : '+'}${long.slice(0, long.length - short.length)}`;
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  };
  for (const u of unexpected) for (const m of missing) {
    vote(u, m, true);
    vote(m, u, false);
  }
  // Only unexpected keys, all with one wrapper prefix, and nothing missing shown: the usual DataParallel case.
  if (!votes.size && unexpected.length && !missing.length) {
    const first = unexpected[0]!.split('.')[0]!;
    if (unexpected.every((k) => k.startsWith(`${first}.`)) && /^(module|_orig_mod|model|ema_model|net|generator|state_dict)$/.test(first)) votes.set(`-${first}.`, unexpected.length);
  }
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] < Math.min(2, Math.max(missing.length, unexpected.length))) return null;
  return { prefix: best[0].slice(1), strip: best[0][0] === '-', pairs: best[1] };
}

/** Patterns with a known cause, so the fix can say what to do instead of "make them match". */
function diagnose(missing: string[], unexpected: string[]): string[] {
  const notes: string[] = [];
  if (unexpected.length && unexpected.every((k) => k.startsWith('module.'))) notes.push('Every unexpected key starts with "module.": the checkpoint was saved from nn.DataParallel. Strip the prefix: {k.removeprefix("module."): v for k, v in state.items()}.');
  if (unexpected.length && unexpected.every((k) => k.endsWith('num_batches_tracked'))) notes.push('Only BatchNorm num_batches_tracked buffers are unexpected: a checkpoint from another torch version. Loading with strict=False is safe for exactly these keys.');
  if (unexpected.some((k) => /weight_[gv]$/.test(k)) || missing.some((k) => /parametrizations\.weight\.original[01]$/.test(k))) notes.push('weight_g / weight_v against parametrizations.weight.original0/1: old and new torch weight_norm. Load with the torch the checkpoint was saved with, or rename weight_g -> parametrizations.weight.original0 and weight_v -> original1.');
  if (missing.length && unexpected.length) {
    const strip = (k: string) => k.split('.').slice(1).join('.');
    const renamed = missing.filter((k) => unexpected.some((u) => strip(u) === strip(k)));
    if (renamed.length) notes.push(`Keys differ only in their first component (e.g. ${renamed[0]}): a renamed submodule. Rename the prefix when loading.`);
  }
  return notes;
}

export const signature: Signature = {
  meta: {
    id: 'state-dict-keys-mismatch',
    category: 'missing-or-unexpected-keys',
    severity: 'error',
    title: 'The checkpoint has other tensor names than the model',
    sources: [
      'https://github.com/espnet/espnet/issues/1637',
      'https://github.com/CorentinJ/Real-Time-Voice-Cloning/issues/52',
      'https://github.com/CorentinJ/Real-Time-Voice-Cloning/issues/126',
      'https://github.com/lingjzhu/probing-TTS-models/issues/4',
    ],
  },

  match(input) {
    const missing = firstHit(input, MISSING);
    const unexpected = firstHit(input, UNEXPECTED);
    if (!missing && !unexpected) {
      const t = firstHit(input, TENSOR_NOT_FOUND);
      return t ? { confidence: 0.85, title: `The checkpoint has no tensor ${t.match[1]}`, evidence: evidenceOf([t]), captures: { model: 'the model', missing: t.match[1]!, unexpected: '' } } : null;
    }
    const model = firstHit(input, LOADING)?.match[1] ?? 'the model';
    const m = keys(missing?.match[1]);
    const u = keys(unexpected?.match[1]);
    return {
      confidence: 0.9,
      title: `Loading ${model}: ${m.length} missing and ${u.length} unexpected key${u.length === 1 ? '' : 's'} (first shown)`,
      evidence: evidenceOf([missing, unexpected]),
      captures: { model, missing: m.slice(0, 50).join(' '), unexpected: u.slice(0, 50).join(' ') },
    };
  },

  fixes(m, input): Fix[] {
    const missing = m.captures.missing ? m.captures.missing.split(' ') : [];
    const unexpected = m.captures.unexpected ? m.captures.unexpected.split(' ') : [];
    const notes = diagnose(missing, unexpected);
    const fixes: Fix[] = [];
    const p = keyPrefix(missing, unexpected);
    if (p) {
      const ckpt = /['"]([^'"\n]+\.(?:pth|pt|ckpt|bin|tar))['"]/.exec(input.text)?.[1] ?? null;
      const src = ckpt ?? 'CHECKPOINT.pth';
      const out = src.replace(/(\.\w+)$/, `.${p.strip ? 'unprefixed' : 'prefixed'}$1`);
      const rewrite = p.strip ? `{k[len("${p.prefix}"):] if k.startswith("${p.prefix}") else k: v for k, v in sd.items()}` : `{"${p.prefix}" + k: v for k, v in sd.items()}`;
      const code = `import torch; sd = torch.load("${src}", map_location="cpu", weights_only=True); sd = sd.get("state_dict", sd); torch.save(${rewrite}, "${out}")`;
      fixes.push({
        ...command(`${p.strip ? 'Strip' : 'Add'} the key prefix "${p.prefix}" in a rewritten copy of the checkpoint (the original is left as it is)`, pyRun(input, ['-c', code])),
        // Runnable only when the log named the checkpoint file; otherwise CHECKPOINT.pth is a placeholder.
        runnable: ckpt !== null,
      });
      fixes.push(advice(`Or ${p.strip ? 'strip' : 'add'} "${p.prefix}" when loading`, `${p.pairs} key pairs differ only by "${p.prefix}"${p.strip ? ' on the checkpoint side' : ' on the model side'}: load with model.load_state_dict(${p.strip ? `{k.removeprefix("${p.prefix}"): v for k, v in sd.items()}` : `{"${p.prefix}" + k: v for k, v in sd.items()}`}), then point the app at ${out}.`));
    }
    fixes.push(...notes.filter((n) => !(p && n.includes('"module."'))).map((n) => advice('What the key names say', n)));
    fixes.push(advice('Build the model the checkpoint was trained as', `${missing.length ? `The model expects ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''} which the checkpoint lacks. ` : ''}${unexpected.length ? `The checkpoint carries ${unexpected.slice(0, 3).join(', ')}${unexpected.length > 3 ? ', ...' : ''} which the model has no place for. ` : ''}Usually the config selects another architecture variant (e.g. multi-speaker, GST) than the checkpoint's: use the config that came with the weights.`));
    return fixes;
  },
};
