// The terminal view of a comparison: the gate's verdict first, then what got worse, what got better.
import pc from 'picocolors';
import type { Change, Comparison } from '../core/comparison-types.js';
import { terminalSafe } from './console.js';
import { plural } from './format.js';

const SHOWN = 10;

function list(changes: Change[], mark: string): string[] {
  const lines = changes.slice(0, SHOWN).map((c) => `  ${mark} ${terminalSafe(c.message)}`);
  if (changes.length > SHOWN) lines.push(`    ... and ${changes.length - SHOWN} more in comparison.json`);
  return lines;
}

export function renderComparisonConsole(cmp: Comparison, opts: { color: boolean; quiet?: boolean }): string {
  const c = pc.createColors(opts.color);
  const base = cmp.base.file ?? 'the baseline';
  const verdict = cmp.regressions.length
    ? c.red(c.bold(`✖ ${plural(cmp.regressions.length, 'regression')} against ${base}`))
    : c.green(c.bold(`✔ No regression against ${base}`));
  if (opts.quiet) return `${verdict}\n`;
  const lines = ['', verdict];
  if (cmp.base.upgradedFrom) lines.push(c.dim(`  (baseline written by report version ${cmp.base.upgradedFrom}, upgraded to compare)`));
  if (cmp.environmentDifferences.length) {
    lines.push(c.yellow(`  Base and head ran in different environments: ${terminalSafe(cmp.environmentDifferences.join('; '))}`));
  }
  lines.push(...list(cmp.regressions, c.red('✖')));
  if (cmp.warnings.length) lines.push(c.yellow(`  ${plural(cmp.warnings.length, 'warning')} (do not fail the gate):`), ...list(cmp.warnings, c.yellow('!')));
  if (cmp.improvements.length) lines.push(c.green(`  ${plural(cmp.improvements.length, 'improvement')}:`), ...list(cmp.improvements, c.green('✔')));
  if (cmp.unchangedProblems) lines.push(c.dim(`  ${plural(cmp.unchangedProblems, 'known problem')} unchanged since the baseline (not a regression).`));
  return `${lines.join('\n')}\n`;
}
