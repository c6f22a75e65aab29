// The weights file is an HTML page, a Git LFS pointer or a truncated download, not a checkpoint.
import type { Fix } from '../../core/report-types.js';
import type { Signature } from '../signature.js';
import { advice, command, shellQuote } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const LOAD_KEY = /invalid load key, '(.{1,4}?)'/;
const ZIP = /PytorchStreamReader failed reading zip archive|failed finding central directory/;
const FILE = /(?:name=|ckpt_path=?|checkpoint_path=?)\s*'([^']+\.(?:pt|pth|ckpt|bin))'/;

export const signature: Signature = {
  meta: {
    id: 'checkpoint-not-a-checkpoint',
    category: 'missing-asset-file',
    severity: 'error',
    title: 'The weights file is not a checkpoint (HTML page, LFS pointer or partial download)',
    sources: ['https://github.com/suno-ai/bark/issues/124', 'https://github.com/suno-ai/bark/issues/428', 'https://github.com/henzler/neuralmaterial/issues/2', 'https://github.com/yuval-alaluf/SAM/pull/41'],
  },

  match(input) {
    const hit = firstHit(input, LOAD_KEY) ?? firstHit(input, ZIP);
    if (!hit) return null;
    const key = hit.match[1] ?? '';
    const what = key === '<' ? 'an HTML page' : key === 'v' ? 'a Git LFS pointer' : 'not a checkpoint';
    const file = firstHit(input, FILE)?.match[1]?.replace(/\\\\/g, '\\') ?? '';
    return { confidence: 0.9, title: `The checkpoint file is ${what}${key ? '' : ' (truncated or corrupt)'}`, evidence: evidenceOf([hit]), captures: { key, file } };
  },

  fixes(m): Fix[] {
    const { key, file } = m.captures;
    const target = file ? shellQuote(file) : '<checkpoint>';
    const fixes: Fix[] = [command('Look at what the file really holds', `head -c 200 ${target}`, { runnable: Boolean(file) })];
    if (key === 'v') fixes.push(command('Fetch the real file behind the Git LFS pointer', 'git lfs install && git lfs pull'));
    fixes.push(command('Delete the bad file so the loader downloads it again', `rm ${target}`, { runnable: false }));
    fixes.push(advice('Why', key === '<' ? 'The download returned an HTML page (quota exceeded, login wall, proxy or a moved URL) and it was saved under the checkpoint name.' : key === 'v' ? 'The repository was cloned without Git LFS, so the file is a text pointer starting with "version https://git-lfs".' : 'The file is cut short or damaged; compare its size with the published one.'));
    return fixes;
  },
};
