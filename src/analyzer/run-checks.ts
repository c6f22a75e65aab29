// Runs every check on every environment; a check that throws becomes a unit error, never the end of the run.
import { createHash } from 'node:crypto';
import type { Finding, UnitError } from '../core/report-types.js';
import type { Check, CheckContext, CheckMeta } from './check.js';
import { CHECKS } from './registry.js';

export function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

type Requirement = CheckMeta['requires'][number];
/** What of an environment each requirement opens; its identity (id, role, executable, kind, version) is always open. */
const ENVIRONMENT_FIELDS: Record<string, Requirement> = { probe: 'probe', probeFailure: 'probe', resolution: 'resolution', torch: 'torch' };
const CONTEXT_FIELDS: Record<string, Requirement> = { otherInterpreters: 'otherInterpreters', assets: 'assets', interpreterEnvVar: 'resolution' };

/**
 * The context as a check may see it: a read of anything its `meta.requires` does not declare throws,
 * so it becomes a unit error naming the check and the field, instead of a silent dependency.
 */
export function scopedContext(ctx: CheckContext, meta: Pick<CheckMeta, 'id' | 'requires'>): CheckContext {
  const allowed = (need: Requirement | undefined) => !need || meta.requires.includes(need);
  const deny = (what: string, need: Requirement): never => {
    throw new Error(`check ${meta.id} read ${what} without declaring '${need}' in meta.requires`);
  };
  const environment = new Proxy(ctx.environment, {
    get(target, key, receiver) {
      const need = typeof key === 'string' ? ENVIRONMENT_FIELDS[key] : undefined;
      if (!allowed(need)) deny(`environment.${String(key)}`, need!);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return new Proxy(ctx, {
    get(target, key, receiver) {
      if (key === 'environment') return environment;
      const need = typeof key === 'string' ? CONTEXT_FIELDS[key] : undefined;
      if (!allowed(need)) deny(String(key), need!);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

export function runChecks(contexts: CheckContext[], checks: readonly Check[] = CHECKS): { findings: Finding[]; unitErrors: UnitError[] } {
  const findings: Finding[] = [];
  const unitErrors: UnitError[] = [];
  for (const ctx of contexts) {
    for (const check of checks) {
      try {
        for (const r of check.run(scopedContext(ctx, check.meta))) {
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
