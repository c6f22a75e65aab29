// `debug-tts explain [FILE|-]`: classifies a pasted log or traceback offline and prints the diagnosis.
import { readFile, stat } from 'node:fs/promises';
import pc from 'picocolors';
import { formatToolError, ToolError } from '../core/tool-errors.js';
import { classify, type Diagnosis } from '../diagnostics/classify.js';
import type { SignatureEnv, SignatureInput } from '../diagnostics/signature.js';
import { contextFromText } from '../diagnostics/text-context.js';

export interface ExplainOptions {
  /** A path, `-` or undefined for stdin. */
  file: string | undefined;
  json: boolean;
  color: boolean;
  /** The interpreter the fix commands should name. */
  interpreter?: string;
  /** The env variable the app reads its interpreter from. */
  interpreterEnvVar?: string;
}

export interface ExplainIo {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const EXIT_OK = 0;
const EXIT_TOOL_ERROR = 2;
// Tracebacks end with the cause: a huge log is cut from the front, not the back.
const MAX_CHARS = 2_000_000;

class InputError extends Error {}

async function readStdin(stdin: NodeJS.ReadableStream, stderr: (s: string) => void): Promise<string> {
  // On a terminal, say how to paste instead of waiting silently (or refusing what the help promises).
  if ((stdin as { isTTY?: boolean }).isTTY) stderr('debug-tts explain: paste the log or traceback, then press Ctrl-D (Ctrl-Z then Enter on Windows) on an empty line.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(file: string | undefined, stdin: NodeJS.ReadableStream, stderr: (s: string) => void): Promise<string> {
  if (file === undefined || file === '-') return readStdin(stdin, stderr);
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(err.code === 'ENOENT' ? `cannot read ${file}: no such file.` : `cannot read ${file}: ${err.code ?? err.message}.`);
  });
  if (info.isDirectory()) throw new InputError(`cannot read ${file}: it is a directory, not a log file.`);
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${file}: ${err.code ?? err.message}.`);
  });
}

function render(d: Diagnosis, color: boolean): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  const head = d.severity === 'warning' ? c.yellow : d.ruleId ? c.red : c.dim;
  out.push(`${head(c.bold(d.category))}  ${d.title}`);
  out.push(c.dim(`rule ${d.ruleId ?? '(none)'} · confidence ${d.confidence.toFixed(2)}`));
  if (d.evidence.length) {
    out.push('', c.bold('Evidence'));
    for (const e of d.evidence) out.push(`  ${c.dim(`${e.label}:`)} ${e.value}`);
  }
  if (d.fixes.length) {
    out.push('', c.bold('Fixes'));
    d.fixes.forEach((f, i) => {
      out.push(`  ${i + 1}. ${f.title}${f.verified ? c.green(' (verified)') : ''}`);
      if (f.kind === 'command') out.push(`     ${f.runnable ? c.cyan('$') : c.yellow('$ (check before running)')} ${f.command}`);
      else for (const line of (f.text ?? '').split('\n')) out.push(`     ${line}`);
    });
  }
  const runnerUp = d.alternatives[0];
  if (runnerUp) out.push('', c.dim(`Runner-up: ${runnerUp.category} (${runnerUp.ruleId}, confidence ${runnerUp.confidence.toFixed(2)})`));
  for (const u of d.unitErrors) out.push(c.yellow(`note: ${u.unit} failed (${u.message}); the diagnosis uses the other signatures`));
  return `${out.join('\n')}\n`;
}

/** Without --python, fixes name the interpreter the traceback's own paths show (its version and platform too). */
function fromText(text: string): SignatureEnv {
  const c = contextFromText(text);
  return {
    ...(c.interpreter ? { interpreter: c.interpreter } : {}),
    ...(c.pythonVersion ? { pythonVersion: c.pythonVersion } : {}),
    ...(c.platform ? { platform: c.platform } : {}),
  };
}

export async function runExplain(opts: ExplainOptions, io: ExplainIo): Promise<number> {
  let text: string;
  try {
    text = await readInput(opts.file, io.stdin, io.stderr);
  } catch (err) {
    io.stderr(formatToolError(new ToolError('E_INPUT', err instanceof InputError ? err.message : `cannot read the input: ${(err as Error).message}`), false));
    return EXIT_TOOL_ERROR;
  }
  if (!text.trim()) {
    io.stderr(formatToolError(new ToolError('E_INPUT', `the input${opts.file && opts.file !== '-' ? ` (${opts.file})` : ''} is empty; pass a log file or pipe a traceback into stdin.`), false));
    return EXIT_TOOL_ERROR;
  }
  const body = text.length > MAX_CHARS ? text.slice(-MAX_CHARS) : text;
  const input: SignatureInput = {
    text: body,
    env: {
      ...(opts.interpreter ? { interpreter: opts.interpreter } : fromText(body)),
      ...(opts.interpreterEnvVar ? { interpreterEnvVar: opts.interpreterEnvVar } : {}),
    },
  };
  const diagnosis = classify(input);
  io.stdout(opts.json ? `${JSON.stringify(diagnosis, null, 2)}\n` : render(diagnosis, opts.color));
  return EXIT_OK;
}
