// The summary's fix figures, as the console, summary.md and the page say them (and do not, with no errors).
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/reporter/console.js';
import { renderSummaryMarkdown } from '../../src/reporter/summary-md.js';
import { renderHtml } from '../../src/reporter/html.js';
import { emptyReport, sampleReport } from './fixtures.js';

const SENTENCE = '2 of 3 errors have a specific fix, 1 verified by debug-tts';

describe('the fix figures', () => {
  const report = sampleReport();
  report.summary.fixes = { errors: 3, specific: 2, verified: 1 };

  it('are one line under the headline on the terminal, in summary.md and on the page', () => {
    expect(renderConsole(report, { color: false, verbose: false, outputFiles: [] }).split('\n').slice(0, 3)).toContain(`  Fixes: ${SENTENCE}.`);
    expect(renderSummaryMarkdown(report)).toContain(`\nFixes: ${SENTENCE}.\n`);
    expect(renderHtml(report)).toContain(`<p class="status-fixes" data-fixes>Fixes: ${SENTENCE}.</p>`);
  });

  it('say one error in the singular, and nothing when there is no error', () => {
    const one = sampleReport();
    one.summary.fixes = { errors: 1, specific: 1, verified: 0 };
    expect(renderSummaryMarkdown(one)).toContain('Fixes: 1 of 1 error has a specific fix, 0 verified by debug-tts.');
    const none = emptyReport();
    none.summary.fixes = { errors: 0, specific: 0, verified: 0 };
    expect(renderConsole(none, { color: false, verbose: false, outputFiles: [] })).not.toContain('Fixes:');
    expect(renderHtml(none)).not.toContain('data-fixes');
  });
});
