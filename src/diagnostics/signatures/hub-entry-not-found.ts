// The Hub answered, but the file the code asks for does not exist in that repository (renamed or removed upstream).
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const ENTRY = /Entry Not Found for url: https:\/\/huggingface\.co\/([\w.-]+\/[\w.-]+)\/resolve\/([\w.-]+)\/([^\s]+?)\.?$/m;
const ERROR = /(?<!Local)EntryNotFoundError[^\n]*/;

export const signature: Signature = {
  meta: {
    id: 'hub-entry-not-found',
    category: 'hub-offline-or-cache',
    severity: 'error',
    title: 'The file the code asks for is not in the Hub repository',
    sources: ['https://github.com/mirbehnam/Kokoro-TTS-windows/issues/10'],
  },

  match(input) {
    const hit = firstHit(input, ENTRY) ?? firstHit(input, ERROR);
    if (!hit) return null;
    const [, repo = '', revision = '', file = ''] = hit.match;
    return { confidence: 0.91, title: file ? `${repo} has no ${file} (at ${revision})` : undefined, evidence: evidenceOf([hit]), captures: { repo, revision, file } };
  },

  fixes(m) {
    const { repo, file, revision } = m.captures;
    return [
      advice('The repository moved on: use code that asks for the current files', `${file ? `${file} is gone from ${repo} (revision ${revision}). ` : ''}Upgrade the app to a release written for the current repository layout, or pin the old revision (revision="<commit>") that still has the file. For Kokoro, v0.19 files (kokoro-v0_19.pth) were replaced by kokoro-v1_0.pth and voices/*.pt.`),
    ];
  },
};
