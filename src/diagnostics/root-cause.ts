// Root cause over symptom: when one finding explains a failed stage (config drift whose verified
// adapter makes the stage pass, a shadowing copy the traceback runs through, a package on a Python
// it excludes, torch that cannot be imported), the stage's finding becomes evidence under the
// cause. The cause is raised to the stage's severity and leads; the symptom stays in the report at
// info level, pointing at it, so per-stage views (JUnit, the gate's stage levels) still find it,
// but it is not a second error with competing advice.
import path from 'node:path';
import type { Finding, ReportAdapter, Severity, Stage, Target } from '../core/report-types.js';
import { distributionFor } from './fix-kit.js';
import { faulthandlerFrame, framesIn, type Frame } from './frames.js';
import { normalizeName } from '../core/package-name.js';

/** A PEP 503 name without extras (`misaki[en]` is misaki). */
const normalise = (name: string) => normalizeName(name.replace(/\[.*$/, ''));

/** Every frame a stage's traceback or stderr shows, innermost last (a faulthandler dump's first frame moved last). */
function framesOf(s: Stage): Frame[] {
  const text = [s.error?.traceback ?? '', s.stderrTail ?? ''].join('\n');
  const frames = framesIn(text);
  const dumped = faulthandlerFrame(s.stderrTail);
  return dumped ? [...frames.filter((f) => f.file !== dumped.file || f.line !== dumped.line), dumped] : frames;
}

/** Does an import name (a frame's top-level package) belong to this distribution? */
function isDistribution(pkg: string, dist: string): boolean {
  const d = normalise(dist);
  return normalise(pkg) === d || normalise(distributionFor(pkg)) === d || d.startsWith(`${normalise(pkg)}-`);
}

/** The package that raised: the innermost frame under site-packages (stdlib frames below it are its calls). */
function raisingPackage(frames: Frame[]): string | null {
  return [...frames].reverse().find((f) => f.pkg)?.pkg ?? null;
}

const value = (f: Finding, label: string) => f.evidence.find((e) => e.label === label)?.value ?? null;

export interface Explanation {
  cause: Finding;
  why: string;
}

type Explainer = (symptom: Finding, stage: Stage, findings: Finding[], adapters: ReportAdapter[]) => Explanation | null;

/** The config drifted from what the code takes, and the stage passes with the verified adapter. */
const configDrift: Explainer = (symptom, stage, findings, adapters) => {
  const a = adapters.find((x) => x.target === symptom.target && x.environment === symptom.environment && x.verification.status === 'verified');
  if (!a?.verification.stages.some((s) => s.stage === stage.name && s.status === 'passed')) return null;
  const cause = findings.find((f) => f.ruleId === 'config-params-drifted' && f.target === a.target && f.environment === a.environment);
  return cause ? { cause, why: `${stage.name} passes with the adapted config (${a.files.python})` } : null;
};

/** A package the stage raised in is installed on a Python it excludes, or breaks a sourced version rule. */
const packageRule: Explainer = (symptom, stage, findings) => {
  const pkg = raisingPackage(framesOf(stage));
  if (!pkg) return null;
  for (const f of findings) {
    if (f.ruleId !== 'requires-python-violated' && f.ruleId !== 'known-constraint-violated') continue;
    if (f.severity === 'info' || (f.environment && symptom.environment && f.environment !== symptom.environment)) continue;
    const dists = [value(f, 'package'), value(f, 'conflicts with')].flatMap((v) => (v ? [v.split('==')[0]!] : []));
    const dist = dists.find((d) => isDistribution(pkg, d));
    if (dist) return { cause: f, why: `the error is raised in ${pkg}, the ${dist} this finding is about` };
  }
  return null;
};

/** The module a stage's error names: `No module named 'a.b'`, `cannot import name 'x' from 'a.b'`. */
function namedModule(stage: Stage): string | null {
  const m = /No module named '([\w.]+)'|cannot import name '\w+' from '([\w.]+)'/.exec(stage.error?.message ?? '');
  return m ? (m[1] ?? m[2])!.split('.')[0]! : null;
}

/**
 * A copy that shadows another version of itself is on the stage's path: the traceback runs through
 * it, the error names its file, or the error is about a module of a distribution it shadows.
 */
const shadowingCopy: Explainer = (symptom, stage, findings) => {
  const frames = framesOf(stage);
  const module = namedModule(stage);
  for (const f of findings) {
    if (f.ruleId !== 'distribution-shadowed' || f.severity === 'info') continue;
    const copies = f.evidence.filter((e) => e.label === 'imported').map((e) => /^(.+?)==(\S+) in (.+)$/.exec(e.value)).filter((m): m is RegExpExecArray => m !== null);
    const inside = (file: string) => copies.some((c) => file.startsWith(c[3]!.endsWith(path.sep) ? c[3]! : `${c[3]!}${path.sep}`));
    const through = frames.find((fr) => inside(fr.file));
    if (through) return { cause: f, why: `the traceback runs through ${through.file}, a copy that shadows another version` };
    // Only a copy of another version than the one it hides can break what the code expects.
    const hidden = f.evidence.filter((e) => e.label === 'shadowed').map((e) => /^(.+?)==(\S+) in /.exec(e.value)).filter((m): m is RegExpExecArray => m !== null);
    const differs = (c: RegExpExecArray) => hidden.some((h) => h[1] === c[1] && h[2] !== c[2]);
    const copy = module ? copies.find((c) => isDistribution(module, c[1]!) && differs(c)) : undefined;
    if (copy) return { cause: f, why: `the error is about ${module}, and Python imports ${copy[1]} ${copy[2]} from ${copy[3]}, not the version installed under it` };
  }
  return null;
};

/** torch itself cannot be imported: every torch target fails with the same error. */
const torchImport: Explainer = (symptom, stage, findings) => {
  const cause = findings.find((f) => f.ruleId === 'torch-import-failed');
  const line = cause ? value(cause, 'exception')?.split('\n')[0] : null;
  if (!cause || !line || !stage.error) return null;
  const text = `${stage.error.type}: ${stage.error.message}\n${stage.error.traceback}`;
  return text.includes(line) ? { cause, why: `the stage fails with torch's own import error (${line.slice(0, 120)})` } : null;
};

const EXPLAINERS: Explainer[] = [configDrift, torchImport, shadowingCopy, packageRule];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Makes `symptom` evidence under `cause`: the cause takes its severity, the symptom drops to info. */
export function fold(cause: Finding, symptom: Finding, why: string): void {
  if (RANK[symptom.severity] < RANK[cause.severity]) cause.severity = symptom.severity;
  cause.evidence.push({ label: 'symptom', value: `${symptom.title} (${why})` });
  // A fix debug-tts verified for the symptom (the clean env's versions) still fixes it: keep it.
  for (const fix of symptom.fixes) {
    if (fix.verified && !cause.fixes.some((x) => x.command && x.command === fix.command)) cause.fixes.push(fix);
  }
  symptom.severity = 'info';
  symptom.explainedBy = cause.fingerprint;
  symptom.evidence.push({ label: 'explained by', value: `${cause.title} (${cause.ruleId}): ${why}` });
}

/** Folds every failed stage's finding that a static finding explains. */
export function foldSymptoms(findings: Finding[], targets: Target[], adapters: ReportAdapter[] = []): void {
  for (const symptom of findings) {
    if (symptom.ruleId !== 'stage-failed' || symptom.explainedBy || !symptom.target || !symptom.stage) continue;
    const stage = targets.find((t) => t.id === symptom.target && t.environment === symptom.environment)?.stages.find((s) => s.name === symptom.stage);
    if (!stage) continue;
    for (const explain of EXPLAINERS) {
      const e = explain(symptom, stage, findings, adapters);
      if (e) {
        fold(e.cause, symptom, e.why);
        break;
      }
    }
  }
}
