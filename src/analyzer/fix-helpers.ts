// Small builders for fixes that name this user's interpreter, quoted for a POSIX shell.
import type { Fix } from '../core/report-types.js';

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** An interpreter path double-quoted for a POSIX shell, so paths with spaces survive. */
export function quotePath(p: string): string {
  return `"${p.replace(/(["\\$`])/g, '\\$1')}"`;
}

export function pipCommand(python: string, args: string[]): string {
  return [quotePath(python), '-m', 'pip', ...args.map(shellQuote)].join(' ');
}

export function command(title: string, cmd: string, verified?: string): Fix {
  return { kind: 'command', title, command: cmd, runnable: true, verified: verified ? { how: verified } : null };
}

export function advice(title: string, text: string): Fix {
  return { kind: 'advice', title, text, runnable: false };
}

/** Interpreter path a fix should name: what the app really runs. */
export function interpreterPath(env: { executable: string | null; resolution: { commandPath: string | null; requested: string } | null }): string {
  return env.executable ?? env.resolution?.commandPath ?? env.resolution?.requested ?? 'python3';
}
