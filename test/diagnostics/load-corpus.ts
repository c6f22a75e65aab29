// Reads the error corpus: real error texts from public threads with the category they should get.
// train/ is what signatures were written from; holdout/ is never read while writing them (README there).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Category } from '../../src/core/report-types.js';

export type Split = 'train' | 'holdout';

export interface CorpusEntry {
  id: string;
  text: string;
  source: string;
  expectedCategory: Category;
  expectedRuleId?: string;
  family?: string;
  note?: string;
  /** Collected before the split existed: signatures were written while reading it, so it is train whatever its hash. */
  predatesSplit?: boolean;
  /** The file it came from (`<category>.json`), and its folder. */
  file: string;
  split: Split;
}

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/error-corpus/', import.meta.url));

/** The fixed rule that puts a thread in the holdout: the first 32 bits of sha256(source) below 2^31. */
export function splitOf(source: string): Split {
  return Number.parseInt(createHash('sha256').update(source).digest('hex').slice(0, 8), 16) < 0x80000000 ? 'holdout' : 'train';
}

export function loadCorpus(split?: Split): CorpusEntry[] {
  const splits: Split[] = split ? [split] : ['train', 'holdout'];
  return splits.flatMap((s) =>
    readdirSync(`${CORPUS_DIR}${s}`)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((file) => (JSON.parse(readFileSync(`${CORPUS_DIR}${s}/${file}`, 'utf8')) as Omit<CorpusEntry, 'file' | 'split'>[]).map((e) => ({ ...e, file, split: s }))),
  );
}
