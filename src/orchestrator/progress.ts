// Progress for people: a live spinner line with the current step and its elapsed time on a terminal, plain lines elsewhere.
import type { Ora } from 'ora';
import { redactor } from '../core/redact.js';

/** Narrower than this, a spinner line wraps on every redraw. */
const MIN_COLUMNS = 20;

export interface Progress {
  /** A step began or finished: on a TTY it becomes the live line, and the previous one stays above it. */
  log: (line: string) => void;
  stop: () => void;
}

/**
 * On a TTY the last line is live (a spinner, the elapsed seconds of a long step such as a clean
 * env's pip install) and each new line pushes the previous one up, so nothing is lost. In CI, with
 * a pipe or with TERM=dumb the lines are written as they come, with `stamp` in front.
 */
export async function createProgress(o: { tty: boolean; env: NodeJS.ProcessEnv; write: (s: string) => void; stamp: () => string; stream?: NodeJS.WriteStream }): Promise<Progress> {
  const ci = Boolean(o.env.CI && o.env.CI !== 'false');
  // A terminal that reports no width (0 columns: some CI pseudo-terminals, serial consoles) makes a
  // live line redraw without end: plain lines instead.
  const narrow = !o.stream || !Number.isFinite(o.stream.columns) || (o.stream.columns ?? 0) < MIN_COLUMNS;
  if (!o.tty || ci || o.env.TERM === 'dumb' || !o.stream || narrow) {
    return { log: (line) => o.write(`${o.stamp()}debug-tts: ${line}\n`), stop: () => {} };
  }
  // Loaded only for a live terminal: CI and pipes never pay for ora and its spinners.
  const { default: ora } = await import('ora');
  let spinner: Ora | null = null;
  let current = '';
  let since = 0;
  const seconds = () => Math.round((Date.now() - since) / 1000);
  const timer = setInterval(() => {
    if (spinner && seconds() >= 2) spinner.text = `${current} (${seconds()} s)`;
  }, 1000);
  timer.unref();
  return {
    log: (raw) => {
      // The live line goes to the terminal directly, not through the redacted stderr.
      const line = redactor().text(raw);
      if (spinner) spinner.stopAndPersist({ symbol: '·', text: seconds() >= 2 ? `${current} (${seconds()} s)` : current });
      current = line;
      since = Date.now();
      // Enabled explicitly: whether this is a terminal was decided above (ora's own check reads process.env).
      spinner = ora({ text: line, stream: o.stream, discardStdin: false, prefixText: 'debug-tts:', isEnabled: true }).start();
    },
    stop: () => {
      clearInterval(timer);
      if (spinner) spinner.stopAndPersist({ symbol: '·', text: current });
      spinner = null;
    },
  };
}
