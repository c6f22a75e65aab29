// Which engines initialise here: the provider availability list a multi-engine app (a router with fallbacks) needs.
import type { Availability, Target } from '../core/report-types.js';
import { isIsolatedEnvironment } from '../core/environment-id.js';
import { targetOutcome } from '../core/target-outcome.js';

/**
 * An engine loads when no stage of it broke (skipped stages do not count against it, and its
 * outcome says how far it got). The user's own environments only; a run with nothing but clean
 * envs (the reference set) speaks for those.
 */
export function availability(targets: Target[]): Availability | null {
  const own = targets.filter((t) => !isIsolatedEnvironment(t.environment));
  const list = own.length ? own : targets;
  if (!list.length) return null;
  const engines = list.map((t) => {
    const o = targetOutcome(t);
    const loads = o.kind === 'passed' || o.kind === 'partial';
    const error = o.stage?.error;
    return {
      target: t.id,
      family: t.family,
      environment: t.environment,
      status: loads ? ('loads' as const) : ('fails' as const),
      outcome: o.text,
      ...(loads ? {} : { at: o.stage?.name ?? null, reason: error ? `${error.type}: ${error.message}`.split('\n')[0]!.slice(0, 200) : (o.stage?.skipReason ?? o.text) }),
    };
  });
  const loading = engines.filter((e) => e.status === 'loads').map((e) => e.target);
  const failing = engines.filter((e) => e.status === 'fails');
  const n = engines.length;
  const noun = n === 1 ? 'engine' : 'engines';
  let sentence: string;
  if (!failing.length) sentence = `${n === 1 ? 'The' : `All ${n}`} ${noun} initialise${n === 1 ? 's' : ''} here: ${loading.join(', ')}.`;
  else if (!loading.length) sentence = `None of the ${n} ${noun} initialise${n === 1 ? 's' : ''} here (${failing.map((f) => `${f.target}: ${f.outcome}`).join('; ')}).`;
  else sentence = `${loading.length} of ${n} engines initialise here: ${loading.join(', ')}; an app with fallbacks can still use ${loading.length === 1 ? 'it' : 'them'}. Not: ${failing.map((f) => `${f.target} (${f.outcome})`).join(', ')}.`;
  return { engines, sentence };
}
