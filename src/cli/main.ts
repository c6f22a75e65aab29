// The debug-tts command line: parses flags with commander and maps every outcome to an exit code.
import { Command, CommanderError, Option } from 'commander';
import { formatToolError, ToolError } from '../core/tool-errors.js';
import { TOOL_VERSION } from '../core/version.js';
import { DEFAULT_OUTPUT_DIR, FORMATS } from './cli-constants.js';
import { shouldUseColor } from '../reporter/console.js';
import { constants as osConstants } from 'node:os';
import { createRedactor, redactor, setRedactor } from '../core/redact.js';
import { setRunSignal } from '../core/run-signal.js';
import { killTrackedGroups } from '../core/children.js';
import { editDistance, nearest } from '../analyzer/similar.js';

export const EXIT = { ok: 0, problems: 1, toolError: 2, regression: 3 } as const;

const EXIT_HELP = `
Exit codes:
  0  nothing wrong found
  1  problems found (the report says which)
  2  debug-tts could not do its job (bad flag, unreadable or invalid config, unwritable output dir)
  3  regression against a baseline (--baseline, compare); known, unchanged problems give 0

Examples:
  debug-tts --output-dir report
  debug-tts --python .venv/bin/python --format json
  debug-tts --baseline baseline/report.json --format json,html,junit,markdown
  debug-tts compare base/report.json head/report.json
  debug-tts merge reports/*/report.json --output-dir merged
  debug-tts explain error.log --json`;

export interface MainIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: NodeJS.ReadableStream;
  isTTY: boolean;
  /** stderr, when it is a terminal: live progress goes there. */
  progressStream?: NodeJS.WriteStream;
}

function defaultIo(): MainIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    // A getter: touching process.stdin builds a stream (and loads its modules); only explain reading stdin needs it.
    get stdin() {
      return process.stdin;
    },
    isTTY: Boolean(process.stdout.isTTY),
    ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  };
}

/** SIGINT (Ctrl-C), SIGTERM (a CI runner cancelling the job) and SIGHUP (the terminal closed). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The first stop signal ends the run cleanly: running targets and child processes are killed and a
 * partial report marked interrupted is written. A second one does not wait for that: every process
 * group debug-tts started is killed and node exits at once (128 + the signal number, as shells do).
 */
function onStopSignals(io: MainIo, abort: AbortController): () => void {
  const handler = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      io.stderr(`debug-tts: ${sig} again; killing every process debug-tts started and exiting without a report\n`);
      killTrackedGroups();
      process.exit(128 + (osConstants.signals[sig] ?? 15));
    }
    io.stderr(`debug-tts: ${sig === 'SIGINT' ? 'interrupted' : `got ${sig}`}; stopping the running target and writing a partial report\n`);
    abort.abort();
  };
  for (const sig of STOP_SIGNALS) process.on(sig, handler);
  return () => {
    for (const sig of STOP_SIGNALS) process.off(sig, handler);
  };
}

/** The default command's options, in `debug-tts --help` too: most people never type `run`. */
function runOptionsHelp(program: Command): string {
  const run = program.commands.find((c) => c.name() === 'run');
  if (!run) return '';
  const help = program.createHelp();
  const options = help.visibleOptions(run).filter((o) => o.long !== '--help');
  const width = Math.max(...options.map((o) => help.optionTerm(o).length));
  return `\nRun options (run is the default command):\n${options.map((o) => `  ${help.optionTerm(o).padEnd(width)}  ${help.optionDescription(o)}`).join('\n')}\n`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function buildProgram(io: MainIo, argv: string[], done: (code: number) => void): Command {
  const program: Command = new Command('debug-tts')
    .description('Find out why a text-to-speech model will not initialise in Python, and how to fix it.')
    .version(TOOL_VERSION, '-V, --version')
    .option('--debug', 'show stack traces for tool errors')
    .addHelpText('after', (): string => runOptionsHelp(program) + EXIT_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => {} });

  const color = (opts: { color?: boolean }) => shouldUseColor({ noColorFlag: opts.color === false, env: io.env, isTTY: io.isTTY });

  program
    .command('run', { isDefault: true })
    .description('probe the interpreter your app runs and write a report (the default command)')
    .option('-o, --output-dir <dir>', `where the report goes (default: ./${DEFAULT_OUTPUT_DIR})`)
    .option('--python <path>', 'the interpreter to diagnose (overrides config, DEBUG_TTS_PYTHON, the app variable, VIRTUAL_ENV, ./.venv and PATH)')
    .option('-c, --config <file>', 'config file (default: debug-tts.config.json/.yaml in the current directory)')
    .option('-f, --format <list>', `report files to write, comma separated: ${FORMATS.join(', ')} (default: json,html)`, collect)
    .option('--from-artifacts <dir>', 're-run analysis and rendering from the artifacts of an earlier run, without Python')
    .option('--baseline <report.json>', 'compare with an earlier report: exit 3 on a regression, 0 otherwise (writes comparison.json)')
    .option('--label <name>', "this run's name in a CI matrix (used by merge)")
    .option('--isolated', 'also run each target in a clean, pinned, cached env and compare (differential diagnosis)')
    .option('--skip-environment', 'with --isolated: reuse the last clean env without checking it')
    .option('--offline', 'build clean envs without reaching a package index')
    .option('--find-links <dir>', 'build clean envs from this local wheelhouse only')
    .option('--reference <set>', 'with no targets configured or found: piper (default, 287 MB the first time), all (adds the torch families, 1.2 GB more) or off')
    .addOption(new Option('-v, --verbose', 'list every finding, info included').conflicts('quiet'))
    .option('-q, --quiet', 'print only the one-line result')
    .option('--no-color', 'plain output (also: NO_COLOR, CI, a non-TTY)')
    .action(async (opts) => {
      const abort = new AbortController();
      const stopSignals = onStopSignals(io, abort);
      setRunSignal(abort.signal);
      try {
        // Loaded on demand: --help, --version and explain never pay for the run machinery.
        const { runCommand } = await import('./run.js');
        const runOpts = { ...opts, color: color(opts), verbose: Boolean(opts.verbose), quiet: Boolean(opts.quiet) };
        done(await runCommand(runOpts, { argv, cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr, signal: abort.signal, ...(io.progressStream ? { progressStream: io.progressStream } : {}) }));
      } finally {
        setRunSignal(undefined);
        stopSignals();
      }
    });

  const gateOpts = (opts: { color?: boolean; quiet?: boolean; verbose?: boolean }) => ({ ...opts, color: color(opts), quiet: Boolean(opts.quiet), verbose: Boolean(opts.verbose) });

  program
    .command('compare')
    .description('the CI gate: compare a baseline report.json with a new one; exit 3 on a regression')
    .argument('<base>', 'the baseline report.json')
    .argument('<head>', 'the new report.json')
    .option('-o, --output-dir <dir>', `where comparison.json goes (default: ./${DEFAULT_OUTPUT_DIR})`)
    .option('-c, --config <file>', 'config with the gate section (levels, thresholds)')
    .option('-f, --format <list>', 'CI files to write for the head report too: junit, markdown, html (default: markdown)', collect)
    .option('-q, --quiet', 'print only the verdict')
    .option('--no-color', 'plain output')
    .action(async (base: string, head: string, opts) => {
      const { compareCommand } = await import('./gate-commands.js');
      done(await compareCommand(base, head, gateOpts(opts), { argv, cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr }));
    });

  program
    .command('merge')
    .description('merge the report.json files of a CI matrix into one report with a target x environment matrix')
    .argument('<reports...>', 'two or more report.json files (labelled by their run label, else their folder name)')
    .option('-o, --output-dir <dir>', `where the merged report goes (default: ./${DEFAULT_OUTPUT_DIR})`)
    .option('-f, --format <list>', `files to write: ${FORMATS.join(', ')} (default: json, html)`, collect)
    .addOption(new Option('-v, --verbose', 'list every finding, info included').conflicts('quiet'))
    .option('-q, --quiet', 'print only the one-line result')
    .option('--no-color', 'plain output')
    .action(async (files: string[], opts) => {
      const { mergeCommand } = await import('./gate-commands.js');
      done(await mergeCommand(files, gateOpts(opts), { argv, cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr }));
    });

  program
    .command('init')
    .description('write a starter debug-tts.config.json from what it finds (interpreter, TTS packages, model folders)')
    .option('--python <path>', 'the interpreter your app runs (default: as a run resolves it: VIRTUAL_ENV, ./.venv, PATH)')
    .option('--app <file>', "your app's source: the variable it reads its interpreter from goes into the config")
    .option('-c, --config <file>', 'where to write it (default: ./debug-tts.config.json)')
    .option('--force', 'replace an existing config')
    .action(async (opts) => {
      const { runInit } = await import('./init.js');
      done(await runInit({ python: opts.python, app: opts.app, config: opts.config, force: Boolean(opts.force) }, { cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr }));
    });

  program
    .command('explain')
    .description('classify a pasted log or traceback offline (no Python needed)')
    .argument('[file]', 'log file, or - for stdin (default: stdin)')
    .option('--json', 'print exactly one JSON object (schemas/explain.schema.json)')
    .option('--python <path>', 'name this interpreter in fix commands')
    .option('--interpreter-env <name>', 'the env variable your app reads its interpreter from')
    .option('--no-color', 'plain output')
    .action(async (file: string | undefined, opts) => {
      // Loaded on demand: `run` never pays for the knowledge base's start-up, and vice versa.
      const { runExplain } = await import('./explain.js');
      done(await runExplain(
        { file, json: Boolean(opts.json), color: color(opts), interpreter: opts.python, interpreterEnvVar: opts.interpreterEnv },
        { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr },
      ));
    });
  return program;
}

/** Runs the CLI and resolves to the exit code; never throws. It calls process.exit only on a second stop signal during a run. */
export async function main(argv: string[], rawIo: MainIo = defaultIo()): Promise<number> {
  // Secrets of this run's environment, and token shapes, never reach stdout, stderr or a file.
  setRedactor(createRedactor(rawIo.env));
  const io: MainIo = { ...rawIo, stdout: (s) => rawIo.stdout(redactor().text(s)), stderr: (s) => rawIo.stderr(redactor().text(s)) };
  let code: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, argv, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      // `run` is the default command and takes no operands: a stray word is a mistyped command.
      const stray = err.code === 'commander.excessArguments' ? program.commands.find((c) => c.name() === 'run')?.args[0] : undefined;
      if (stray !== undefined) {
        const names = program.commands.map((c) => c.name());
        const guess = nearest(stray, names, 1)[0];
        const hint = guess && editDistance(stray.toLowerCase(), guess) <= Math.max(2, Math.floor(stray.length / 2)) ? ` Did you mean '${guess}'?` : '';
        io.stderr(formatToolError(new ToolError('E_USAGE', `unknown command '${stray}'.${hint} Commands: ${names.join(', ')} (run is the default).`), debug));
        return EXIT.toolError;
      }
      io.stderr(formatToolError(new ToolError('E_USAGE', err.message.replace(/^error: /, '')), debug));
      return EXIT.toolError;
    }
    io.stderr(formatToolError(err, debug));
    return EXIT.toolError;
  }
}
