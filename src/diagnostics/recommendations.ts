// Recommendations: the report's fixes, de-duplicated across targets and ordered by what blocks a load first.
import { STAGE_NAMES, type Finding, type Fix, type Recommendation } from '../core/report-types.js';

/** Environment problems block every load; file problems block loading; then the stage order. */
function blockRank(f: Finding): number {
  if (!f.target) return -2;
  if (!f.stage) return -1;
  return STAGE_NAMES.indexOf(f.stage as (typeof STAGE_NAMES)[number]);
}

/** The fix to lead with: a verified command, then any runnable command, then the first fix. */
function leadFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.runnable && x.verified) ?? f.fixes.find((x) => x.runnable) ?? f.fixes[0];
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export function recommendations(findings: Finding[]): Recommendation[] {
  const groups = new Map<string, { fix: Fix; findings: Finding[] }>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const fix = leadFix(f);
    if (!fix) continue;
    // The same fix for several targets (one install, one missing voice folder) is one thing to do;
    // one command is one thing to do whatever it fixes (a config adapter fixes the drift and the shape mismatch it caused).
    const key = fix.command ? `command\u0000${fix.command}` : `${f.category}\u0000${fix.text ?? fix.title}`;
    const group = groups.get(key) ?? { fix, findings: [] };
    group.findings.push(f);
    groups.set(key, group);
  }
  const rank = (g: { findings: Finding[] }) => Math.min(...g.findings.map(blockRank));
  const severity = (g: { findings: Finding[] }) => Math.min(...g.findings.map((f) => SEVERITY_RANK[f.severity]));
  return [...groups.values()]
    .sort((a, b) => rank(a) - rank(b) || severity(a) - severity(b) || b.findings.length - a.findings.length)
    .map((g, i) => {
      const first = g.findings[0]!;
      // The symptoms folded under these findings showed where the problem hurts: their stages count too.
      const shown = [...g.findings, ...findings.filter((f) => f.explainedBy && g.findings.some((c) => c.fingerprint === f.explainedBy))];
      const targets = [...new Set(shown.flatMap((f) => (f.target ? [f.target] : [])))];
      const stages = [...new Set(shown.flatMap((f) => (f.stage ? [f.target ? `${f.target}: ${f.stage}` : f.stage] : [])))];
      return {
        rank: i + 1,
        title: g.fix.title,
        category: first.category,
        because: first.title,
        fix: g.fix,
        findings: g.findings.map((f) => f.fingerprint),
        targets,
        stages,
      };
    });
}
