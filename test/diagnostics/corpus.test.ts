// Classifies every real error text of the corpus, on the part signatures were written from (train)
// and on the part they never saw (holdout), and prints both with a calibration table.
// Speed: npm run bench:explain.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/core/report-types.js';
import { classify } from '../../src/diagnostics/classify.js';
import { SIGNATURES } from '../../src/diagnostics/registry.js';
import { calibration, formatCalibration } from './calibration.js';
import { CORPUS_DIR, loadCorpus, splitOf } from './load-corpus.js';

const corpus = loadCorpus();
const train = corpus.filter((e) => e.split === 'train');
const holdout = corpus.filter((e) => e.split === 'holdout');
const MIN_TRAIN = 0.97;
/** The whole corpus, as before the split. */
const MIN_ALL = 0.9;
/**
 * The goal is 0.9 on the holdout; it measures 0.72 today (README, Diagnostics). This floor is the
 * measured value, a ratchet against regressions, not the goal: raise it as rules that generalize
 * land, never from reading the holdout's texts.
 */
const HOLDOUT_GOAL = 0.9;
const MIN_HOLDOUT = 0.72;
const known = (JSON.parse(readFileSync(`${CORPUS_DIR}known-misses.json`, 'utf8')) as { misses: Record<string, string> }).misses;
const results = corpus.map((e) => ({ e, d: classify({ text: e.text }) }));
const hit = (r: (typeof results)[number]) => r.d.category === r.e.expectedCategory;

describe('error corpus', () => {
  it('holds at least 300 real entries from at least 250 threads, well formed, ids unique', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((e) => e.source)).size).toBeGreaterThanOrEqual(250);
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

  it('has real entries for every category in both parts', () => {
    for (const part of [train, holdout]) {
      const seen = new Set(part.map((e) => e.expectedCategory));
      for (const c of CATEGORIES) expect(seen.has(c), `${part[0]?.split}: ${c}`).toBe(true);
    }
  });

  it('is split by the fixed hash of the thread, and no thread is on both sides', () => {
    for (const e of holdout) {
      expect(splitOf(e.source), e.id).toBe('holdout');
      expect(e.predatesSplit, e.id).toBeUndefined();
    }
    // Entries collected before the split were read while writing signatures: train whatever their hash.
    for (const e of train.filter((x) => !x.predatesSplit)) expect(splitOf(e.source), e.id).toBe('train');
    const held = new Set(holdout.map((e) => e.source));
    expect(train.filter((e) => held.has(e.source)).map((e) => e.id)).toEqual([]);
  });

  it('no signature cites a holdout thread as its source', () => {
    const held = new Set(holdout.map((e) => e.source.replace(/#.*$/, '')));
    const cited = SIGNATURES.flatMap((s) => s.meta.sources.filter((src) => held.has(src.replace(/#.*$/, ''))).map((src) => `${s.meta.id}: ${src}`));
    expect(cited).toEqual([]);
  });

  it('the README states the accuracies and part sizes this test measures (a figure edited by hand goes stale)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const pct = (part: typeof results) => `${((part.filter(hit).length / part.length) * 100).toFixed(1)}%`;
    const trainR = results.filter((r) => r.e.split === 'train');
    const holdR = results.filter((r) => r.e.split === 'holdout');
    const line = `all ${pct(results)}, **train ${pct(trainR)} (${trainR.filter(hit).length}/${trainR.length}), holdout ${pct(holdR)} (${holdR.filter(hit).length}/${holdR.length})**`;
    expect(readme.replace(/\s+/g, ' ')).toContain(line);
    expect(readme.replace(/\s+/g, ' ')).toContain(`${train.length} entries`);
    expect(readme.replace(/\s+/g, ' ')).toContain(`(${holdout.length} entries,`);
  });

  it(`classifies >= ${MIN_ALL * 100}% of all, >= ${MIN_TRAIN * 100}% of train and >= ${MIN_HOLDOUT * 100}% of holdout (goal ${HOLDOUT_GOAL * 100}%); prints them and the calibration`, () => {
    const acc = (part: typeof results) => part.filter(hit).length / part.length;
    const trainR = results.filter((r) => r.e.split === 'train');
    const holdR = results.filter((r) => r.e.split === 'holdout');
    console.log(`corpus accuracy: all ${(acc(results) * 100).toFixed(1)}%, train ${(acc(trainR) * 100).toFixed(1)}% (${trainR.filter(hit).length}/${trainR.length}), holdout ${(acc(holdR) * 100).toFixed(1)}% (${holdR.filter(hit).length}/${holdR.length}); ${new Set(corpus.map((e) => e.source)).size} threads`);
    console.log(formatCalibration(calibration(results.map((r) => ({ confidence: r.d.confidence, correct: hit(r) })))));
    if (acc(holdR) < HOLDOUT_GOAL) console.log(`holdout below its ${HOLDOUT_GOAL * 100}% goal`);
    expect(acc(results)).toBeGreaterThanOrEqual(MIN_ALL);
    expect(acc(trainR)).toBeGreaterThanOrEqual(MIN_TRAIN);
    expect(acc(holdR)).toBeGreaterThanOrEqual(MIN_HOLDOUT);
  });

  it('misses exactly the known misses: a new miss is a regression, a fixed one leaves the list', () => {
    const missed = results.filter((r) => !hit(r)).map((r) => `${r.e.id}: got ${r.d.category} (${r.d.ruleId ?? 'no rule'}, ${r.d.confidence}), expected ${r.e.expectedCategory}`);
    const unexpected = missed.filter((m) => !(m.split(':')[0]! in known));
    const fixed = Object.keys(known).filter((id) => !missed.some((m) => m.startsWith(`${id}:`)));
    expect(unexpected, 'misclassified, and not on known-misses.json').toEqual([]);
    expect(fixed, 'on known-misses.json but classified right now: take them off').toEqual([]);
  });

  it('names the expected rule where the corpus names one, for most entries', () => {
    const named = corpus.filter((e) => e.expectedRuleId);
    const wrong = named.filter((e) => classify({ text: e.text }).ruleId !== e.expectedRuleId).map((e) => e.id);
    console.log(`rule agreement: ${named.length - wrong.length}/${named.length}${wrong.length ? ` (differs: ${wrong.join(', ')})` : ''}`);
    expect((named.length - wrong.length) / named.length).toBeGreaterThanOrEqual(0.9);
  });

  it('offers an alternative whenever it is not sure, and `other` always says what it saw', () => {
    for (const { e, d } of results) {
      if (d.confidence < 0.9) expect(d.alternatives.length, `${e.id} (${d.confidence})`).toBeGreaterThan(0);
      if (d.category === 'other') expect(d.evidence.length, e.id).toBeGreaterThan(0);
    }
  });

  it('finds the error at the end of a large log (a long pip install transcript before it)', () => {
    const big = `${'Collecting something (from -r requirements.txt (line 1))\n  Using cached something-1.0-py3-none-any.whl\n'.repeat(20_000)}${corpus[0]!.text}`;
    expect(classify({ text: big }).category).toBe(corpus[0]!.expectedCategory);
  });
});
