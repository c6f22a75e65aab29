// The matrix view of a merged report: one row per target id, one column per merged run (CI matrix job).
import type { Report, Target } from '../core/report-types.js';
import { targetOutcome } from '../core/target-outcome.js';

export interface MatrixCell {
  text: string;
  cls: string;
  anchor: string | null;
}

/** Null for a report that is not a merge. `anchors` are the targets' anchors in the page, by index. */
export function matrixView(report: Report, anchors: string[]) {
  const columns = report.matrix?.columns;
  if (!columns?.length) return null;
  const labelOf = (t: Target) => columns.find((c) => t.environment === c.label || t.environment.startsWith(`${c.label}/`))?.label ?? null;
  const ids = [...new Set(report.targets.map((t) => t.id))];
  const rows = ids.map((id) => ({
    id,
    cells: columns.map((c): MatrixCell => {
      const i = report.targets.findIndex((t) => t.id === id && labelOf(t) === c.label);
      if (i < 0) return { text: 'not run', cls: 'outcome-none', anchor: null };
      const o = targetOutcome(report.targets[i]!);
      return { text: o.text, cls: `outcome-${o.kind}`, anchor: anchors[i] ?? null };
    }),
  }));
  return { columns: columns.map((c) => ({ label: c.label, host: c.host, startedAt: c.startedAt, upgradedFrom: c.upgradedFrom ?? null, ranOn: [c.python ? `Python ${c.python}` : null, c.torch ? `torch ${c.torch}` : null].filter(Boolean).join(' · ') || null })), rows };
}
