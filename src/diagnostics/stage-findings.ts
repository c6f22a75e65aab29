// One finding per stage that did not pass: the failing stage, its error, and the stage before it that worked.
import path from 'node:path';
import { fingerprint } from '../analyzer/run-checks.js';
import type { CheckContext } from '../analyzer/check.js';
import { interpreterPath, quotePath, shellQuote } from '../analyzer/fix-helpers.js';
import type { Category, Evidence, Finding, Fix, Stage, Target } from '../core/report-types.js';
import { classify, type Diagnosis } from './classify.js';
import { distributionFor } from './fix-kit.js';
import type { SignatureEnv } from './signature.js';

const BROKEN = new Set(['failed', 'crashed', 'timed-out', 'out-of-memory']);

/** What a stage's own status tells when the knowledge base recognises nothing in its text. */
function baseCategory(stage: Stage): Category {
  if (stage.status === 'out-of-memory') return 'out-of-memory';
  if (stage.status === 'crashed') return /SIGSEGV|SIGILL|SIGBUS/.test(stage.signal ?? '') ? 'abi-break' : 'other';
  if (stage.error?.type === 'ModuleNotFoundError') return 'missing-package';
  if (stage.error?.type === 'FileNotFoundError') return 'missing-asset-file';
  return 'other';
}

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

/** The knowledge base's reading of a stage's error, or null when the stage left no text. */
function diagnose(s: Stage, ctx: CheckContext): Diagnosis | null {
  const text = [s.error ? `${s.error.type}: ${s.error.message}` : '', s.error?.traceback ?? '', s.stderrTail ?? ''].filter(Boolean).join('\n');
  if (!text) return null;
  return classify({ text, exceptionType: s.error?.type ?? null, stage: s.name, env: signatureEnv(ctx) });
}

/**
 * The words a user reads first: the cause when it is known ("kokoro is not installed in the
 * interpreter the app runs"), else what the stage did. The stage stays in brackets for orientation.
 */
function title(t: Target, s: Stage, category: Category, matched: Diagnosis | null): string {
  const what: Record<string, string> = {
    failed: 'failed',
    crashed: 'crashed',
    'timed-out': 'timed out',
    'out-of-memory': 'ran out of memory',
  };
  const at = `(stage ${s.name} ${what[s.status] ?? s.status})`;
  const module = fullModuleName(s);
  if (module && category === 'missing-package') return `${t.id}: ${module} is not installed in the interpreter the app runs ${at}`;
  if (module && category === 'wrong-interpreter') return `${t.id}: ${module} is installed in another interpreter, not in the one the app runs ${at}`;
  if (module && category === 'api-break-import') return `${t.id}: the installed package lacks ${module}, which the code imports ${at}`;
  if (matched) return `${t.id}: ${matched.title.charAt(0).toLowerCase()}${matched.title.slice(1)} ${at}`;
  return `${t.id}: stage ${s.name} ${what[s.status] ?? s.status}`;
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
  if (s.error?.traceback) out.push({ label: 'traceback', value: s.error.traceback });
  else if (s.stderrTail) out.push({ label: 'stderr', value: s.stderrTail });
  if (Array.isArray(diff.missing) || Array.isArray(diff.unexpected)) out.push({ label: 'state_dict diff', value: JSON.stringify(diff) });
  return out;
}

/** The distribution of an import name (fix-kit's table), and the known platform pin (README, scenario S1). */
function installSpec(module: string, ctx: CheckContext): string {
  const p = ctx.environment.probe?.platform;
  if (module === 'kokoro' && p?.system === 'Darwin' && p.machine === 'arm64') return 'kokoro<0.7.6';
  return distributionFor(module);
}

function moduleName(s: Stage): string | null {
  return fullModuleName(s)?.split('.')[0] ?? null;
}

function fullModuleName(s: Stage): string | null {
  return /No module named '([\w.]+)'/.exec(s.error?.message ?? '')?.[1] ?? null;
}

const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * `No module named 'packaging.licenses'` with packaging installed is not a missing package: the
 * installed version lacks a module the code was written against (too old, or too new).
 */
function missingSubmodule(s: Stage, ctx: CheckContext): { category: Category; fixes: Fix[]; evidence: Evidence[] } | null {
  const full = fullModuleName(s);
  const top = moduleName(s);
  if (!full || !top || full === top || s.error?.type !== 'ModuleNotFoundError') return null;
  const dist = installSpec(top, ctx);
  const installed = (ctx.environment.probe?.distributions ?? []).find((d) => normalise(d.name) === normalise(dist));
  if (!installed) return null;
  const python = interpreterPath(ctx.environment);
  return {
    category: 'api-break-import',
    evidence: [{ label: 'installed', value: `${installed.name} ${installed.version}, which has no module ${full}` }],
    fixes: [
      { kind: 'command', title: `Install the ${installed.name} the code was written for (${installed.version} lacks ${full})`, command: `"${python}" -m pip install --upgrade '${dist}'`, runnable: true, verified: null },
      { kind: 'advice', title: `Or pin ${installed.name} to the version the model's requirements name`, text: `${full} is not part of ${installed.name} ${installed.version}. If it is a newer release that dropped it, pin the last release that had it (the model's requirements or your lock file say which).`, runnable: false },
    ],
  };
}

/** Context beats text: another interpreter that imports the module makes it a wrong-interpreter problem. */
function missingModule(s: Stage, ctx: CheckContext): { category: Category; fixes: Fix[]; evidence: Evidence[] } | null {
  const module = moduleName(s);
  if (!module || s.error?.type !== 'ModuleNotFoundError') return null;
  const working = ctx.otherInterpreters.filter((o) => o.imports?.[module]?.imported);
  const python = interpreterPath(ctx.environment);
  const variable = ctx.interpreterEnvVar;
  if (working.length) {
    return {
      category: 'wrong-interpreter',
      evidence: working.map((o) => ({ label: 'imports it', value: `${o.path} (Python ${o.version ?? '?'}, ${o.source})` })),
      fixes: working.slice(0, 2).map((o) => ({
        kind: 'command',
        title: variable ? `Point ${variable} at an interpreter that has ${module}` : `Run with an interpreter that has ${module}`,
        command: variable ? `export ${variable}=${quotePath(o.path)}` : `debug-tts --python ${quotePath(o.path)}`,
        runnable: true,
        verified: { how: `debug-tts ran \`import ${module}\` with ${o.path}: it succeeded` },
      })),
    };
  }
  const spec = installSpec(fullModuleName(s) ?? module, ctx);
  return {
    category: 'missing-package',
    evidence: [{ label: 'other interpreters with it', value: ctx.otherInterpreters.length ? 'none of the ' + ctx.otherInterpreters.length + ' found' : 'none found' }],
    fixes: [{ kind: 'command', title: `Install ${spec} into the interpreter the app runs`, command: `"${python}" -m pip install '${spec}'`, runnable: true, verified: null }],
  };
}

/**
 * A native crash: faulthandler prints the Python stack of the crashing thread; its innermost frame
 * under site-packages names the extension being loaded, and the probe says which distribution and
 * version installed it. The fix is a build for this platform and ABI, and how to get a native backtrace.
 */
function crashFixes(s: Stage, ctx: CheckContext): Fix[] {
  const python = interpreterPath(ctx.environment);
  const text = s.stderrTail ?? '';
  const frames = [...text.matchAll(/File "([^"]*[\\/](?:site|dist)-packages[\\/]([\w.-]+)[^"]*)", line (\d+)/g)];
  // faulthandler lists the most recent call first.
  const top = frames[0];
  const pkg = top?.[2]?.replace(/\.py$/, '') ?? null;
  const dist = pkg ? (ctx.environment.probe?.distributions ?? []).find((d) => d.name.toLowerCase().replace(/[-_.]+/g, '_') === pkg.toLowerCase() || distributionFor(pkg).toLowerCase() === d.name.toLowerCase()) : undefined;
  const out: Fix[] = [];
  if (pkg) {
    const spec = dist ? `${dist.name}==${dist.version}` : distributionFor(pkg);
    out.push({ kind: 'command', title: `Reinstall ${spec} from a wheel built for this platform and Python (the crash is in ${top![1]}:${top![3]})`, command: `${quotePath(python)} -m pip install --force-reinstall --no-deps --no-cache-dir --only-binary :all: '${spec}'`, runnable: false, verified: null });
    out.push({ kind: 'advice', title: `Or pin ${dist?.name ?? pkg} to a release built against the installed numpy / torch`, text: `A ${s.signal} while importing or calling a compiled extension means it was built for another ABI (another numpy or torch major, another CPU or glibc). Install the ${dist?.name ?? pkg} release whose wheel matches them, or the numpy/torch it was built for.`, runnable: false });
  }
  out.push({ kind: 'command', title: 'Get the native backtrace of the crash', command: `gdb -batch -ex run -ex bt --args ${quotePath(python)} -X faulthandler -c ${shellQuote(pkg ? `import ${pkg}` : 'import torch')}`, runnable: false, verified: null });
  return out;
}

function fixes(s: Stage, category: Category, ctx: CheckContext): Fix[] {
  const python = interpreterPath(ctx.environment);
  if (category === 'out-of-memory') {
    return [{ kind: 'advice', title: 'Give the load more memory or load less at once', text: `Stage ${s.name} went past the memory limit. Compare the peak with construct-full-meta's expectedLoadBytes; load weights with mmap (safetensors), in half precision, or on a machine with more memory.`, runnable: false }];
  }
  if (s.status === 'crashed' && /SIGSEGV|SIGILL|SIGBUS|SIGABRT/.test(s.signal ?? '')) return crashFixes(s, ctx);
  if (s.status === 'timed-out') {
    return [{ kind: 'advice', title: 'Find what the stage waits for', text: `Stage ${s.name} did not finish in time. A hub download with no network, a prompt waiting for input (stdin is closed) or a lock are the usual causes; run it by hand with ${python} -X faulthandler and look at the stack.`, runnable: false }];
  }
  return [];
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
        title: named ? `Stop or daemonise ${l.threads.length > 1 ? 'those threads' : 'that thread'}` : 'Find what blocks the exit',
        text: named
          ? `The thread${l.threads.length > 1 ? 's' : ''} ${named} ${l.threads.length > 1 ? 'are' : 'is'} started while the model loads and never joined. Pass daemon=True where ${l.threads.length > 1 ? 'they are' : 'it is'} created, call the library's close()/shutdown() before exiting, or end a worker with os._exit() after its last reply.`
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
function configKeyFixes(t: Target, s: Stage, ctx: CheckContext): Fix[] {
  const keys = (Array.isArray(s.details.configKeys) ? s.details.configKeys : []) as ConfigKey[];
  if (!keys.length) return [];
  const a = ctx.assets.find((x) => x.targetId === t.id);
  const configFile = typeof a?.options.configFile === 'string' ? a.options.configFile : a?.modelDir ? path.join(a.modelDir, 'config.json') : 'the config';
  return keys.slice(0, 3).map((k) => ({
    kind: 'advice',
    title: `Set ${k.key} to ${k.checkpoint} in ${configFile}`,
    text: `The checkpoint's ${k.tensor} has ${k.checkpoint} on axis ${k.axis}, where the model built from the config has ${k.value}: that is ${k.key} (now ${k.value}). Set "${k.key.split('.').pop()}": ${k.checkpoint}${k.key.includes('.') ? ` under ${k.key.split('.').slice(0, -1).join('.')}` : ''} in ${configFile}, or use the config.json shipped with these weights.${k.alternatives.length ? ` Other keys with the value ${k.value}: ${k.alternatives.join(', ')}.` : ''}`,
    runnable: false,
  }));
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

export function stageFindings(targets: Target[], ctx: CheckContext): Finding[] {
  const findings: Finding[] = targets.flatMap((t) => lingered(t) ?? []);
  for (const t of targets) {
    for (const s of t.stages) {
      if (!BROKEN.has(s.status)) continue;
      const module = missingSubmodule(s, ctx) ?? missingModule(s, ctx);
      const known = diagnose(s, ctx);
      const matched = known && known.ruleId && known.category !== 'other' ? known : null;
      // A stage's own status (a memory kill, a signal) outranks what its stderr happens to contain.
      const byStatus = s.status === 'out-of-memory' || s.status === 'timed-out' ? baseCategory(s) : null;
      const category = module?.category ?? byStatus ?? matched?.category ?? baseCategory(s);
      findings.push({
        ruleId: 'stage-failed',
        category,
        severity: 'error',
        title: title(t, s, category, byStatus ? null : matched),
        message: s.error ? `${s.error.type}: ${s.error.message.split('\n')[0]}` : (s.skipReason ?? s.status),
        environment: t.environment,
        target: t.id,
        stage: s.name,
        evidence: [...evidence(t, s), ...(module?.evidence ?? []), ...(matched ? [{ label: 'signature', value: `${matched.ruleId} (${matched.title}, confidence ${matched.confidence})` }] : [])],
        fixes: [...(category === 'weights-shape-mismatch' ? configKeyFixes(t, s, ctx) : []), ...(module?.fixes ?? (byStatus || !matched?.fixes.length ? fixes(s, category, ctx) : matched.fixes))],
        fingerprint: fingerprint(['stage-failed', t.id, s.name, s.status, s.error?.type ?? s.signal ?? '']),
      });
    }
  }
  return findings;
}
