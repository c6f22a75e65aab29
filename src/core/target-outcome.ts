// A target's staged load in one phrase ("failed at load-weights"), shared by the HTML and console renderers.
import { STAGE_NAMES, type Stage, type StageStatus, type Target } from './report-types.js';

export type OutcomeKind = 'passed' | 'partial' | 'failed' | 'crashed' | 'timed-out' | 'out-of-memory' | 'interrupted' | 'no-stages';

export interface TargetOutcome {
  kind: OutcomeKind;
  /** e.g. `failed at load-weights`, `crashed in construct-minimal (SIGSEGV)`, `all stages passed`. */
  text: string;
  /** The stage the load broke in, when it broke. */
  stage: Stage | null;
}

const BROKEN: readonly StageStatus[] = ['failed', 'crashed', 'timed-out', 'out-of-memory'];

/** The stages in STAGE_NAMES order; names outside it (not in a valid report) go last, in report order. */
export function orderedStages(stages: readonly Stage[] | null | undefined): Stage[] {
  const rank = (s: Stage) => {
    const i = STAGE_NAMES.indexOf(s.name);
    return i < 0 ? STAGE_NAMES.length : i;
  };
  return (stages ?? []).map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

export function targetOutcome(t: Target): TargetOutcome {
  const stages = orderedStages(t.stages);
  const interrupted = t.process?.interrupted === true;
  const broken = stages.find((s) => BROKEN.includes(s.status));
  if (broken) {
    const text = brokenText(broken, t);
    return { kind: broken.status as OutcomeKind, text: interrupted ? `${text}; then interrupted` : text, stage: broken };
  }
  if (interrupted) {
    // An interrupted stage is recorded as skipped, but it had started.
    const during = stages.find((s) => s.status === 'skipped' && s.startMs !== null);
    return { kind: 'interrupted', text: during ? `interrupted in ${during.name}` : 'interrupted', stage: during ?? null };
  }
  if (!stages.length) return { kind: 'no-stages', text: 'no stages recorded', stage: null };
  const passed = stages.filter((s) => s.status === 'passed').length;
  if (passed === stages.length) return { kind: 'passed', text: 'all stages passed', stage: null };
  // A stage that cannot apply to the model, or that the target did not ask for, is neutral: the
  // target is green when every other stage passed. Any other skip means something was not tried.
  const neutral = stages.filter(isNeutralSkip);
  if (passed > 0 && passed + neutral.length === stages.length) {
    const na = neutral.filter((s) => s.skipKind === 'not-applicable').length;
    const asked = neutral.length - na;
    const aside = [na ? `${na} ${na === 1 ? 'does' : 'do'} not apply` : '', asked ? `${asked} not requested` : ''].filter(Boolean).join(', ');
    return { kind: 'passed', text: `all ${passed} applicable stages passed (${aside})`, stage: null };
  }
  const applicable = stages.length - neutral.length;
  if (!applicable) return { kind: 'no-stages', text: 'no applicable stage ran', stage: null };
  // Skipped never counts as passed: say how many did not run.
  return { kind: 'partial', text: `${passed} of ${applicable} ${neutral.length ? 'applicable ' : ''}stages passed, ${applicable - passed} skipped`, stage: null };
}

/** Skipped because it cannot apply to this model, or because the target's `stages` left it out. */
export function isNeutralSkip(s: Stage): boolean {
  return s.status === 'skipped' && (s.skipKind === 'not-applicable' || s.skipKind === 'not-requested');
}

function brokenText(s: Stage, t: Target): string {
  switch (s.status) {
    case 'failed':
      return `failed at ${s.name}`;
    case 'crashed': {
      const signal = s.signal ?? t.process?.signal ?? null;
      const exit = t.process?.exitCode;
      const why = signal ? signal : typeof exit === 'number' ? `exit code ${exit}` : null;
      return `crashed in ${s.name}${why ? ` (${why})` : ''}`;
    }
    case 'timed-out':
      return `timed out in ${s.name}`;
    default:
      return `out of memory in ${s.name}`;
  }
}

/** `does not apply` / `not requested` for the neutral skips (they leave the target green), else the status. */
export function stageLabel(s: Stage): string {
  if (s.status !== 'skipped') return s.status;
  return s.skipKind === 'not-applicable' ? 'does not apply' : s.skipKind === 'not-requested' ? 'not requested' : 'skipped';
}
