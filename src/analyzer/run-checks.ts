// Runs every check on every environment; a check that throws becomes a unit error, never the end of the run.
import { createHash } from 'node:crypto';
import type { Finding, UnitError } from '../core/report-types.js';
import type { Check, CheckContext } from './check.js';
import { CHECKS } from './registry.js';

export function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

export function runChecks(contexts: CheckContext[], checks: readonly Check[] = CHECKS): { findings: Finding[]; unitErrors: UnitError[] } {
  const findings: Finding[] = [];
  const unitErrors: UnitError[] = [];
  for (const ctx of contexts) {
    for (const check of checks) {
      try {
        for (const r of check.run(ctx)) {
          findings.push({
            ruleId: check.meta.id,
            category: r.category ?? check.meta.category,
            severity: r.severity ?? check.meta.severity,
            title: r.title ?? check.meta.title,
            message: r.message,
            environment: ctx.environment.id,
            ...(r.target ? { target: r.target } : {}),
            evidence: r.evidence,
            fixes: r.fixes,
            fingerprint: fingerprint([check.meta.id, ctx.environment.id, r.key]),
          });
        }
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        unitErrors.push({ unit: `check:${check.meta.id}`, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
      }
    }
  }
  return { findings, unitErrors };
}
