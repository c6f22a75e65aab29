// npm run bench:explain: how long `explain` takes to classify a log (the budget: under 100 ms a log), as JSON lines.
import { classify } from '../src/diagnostics/classify.js';
import { loadCorpus } from '../test/diagnostics/load-corpus.js';

const corpus = loadCorpus();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

classify({ text: corpus[0]!.text }); // warm up: regexes compile on first use
const passes: number[] = [];
let worst = 0;
for (let pass = 0; pass < 5; pass++) {
  const start = performance.now();
  for (const e of corpus) {
    const t = performance.now();
    classify({ text: e.text });
    worst = Math.max(worst, performance.now() - t);
  }
  passes.push((performance.now() - start) / corpus.length);
}
console.log(JSON.stringify({ bench: 'explain-corpus', logs: corpus.length, passes: passes.length, medianMsPerLog: +median(passes).toFixed(4), worstMsOneLog: +worst.toFixed(3), budgetMs: 100 }));

const big = `${'Collecting something (from -r requirements.txt (line 1))\n  Using cached something-1.0-py3-none-any.whl\n'.repeat(20_000)}${corpus[0]!.text}`;
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  classify({ text: big });
  times.push(performance.now() - start);
}
console.log(JSON.stringify({ bench: 'explain-large-log', megabytes: +(big.length / 1e6).toFixed(1), medianMs: +median(times).toFixed(1) }));
