// The interpreter exists but cannot run the stdlib probe: crashed, hung, exited, or printed garbage.
import type { Check, CheckContext } from '../check.js';
import { advice, command, quotePath, shellQuote } from '../fix-helpers.js';

export const meta = {
  id: 'interpreter-broken',
  category: 'wrong-interpreter',
  severity: 'error',
  title: 'The Python interpreter the app runs is broken',
  requires: ['probe', 'resolution'],
} as const satisfies Check['meta'];

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const env = ctx.environment;
  const f = env.probeFailure;
  if (!f || !env.resolution?.commandPath) return [];
  const evidence = [
    { label: 'interpreter', value: env.resolution.commandPath },
    { label: 'failure', value: f.message },
  ];
  if (f.stderrTail) evidence.push({ label: 'stderr', value: f.stderrTail });
  const hint =
    f.kind === 'timeout'
      ? 'Starting Python and reading its package metadata hung: look for a sitecustomize.py, a .pth file or a network filesystem on sys.path.'
      : 'A stdlib-only script failed in this interpreter: its installation is damaged (PYTHONHOME/PYTHONPATH pointing elsewhere, a removed base interpreter, or a broken sitecustomize).';
  const python = quotePath(env.resolution.commandPath);
  // The same start-up without the variables that most often break it: if this runs, they are the cause.
  const retry = f.kind === 'timeout'
    ? command('See which import hangs at start-up (each import is timed on stderr)', `timeout 60 ${python} -X importtime -c pass`)
    : command('Start it without PYTHONHOME, PYTHONPATH and the user site: if this works, one of them breaks it', `env -u PYTHONHOME -u PYTHONPATH PYTHONNOUSERSITE=1 ${python} -c ${shellQuote('import encodings, site, sys; print(sys.prefix)')}`);
  return [{
    message: `${env.resolution.commandPath} could not run debug-tts's stdlib probe: ${f.message}.`,
    evidence,
    fixes: [retry, advice('Repair or replace the interpreter', hint)],
    key: `${env.resolution.commandPath}:${f.kind}`,
  }];
}

export const check: Check = { meta, run };
