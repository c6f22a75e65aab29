// Classifies every real error text of the corpus: accuracy must stay at 90% or above (speed: npm run bench:explain).
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/core/report-types.js';
import { classify } from '../../src/diagnostics/classify.js';
import { SIGNATURES } from '../../src/diagnostics/registry.js';
import { loadCorpus } from './load-corpus.js';

const corpus = loadCorpus();
const MIN_ACCURACY = 0.9;

describe('error corpus', () => {
  it('holds at least 90 real entries, well formed and with unique ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(90);
    const ids = new Set<string>();
    for (const e of corpus) {
      expect(e.id, e.file).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(ids.has(e.id), `duplicate id ${e.id}`).toBe(false);
      ids.add(e.id);
      expect(e.text.trim().length, e.id).toBeGreaterThan(10);
      expect(e.source, e.id).toMatch(/^https:\/\/\S+$/);
      expect(CATEGORIES, e.id).toContain(e.expectedCategory);
      expect(e.file, e.id).toBe(`${e.expectedCategory}.json`);
      if (e.expectedRuleId) expect(SIGNATURES.map((s) => s.meta.id), e.id).toContain(e.expectedRuleId);
    }
  });

  it('has real entries for every category, `other` included', () => {
    const seen = new Set(corpus.map((e) => e.expectedCategory));
    for (const c of CATEGORIES) expect(seen.has(c), c).toBe(true);
  });

  it(`classifies at least ${MIN_ACCURACY * 100}% of the entries into their expected category`, () => {
    const misses: string[] = [];
    for (const e of corpus) {
      const d = classify({ text: e.text });
      if (d.category !== e.expectedCategory) misses.push(`${e.id}: got ${d.category} (${d.ruleId ?? 'no rule'}, ${d.confidence}), expected ${e.expectedCategory}`);
    }
    const accuracy = (corpus.length - misses.length) / corpus.length;
    console.log(`corpus accuracy: ${(accuracy * 100).toFixed(1)}% (${corpus.length - misses.length}/${corpus.length})`);
    if (misses.length) console.log(`misclassified:\n  ${misses.join('\n  ')}`);
    expect(accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it('names the expected rule where the corpus names one, for most entries', () => {
    const named = corpus.filter((e) => e.expectedRuleId);
    const wrong = named.filter((e) => classify({ text: e.text }).ruleId !== e.expectedRuleId).map((e) => e.id);
    console.log(`rule agreement: ${named.length - wrong.length}/${named.length}${wrong.length ? ` (differs: ${wrong.join(', ')})` : ''}`);
    expect((named.length - wrong.length) / named.length).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it('finds the error at the end of a large log (a long pip install transcript before it)', () => {
    const big = `${'Collecting something (from -r requirements.txt (line 1))\n  Using cached something-1.0-py3-none-any.whl\n'.repeat(20_000)}${corpus[0]!.text}`;
    expect(classify({ text: big }).category).toBe(corpus[0]!.expectedCategory);
  });
});
