// A CPU-side allocation failed (std::bad_alloc, MemoryError, ggml/DefaultCPUAllocator): not enough RAM for the model.
import type { Signature } from '../signature.js';
import { advice } from '../fix-kit.js';
import { evidenceOf, firstHit, type Hit } from '../text-scan.js';

const PATTERNS = [
  /std::bad_alloc/,
  /insufficient memory \(attempted to allocate ([\d.]+ ?[KMG]B)\)/,
  /DefaultCPUAllocator: (?:not enough memory|can't allocate memory)[^\n]*/,
  /^MemoryError\b.*$/m,
  /Unable to allocate ([\d.]+ [KMGT]iB) for an array/,
];

export const signature: Signature = {
  meta: {
    id: 'host-allocation-failed',
    category: 'out-of-memory',
    severity: 'error',
    title: 'The machine ran out of RAM while loading the model',
    sources: ['https://github.com/epfml/sent2vec/issues/98', 'https://github.com/LostRuins/koboldcpp/issues/1750', 'https://github.com/flashlight/flashlight/issues/983'],
  },

  match(input) {
    let hit: Hit | null = null;
    for (const re of PATTERNS) if ((hit = firstHit(input, re))) break;
    if (!hit) return null;
    return { confidence: 0.88, title: hit.match[1] ? `An allocation of ${hit.match[1]} failed` : undefined, evidence: evidenceOf([hit]), captures: { size: hit.match[1] ?? '' } };
  },

  fixes(m) {
    return [
      advice('Check the size asked for against free memory', `${m.captures.size ? `It asked for ${m.captures.size}. ` : ''}A request far above the model size (gigabytes for an 80M-parameter model) points at a wrong config or a build bug rather than a small machine; otherwise free memory, add swap, or use a smaller / quantised model.`),
    ];
  },
};
