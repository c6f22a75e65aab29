// Reads every entry of test/fixtures/error-corpus/*.json: real error texts with the category they should get.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Category } from '../../src/core/report-types.js';

export interface CorpusEntry {
  id: string;
  text: string;
  source: string;
  expectedCategory: Category;
  expectedRuleId?: string;
  note?: string;
  /** The file it came from, for failure messages. */
  file: string;
}

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/error-corpus/', import.meta.url));

export function loadCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => (JSON.parse(readFileSync(`${CORPUS_DIR}${file}`, 'utf8')) as Omit<CorpusEntry, 'file'>[]).map((e) => ({ ...e, file })));
}
