// A transformers save_pretrained folder from_pretrained cannot load: no config.json, no weights under a name it looks for, or missing shards.
import path from 'node:path';
import type { Check, CheckContext } from '../check.js';
import type { FileFact, TargetAssets } from '../assets.js';
import { advice, command, shellQuote } from '../fix-helpers.js';
import { parsePythonJson } from '../python-json.js';

export const meta = {
  id: 'transformers-weights-missing',
  category: 'missing-asset-file',
  severity: 'error',
  title: 'A transformers model folder is missing its config or weights',
  requires: ['assets'],
} as const satisfies Check['meta'];

const FAMILIES = new Set(['bark', 'encodec', 'speecht5', 'vits']);

/** What from_pretrained looks for in a local folder, in its order: the first one present is the one it loads (transformers 5). */
const WEIGHT_NAMES = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json'];
const WEIGHT_LIKE = /\.(safetensors|bin|pth|pt|ckpt)$/i;

interface Folder { option: string; dir: string; exists: boolean; files: FileFact[] }
interface Problem { message: string; evidence: { label: string; value: string }[]; fix: ReturnType<typeof advice>; key: string }

function folders(a: TargetAssets): Folder[] {
  const model = a.modelDir ? [{ option: 'modelDir', dir: a.modelDir, exists: a.modelDirExists, files: a.files }] : [];
  return [...model, ...(a.extraDirs ?? [])];
}

function jsonIn(a: TargetAssets, file: string): Record<string, unknown> | null {
  const text = a.jsonFiles.find((j) => path.resolve(j.file) === path.resolve(file))?.text;
  try {
    const value = text === undefined ? null : parsePythonJson(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function noWeights(f: Folder, top: string[]): Problem {
  const others = top.filter((n) => WEIGHT_LIKE.test(n));
  const only = others.length === 1 ? others[0]! : null;
  const target = only?.endsWith('.safetensors') ? 'model.safetensors' : only?.endsWith('.bin') ? 'pytorch_model.bin' : null;
  const variant = only && /^(model|pytorch_model)\.([\w-]+)\.(safetensors|bin)$/.exec(only)?.[2];
  return {
    message: `${f.dir} has no weights under a name from_pretrained looks for (${WEIGHT_NAMES.join(', ')})${others.length ? `; present: ${others.join(', ')}` : ''}.`,
    evidence: [{ label: f.option, value: f.dir }, { label: 'weight-like files', value: others.join(', ') || '(none)' }],
    fix: only && target
      ? command(`Give ${only} the name from_pretrained loads${variant ? ` (or pass variant="${variant}")` : ''}; a copy keeps the old name working`, `cp ${shellQuote(path.join(f.dir, only))} ${shellQuote(path.join(f.dir, target))}`)
      : advice('Put the weights in place', `Copy model.safetensors (or pytorch_model.bin, or every shard with its model.safetensors.index.json) from the same release as config.json into ${f.dir}.`),
    key: 'weights',
  };
}

function missingShards(a: TargetAssets, f: Folder, index: string, top: string[]): Problem[] {
  const file = path.join(f.dir, index);
  const parsed = jsonIn(a, file);
  if (!parsed) return []; // unreadable: json-config-unreadable says so
  const map = parsed.weight_map;
  if (!map || typeof map !== 'object') {
    return [{ message: `${file} has no weight_map: from_pretrained cannot tell which shard holds which tensor.`, evidence: [{ label: 'index', value: file }], fix: advice('Replace the index', `Download ${index} again from the same release as the shards into ${f.dir}.`), key: index }];
  }
  const shards = [...new Set(Object.values(map as Record<string, unknown>).map(String))].sort();
  const present = new Set(f.files.map((x) => x.name));
  const missing = shards.filter((s) => !present.has(s));
  if (!missing.length) return [];
  const later = WEIGHT_NAMES.slice(WEIGHT_NAMES.indexOf(index) + 1).filter((n) => top.includes(n));
  return [{
    message: `${file} names ${shards.length} shard file${shards.length > 1 ? 's' : ''}; ${missing.length} ${missing.length > 1 ? 'are' : 'is'} not in ${f.dir}: ${missing.join(', ')}. from_pretrained stops at the first missing shard.${later.length ? ` It picks this index before ${later.join(', ')}, so ${later[0]} is never loaded while the index is there.` : ''}`,
    evidence: [{ label: 'index', value: file }, { label: 'missing shards', value: missing.join(', ') }, { label: 'shards named', value: shards.join(', ') }],
    fix: advice('Put every shard beside the index', `Copy ${missing.join(', ')} (same release as ${index}) into ${f.dir}; from the hub: \`hf download <repo> ${missing.join(' ')} --local-dir ${shellQuote(f.dir)}\`.`),
    key: `shards:${index}`,
  }];
}

function problems(a: TargetAssets, f: Folder): Problem[] {
  if (!f.exists) return [{ message: `${f.option} ${f.dir} does not exist.`, evidence: [{ label: f.option, value: f.dir }], fix: advice('Point the target at the folder', `Set ${f.option} to the folder save_pretrained wrote (config.json and model.safetensors), or create ${f.dir} with them.`), key: 'dir' }];
  const top = f.files.filter((x) => !x.name.includes('/')).map((x) => x.name);
  const out: Problem[] = [];
  if (!top.includes('config.json')) out.push({ message: `${f.dir} has no config.json: from_pretrained reads it before any weights.`, evidence: [{ label: 'files', value: top.join(', ') || '(none)' }], fix: advice('Put config.json in place', `Copy config.json from the same release as the weights into ${f.dir}.`), key: 'config' });
  // A config can name its weights file itself (transformers_weights); from_pretrained then loads only that one.
  const explicit = jsonIn(a, path.join(f.dir, 'config.json'))?.transformers_weights;
  const picked = typeof explicit === 'string' ? explicit : WEIGHT_NAMES.find((n) => top.includes(n));
  if (typeof explicit === 'string' && !f.files.some((x) => x.name === explicit)) {
    out.push({ message: `${f.dir}/config.json names its weights "${explicit}" (transformers_weights), and ${f.dir} has no such file.`, evidence: [{ label: 'transformers_weights', value: explicit }], fix: advice('Put the named weights in place', `Copy ${explicit} into ${f.dir}, or remove transformers_weights from config.json.`), key: 'explicit' });
  } else if (!picked) out.push(noWeights(f, top));
  else if (picked.endsWith('.index.json')) out.push(...missingShards(a, f, picked, top));
  return out;
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  return ctx.assets
    .filter((a) => FAMILIES.has(a.family))
    .flatMap((a) => folders(a).flatMap((f) => problems(a, f).map((p) => ({
      message: p.message,
      evidence: p.evidence,
      fixes: [p.fix],
      key: `${a.targetId}:${f.option}:${p.key}`,
      target: a.targetId,
    }))));
}

export const check: Check = { meta, run };
