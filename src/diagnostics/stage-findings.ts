// One finding per stage that did not pass: the failing stage, its error, and the stage before it that worked.
import { fingerprint } from '../analyzer/run-checks.js';
import type { CheckContext } from '../analyzer/check.js';
import { targetConfigFile } from '../analyzer/assets.js';
import { interpreterPath } from '../analyzer/fix-helpers.js';
import type { Evidence, Finding, Fix, Stage, Target } from '../core/report-types.js';
import { classify, type Diagnosis } from './classify.js';
import { foldRunnerFrames } from './frames.js';
import type { SignatureEnv, StageDeath } from './signature.js';

const BROKEN = new Set(['failed', 'crashed', 'timed-out', 'out-of-memory']);

/** The facts signatures use to turn a text match into a diagnosis for this machine. */
export function signatureEnv(ctx: CheckContext): SignatureEnv {
  const probe = ctx.environment.probe;
  const system = probe?.platform.system;
  return {
    interpreter: interpreterPath(ctx.environment),
    ...(probe?.python.version ? { pythonVersion: probe.python.version } : {}),
    ...(system ? { platform: system === 'Darwin' ? 'darwin' : system === 'Windows' ? 'win32' : system.toLowerCase() } : {}),
    ...(probe?.platform.machine ? { machine: probe.platform.machine } : {}),
    distributions: Object.fromEntries((probe?.distributions ?? []).map((d) => [d.name.toLowerCase(), d.version])),
    interpreterEnvVar: ctx.interpreterEnvVar,
    ...(probe?.envVars ? { envVars: probe.envVars } : {}),
    otherInterpreters: ctx.otherInterpreters.map((o) => ({
      path: o.path,
      version: o.version,
      imports: Object.fromEntries(Object.entries(o.imports ?? {}).map(([m, a]) => [m, a.imported === true])),
    })),
  };
}

/** How a stage died when it raised nothing itself: a fact of the run the classifier ranks above the text. */
function deathOf(s: Stage): StageDeath | null {
  if (s.status !== 'crashed' && s.status !== 'timed-out' && s.status !== 'out-of-memory') return null;
  const limits = (s.details.limits ?? null) as { stageTimeoutMs?: number; memoryLimitBytes?: number | null } | null;
  return { status: s.status, signal: s.signal ?? null, peakBytes: s.memory.peakBytes, memoryLimitBytes: limits?.memoryLimitBytes ?? null, timeoutMs: limits?.stageTimeoutMs ?? null };
}

/** Where a target's config comes from: its configFile, its model dir's config.json, or its inline minimalConfig. */
function configSource(t: Target, ctx: CheckContext): string | null {
  const a = ctx.assets.find((x) => x.targetId === t.id);
  return targetConfigFile(a) ?? (a?.options.minimalConfig ? `\`minimalConfig\` of target ${t.id}` : null);
}

/** The classifier's reading of a failed stage: its error, its traceback, its stderr, and how it died. */
function diagnose(t: Target, s: Stage, ctx: CheckContext): Diagnosis {
  const text = [s.error ? `${s.error.type}: ${s.error.message}` : '', s.error?.traceback ?? '', s.stderrTail ?? ''].filter(Boolean).join('\n');
  return classify({ text, exceptionType: s.error?.type ?? null, stage: s.name, death: deathOf(s), configSource: configSource(t, ctx), env: signatureEnv(ctx) });
}

/**
 * The words a user reads first: the cause when it is known ("kokoro is not installed in the
 * interpreter the app runs"), else what the stage did. The stage stays in brackets for orientation.
 */
function title(t: Target, s: Stage, d: Diagnosis): string {
  const what: Record<string, string> = {
    failed: 'failed',
    crashed: 'crashed',
    'timed-out': 'timed out',
    'out-of-memory': 'ran out of memory',
  };
  const at = `(stage ${s.name} ${what[s.status] ?? s.status})`;
  const module = fullModuleName(s);
  if (module && d.category === 'missing-package') return `${t.id}: ${module} is not installed in the interpreter the app runs ${at}`;
  if (module && d.category === 'wrong-interpreter') return `${t.id}: ${module} is installed in another interpreter, not in the one the app runs ${at}`;
  if (module && d.category === 'api-break-import') return `${t.id}: the installed package lacks ${module}, which the code imports ${at}`;
  if (d.ruleId) return `${t.id}: ${d.title.charAt(0).toLowerCase()}${d.title.slice(1)} ${at}`;
  return `${t.id}: ${s.error ? `${s.error.type} in stage ${s.name}` : `stage ${s.name} ${what[s.status] ?? s.status}`}`;
}

function evidence(t: Target, s: Stage): Evidence[] {
  const out: Evidence[] = [];
  const lastPassed = [...t.stages].reverse().find((x) => x.status === 'passed' && t.stages.indexOf(x) < t.stages.indexOf(s));
  out.push({ label: 'stage', value: `${s.name} (${s.status}, after ${lastPassed ? `${lastPassed.name} passed` : 'no stage passed'})` });
  if (s.error) out.push({ label: 'exception', value: `${s.error.type}: ${s.error.message}` });
  if (s.signal) out.push({ label: 'signal', value: s.signal });
  if (s.skipReason && s.status !== 'failed') out.push({ label: 'why', value: s.skipReason });
  if (s.memory.peakBytes) out.push({ label: 'peak memory', value: `${Math.round(s.memory.peakBytes / 1048576)} MiB` });
  const diff = s.details;
  // The user's and the package's frames; debug-tts's own runner frames are folded into one line.
  if (s.error?.traceback) out.push({ label: 'traceback', value: foldRunnerFrames(s.error.traceback) });
  else if (s.stderrTail) out.push({ label: 'stderr', value: s.stderrTail });
  if (Array.isArray(diff.missing) || Array.isArray(diff.unexpected)) out.push({ label: 'state_dict diff', value: JSON.stringify(diff) });
  return out;
}

function fullModuleName(s: Stage): string | null {
  return /No module named '([\w.]+)'/.exec(s.error?.message ?? '')?.[1] ?? null;
}

/**
 * A target whose process stayed alive after its last stage: the user's app, loading the same model,
 * would not exit either (a script that never returns, a worker that never stops).
 */
function lingered(t: Target): Finding | null {
  const l = t.process.lingered;
  if (!l) return null;
  const named = l.threads.length ? l.threads.join(', ') : null;
  return {
    ruleId: 'process-lingers',
    category: 'other',
    severity: 'warning',
    title: `${t.id}: the process does not exit after the model loaded${named ? ` (thread ${named} still running)` : ''}`,
    message: `Every stage ended, but the process was still running ${l.graceMs / 1000} s later, so debug-tts killed it. ${named ? `Non-daemon threads keep it alive: ${named}.` : 'Something at exit blocks it (an atexit handler, a child process, a thread started from C).'} An app that loads this model the same way will not exit on its own either.`,
    environment: t.environment,
    target: t.id,
    evidence: [{ label: 'threads still running', value: named ?? '(none from Python: a native thread or an atexit handler)' }],
    fixes: [
      {
        kind: 'advice',
        title: named ? `Stop or daemonise ${named}` : 'Find what blocks the exit',
        text: named
          ? `The thread${l.threads.length > 1 ? 's' : ''} ${named} ${l.threads.length > 1 ? 'are' : 'is'} started while the model loads and never joined. Create ${l.threads.length > 1 ? 'them' : 'it'} with \`threading.Thread(..., daemon=True)\`, call the library's close()/shutdown() before exiting, or end a worker with \`os._exit(0)\` after its last reply.`
          : `Run the load by hand with python -X faulthandler and send SIGABRT (kill -ABRT <pid>) once it hangs at exit: faulthandler prints every thread's stack, and the one not in the main thread is the culprit.`,
        runnable: false,
      },
    ],
    fingerprint: fingerprint(['process-lingers', t.id, l.threads.map((x) => x.replace(/-\d+/g, '')).sort().join(',')]),
  };
}

interface ConfigKey { tensor: string; axis: number; key: string; value: number; checkpoint: number; alternatives: string[] }

/**
 * A shape mismatch names the config key behind it: the stage found the key whose value is the
 * model's size on the mismatched axis (`vocab_size` 64 for an embedding the checkpoint has 40 rows
 * of), so the fix says which key to set, to what, in which file.
 */
function configKeyFixes(t: Target, s: Stage, ctx: CheckContext, checks: FixCheck[]): Fix[] {
  const keys = (Array.isArray(s.details.configKeys) ? s.details.configKeys : []) as ConfigKey[];
  if (!keys.length) return [];
  const configFile = configSource(t, ctx) ?? 'the config';
  return keys.slice(0, 3).map((k): Fix => {
    const check = checks.find((c) => c.targetId === t.id && c.environment === t.environment && c.key === k.key && c.value === k.checkpoint);
    const after = check?.stages.find((x) => x.name === s.name)?.status;
    return {
      kind: 'advice',
      title: `Set ${k.key} to ${k.checkpoint} in ${configFile}`,
      text: `The checkpoint's ${k.tensor} has ${k.checkpoint} on axis ${k.axis}, where the model built from the config has ${k.value}: that is ${k.key} (now ${k.value}). Set "${k.key.split('.').pop()}": ${k.checkpoint}${k.key.includes('.') ? ` under ${k.key.split('.').slice(0, -1).join('.')}` : ''} in ${configFile}, or use the config.json shipped with these weights.${k.alternatives.length ? ` Other keys with the value ${k.value}: ${k.alternatives.join(', ')}.` : ''}${check && after && after !== 'passed' ? ` (debug-tts tried it on a copy: ${s.name} ${after}, so this key alone is not enough.)` : ''}`,
      runnable: false,
      ...(after === 'passed' ? { verified: { how: `debug-tts set ${k.key} to ${k.checkpoint} in a copy of ${configFile} and loaded again: ${s.name} passed (${s.name} ${s.status} without it)` } } : {}),
    };
  });
}

/** A fix debug-tts applied to a scratch copy, with the stages of the load that followed. */
export interface FixCheck {
  targetId: string;
  environment: string;
  key: string;
  value: number;
  stages: { name: string; status: string }[];
}

/**
 * Findings whose category is the classifier's to decide (torch's import error, probed in its own
 * process): classified here like stage failures, so one path decides every category.
 */
export function classifyFinding(f: Finding, text: string, ctx: CheckContext): void {
  const d = classify({ text, env: signatureEnv(ctx) });
  if (!d.ruleId || d.category === 'other') return;
  f.category = d.category;
  f.evidence.push({ label: 'signature', value: `${d.ruleId} (${d.title}, confidence ${d.confidence})` });
  f.fixes = [...d.fixes, ...f.fixes];
}

export function stageFindings(targets: Target[], ctx: CheckContext, checks: FixCheck[] = []): Finding[] {
  const findings: Finding[] = targets.flatMap((t) => lingered(t) ?? []);
  for (const t of targets) {
    for (const s of t.stages) {
      if (!BROKEN.has(s.status)) continue;
      const d = diagnose(t, s, ctx);
      findings.push({
        ruleId: 'stage-failed',
        category: d.category,
        severity: 'error',
        title: title(t, s, d),
        message: s.error ? `${s.error.type}: ${s.error.message.split('\n')[0]}` : (s.skipReason ?? s.status),
        environment: t.environment,
        target: t.id,
        stage: s.name,
        evidence: [...evidence(t, s), ...d.evidence.filter((e) => !/^line \d+$/.test(e.label)), { label: 'signature', value: d.ruleId ? `${d.ruleId} (${d.title}, confidence ${d.confidence})` : `none matched (${d.title})` }],
        fixes: [...(d.category === 'weights-shape-mismatch' ? configKeyFixes(t, s, ctx, checks) : []), ...d.fixes],
        fingerprint: fingerprint(['stage-failed', t.id, s.name, s.status, s.error?.type ?? s.signal ?? '']),
      });
    }
  }
  return findings;
}
