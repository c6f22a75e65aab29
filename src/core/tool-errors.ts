// Tool errors: the third tier of trouble (exit 2). One table of codes, each with long-form help.

export const TOOL_ERRORS = {
  E_USAGE: 'The command line could not be understood. Run `debug-tts --help` for the flags and commands.',
  E_CONFIG_NOT_FOUND: 'The file named by --config does not exist. Give a path to a debug-tts.config.json or .yaml, or leave --config out to use the one in the current directory.',
  E_CONFIG_UNREADABLE: 'The config file exists but could not be read (permissions, or it is a directory).',
  E_CONFIG_SYNTAX: 'The config file is not valid JSON/YAML. The position given is where the parser stopped.',
  E_CONFIG_INVALID: 'The config file parsed but does not match schemas/config.schema.json. Point your editor at it with "$schema" to get completion and inline errors.',
  E_APP_NOT_FOUND: 'The config key "app" names a file or directory that does not exist. It is relative to the config file: point it at your host app\'s source folder (e.g. ./src) or one source file, or remove it.',
  E_OUTPUT_UNWRITABLE: 'debug-tts could not create or write to the output directory. Choose another with --output-dir, or fix its permissions.',
  E_ARTIFACTS: 'The directory given to --from-artifacts does not hold a complete, valid set of gathered artifacts (artifacts/gather.json and the files it lists). Point it at the output dir of an earlier run.',
  E_INPUT: 'The input could not be read: `debug-tts explain` takes a log file, or - (or nothing) to read stdin.',
  E_REPORT: 'A report given to compare, merge or --baseline could not be used. Give the report.json that a debug-tts run wrote (any 1.x version).',
  E_INTERNAL: 'debug-tts hit a bug. Re-run with --debug for the stack trace and report it.',
} as const;

export type ToolErrorCode = keyof typeof TOOL_ERRORS;

export class ToolError extends Error {
  readonly code: ToolErrorCode;

  constructor(code: ToolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ToolError';
    this.code = code;
  }

  get help(): string {
    return TOOL_ERRORS[this.code];
  }
}

/** One clear paragraph for stderr; the stack only with --debug. */
export function formatToolError(err: unknown, debug: boolean): string {
  const te = err instanceof ToolError ? err : new ToolError('E_INTERNAL', err instanceof Error ? err.message : String(err));
  let text = `debug-tts: error ${te.code}: ${te.message}\n${te.help}\n`;
  if (debug) {
    const original = err instanceof Error ? err : te;
    text += `\n${original.stack ?? ''}\n`;
    if (original.cause instanceof Error) text += `caused by: ${original.cause.stack ?? original.cause.message}\n`;
  }
  return text;
}
