// Python stack frames in a log: a traceback (`File "x", line 3, in f`, most recent call last) or a
// faulthandler dump (`File "x", line 3 in f`, most recent call first). debug-tts's own stage runner
// is never where a user's failure is fixed, so its frames are left out of what a fix points at and
// folded away in what a report shows.

export interface Frame {
  file: string;
  line: number;
  fn: string;
  /** The top-level package under site-/dist-packages, when the file is in one (`kokoro`, `onnxruntime`). */
  pkg: string | null;
}

/** debug-tts's stage runner and family modules (src/minimal/python, or dist's copy of it). */
export const RUNNER_FRAME = /[\\/]minimal[\\/]python[\\/]/;

const TRACEBACK_FRAME = /File "([^"]+)", line (\d+), in (\S+)/g;
const FAULTHANDLER_FRAME = /File "([^"]+)", line (\d+) in (\S+)/g;
const ANY_FRAME = /File "([^"]+)", line (\d+),? in (\S+)/g;
const PACKAGE = /[\\/](?:site|dist)-packages[\\/]([A-Za-z_][\w]*)(?:[\\/]|\.py\b|-)/;

function frameOf(m: RegExpMatchArray): Frame {
  const file = m[1]!;
  return { file, line: Number(m[2]), fn: m[3]!, pkg: PACKAGE.exec(file)?.[1] ?? null };
}

/** Every frame a log shows, traceback or faulthandler form, in the order they appear. */
export function framesIn(text: string): Frame[] {
  return [...text.matchAll(ANY_FRAME)].map(frameOf);
}

/** The innermost frame of a traceback outside debug-tts's runner: the package or user code that raised. */
export function raisingFrame(traceback: string | null | undefined): Frame | null {
  const frames = [...(traceback ?? '').matchAll(TRACEBACK_FRAME)].map(frameOf).filter((f) => !RUNNER_FRAME.test(f.file));
  return frames.at(-1) ?? null;
}

/**
 * The frames of a faulthandler dump outside debug-tts's runner, innermost first: where a crash
 * happened or a hang waits. With several threads, the main thread's block is the one the stage runs
 * in (it ends in the runner's main()); else the first, the current (crashing) thread.
 */
export function faulthandlerFrames(text: string | null | undefined): Frame[] {
  const t = text ?? '';
  const start = t.search(/^(?:Current thread|Thread) 0x[0-9a-f]+ \(most recent call first\):|^Stack \(most recent call first\):/m);
  if (start < 0) return [];
  const blocks = t.slice(start).split(/\n(?=(?:Current thread|Thread) 0x[0-9a-f]+ )/);
  const main = blocks.find((b) => /in main\s*$/m.test(b) && RUNNER_FRAME.test(b)) ?? blocks[0]!;
  return [...main.matchAll(FAULTHANDLER_FRAME)].map(frameOf).filter((f) => !RUNNER_FRAME.test(f.file));
}

/** The innermost of them. */
export function faulthandlerFrame(text: string | null | undefined): Frame | null {
  return faulthandlerFrames(text)[0] ?? null;
}

/**
 * A traceback as a user reads it: the runner's frames folded into one line, so the first frame shown
 * is the user's or the package's code.
 */
export function foldRunnerFrames(traceback: string): string {
  const lines = traceback.split('\n');
  const out: string[] = [];
  let folded = 0;
  const flush = () => {
    if (folded) out.push(`  [${folded} frame${folded > 1 ? 's' : ''} of debug-tts's stage runner folded]`);
    folded = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*File "/.test(l) && RUNNER_FRAME.test(l)) {
      folded++;
      // The source line a traceback prints under its frame belongs to the folded frame too.
      while (i + 1 < lines.length && /^\s{4,}\S/.test(lines[i + 1]!) && !/^\s*File "/.test(lines[i + 1]!)) i++;
      continue;
    }
    flush();
    out.push(l);
  }
  flush();
  return out.join('\n');
}
