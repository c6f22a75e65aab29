// Runs a Python helper script in an interpreter under test: stdin closed, time-limited, never throws.
import { execa } from 'execa';
import { cancelOn } from '../core/run-signal.js';
import type { ProcessFailure } from '../core/report-types.js';
import { tail } from '../core/text-tail.js';

export interface PythonRun {
  /** The parsed JSON of the last non-empty stdout line, when the run produced one. */
  json: unknown;
  stdout: string;
  stderr: string;
  durationMs: number;
  failure: ProcessFailure | null;
}

export interface PythonRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Runs `python [args...]`; -B keeps the interpreter under test free of new .pyc files. */
export async function runPython(python: string, args: string[], opts: PythonRunOptions): Promise<PythonRun> {
  const started = performance.now();
  const result = await execa(python, ['-B', ...args], { ...cancelOn(),
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: opts.timeoutMs,
    forceKillAfterDelay: 2000,
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
  });
  const durationMs = Math.round(performance.now() - started);
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  const base = { stdout, stderr, durationMs };
  if (result.timedOut) {
    return { ...base, json: null, failure: { kind: 'timeout', message: `no answer within ${opts.timeoutMs / 1000} s; the process was killed`, stderrTail: tail(stderr) } };
  }
  if (result.failed && result.exitCode === undefined && !result.signal) {
    const code = (result as { code?: string }).code;
    return { ...base, json: null, failure: { kind: 'spawn', message: `could not start ${python}: ${code ?? result.shortMessage}`, stderrTail: tail(stderr) } };
  }
  if (result.signal) {
    return { ...base, json: null, failure: { kind: 'signal', message: `killed by ${result.signal}`, signal: result.signal, exitCode: null, stderrTail: tail(stderr) } };
  }
  if (result.exitCode !== 0) {
    return { ...base, json: null, failure: { kind: 'exit', message: `exited with code ${result.exitCode}`, exitCode: result.exitCode ?? null, stderrTail: tail(stderr) } };
  }
  const lastLine = stdout.trimEnd().split('\n').pop() ?? '';
  try {
    return { ...base, json: JSON.parse(lastLine), failure: null };
  } catch {
    return { ...base, json: null, failure: { kind: 'invalid-output', message: 'the last line of stdout is not JSON', exitCode: 0, stderrTail: tail(stdout + stderr) } };
  }
}
