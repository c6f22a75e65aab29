// The terminal summary and the colour decision, on the same fixtures as the HTML report.
import { describe, expect, it } from 'vitest';
import { renderConsole, shouldUseColor } from '../../src/reporter/console.js';
import { emptyReport, hostileReport, sampleReport, unprobedEnvironment } from './fixtures.js';

const FILES = ['/home/dev/voxweave/debug-tts-report/report.json', '/home/dev/voxweave/debug-tts-report/report.html'];
const ESC = '\u001b';

function plain(verbose = false): string {
  return renderConsole(sampleReport(), { color: false, verbose, outputFiles: FILES });
}

describe('renderConsole', () => {
  it('has no ANSI escapes with colour off, even for hostile report text', () => {
    expect(plain()).not.toContain(ESC);
    expect(renderConsole(hostileReport(), { color: false, verbose: true, outputFiles: FILES })).not.toContain(ESC);
  });

  it('colours with colour on, and only that differs', () => {
    const colored = renderConsole(sampleReport(), { color: true, verbose: false, outputFiles: FILES });
    expect(colored).toMatch(/\u001b\[3[0-9]m/);
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain());
  });

  it('starts with the status, counts and headline', () => {
    const [status, headline] = plain().split('\n');
    expect(status).toBe('✖ Problems found: 1 error, 2 warnings, 1 info (debug-tts 0.1.0, 4.22 s)');
    expect(headline).toBe('  torch cannot be imported (and 2 more problems).');
  });

  it('names the interpreter with its rule, version and kind', () => {
    const out = plain();
    expect(out).toContain('Interpreter /home/dev/voxweave/.venv/bin/python\n           Python 3.11.9, venv, chosen by VIRTUAL_ENV');
    expect(out).toContain('Isolated   /home/dev/.cache/debug-tts/envs/kokoro-3f9a1c/bin/python');
  });

  it('puts each problem on one line, errors first, with its first runnable command under it', () => {
    const lines = plain().split('\n');
    const torch = lines.findIndex((l) => l.startsWith('  error    torch cannot be imported'));
    const espeak = lines.findIndex((l) => l.startsWith('  warning  espeak-ng is missing'));
    expect(torch).toBeGreaterThan(0);
    expect(espeak).toBeGreaterThan(torch);
    expect(lines[torch + 1]).toMatch(/^ {11}\$ ".*kokoro-3f9a1c\/bin\/python" -m pip install --force-reinstall 'torch==2\.3\.1'/);
    expect(lines[espeak + 1]).toBe('           $ sudo apt-get install -y espeak-ng');
  });

  it('never offers a command flagged not runnable as something to paste', () => {
    const out = plain(true);
    expect(out).not.toContain('$ python3 -m pip uninstall --user numpy');
    expect(out).toContain('→ Remove the user-site copy (see the report)');
  });

  it('hides info findings unless verbose', () => {
    expect(plain()).not.toContain('HF_HUB_OFFLINE is set');
    expect(plain()).toContain('1 info finding not shown (--verbose shows it).');
    expect(plain(true)).toContain('  info     HF_HUB_OFFLINE is set  hub-offline-set');
    expect(plain(true)).not.toContain('not shown');
  });

  it('gives each target one line: its outcome, the stage and error that stopped it, and its cost', () => {
    const lines = plain().split('\n');
    const at = lines.indexOf('Targets');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '  ✔ kokoro-af-heart  all stages passed  (kokoro, env user, 30.7 s, peak 1.1 GiB)',
      expect.stringMatching(/^ {2}✖ xtts-v2 {10}failed at load-weights: dtts_common\.StateDictMismatch: Missing key\(s\) in state_dict: gpt\.gpt\.h\.\{0\.\.29\}.{20,60}…  \(xtts, env user, 14\.1 s, peak 3\.6 GiB\)$/),
      '  ✖ bark-small       crashed in construct-minimal (SIGSEGV)  (bark, env user, 4.42 s, peak 541 MiB)',
      '  ✖ kokoro           failed at import: OSError: libcudnn.so.8: cannot open shared object file  (kokoro, env isolated-kokoro, 742 ms, peak 192 MiB)',
    ]);
    expect(lines[at + 5]).toBe('');
    expect(plain()).not.toContain('construct-full-meta');
  });

  it('adds a line per stage with --verbose: status, duration, peak MiB and why it stopped', () => {
    const out = plain(true);
    expect(out).toContain('\n           load-weights         failed           7.34 s  peak 3,652 MiB  dtts_common.StateDictMismatch\n');
    expect(out).toContain('\n           load-voice           skipped                                  skipped because load-weights failed\n');
    expect(out).toContain('\n           construct-minimal    crashed          830 ms  peak 541 MiB    the process was killed by SIGSEGV\n');
    expect(out).toContain('\n           synthesize           passed           17.1 s  peak 968 MiB\n');
    expect(out.split('\n').filter((l) => /^ {11}(preflight|synthesize) /.test(l))).toHaveLength(8);
  });

  it('lists the files written and the checks that broke', () => {
    const out = plain();
    expect(out).toContain(`Wrote\n  ${FILES[0]}\n  ${FILES[1]}\n`);
    expect(out).toContain('1 check broke and gave no verdict: requires-python-violated');
  });

  it('shows terminal escapes in report text as visible text', () => {
    const out = renderConsole(hostileReport(), { color: true, verbose: true, outputFiles: [] });
    expect(out).toContain('torch \\x1b]0;pwned\\x07\\x1b[2J cannot be imported');
    expect(out).not.toContain(`${ESC}]0;`);
  });

  it('handles a run with nothing in it, and an environment the probe could not run in', () => {
    expect(renderConsole(emptyReport(), { color: false, verbose: true, outputFiles: [] })).toBe(
      '✔ No problems found: 0 errors, 0 warnings, 0 info (debug-tts 0.1.0, 0 ms)\n  No problems found.\n\n',
    );
    const out = renderConsole({ ...emptyReport(), environments: [unprobedEnvironment()] }, { color: false, verbose: false, outputFiles: [] });
    expect(out).toContain('Interpreter not found\n           Python version unknown, unknown\n           probe failed (signal): python was killed by SIGSEGV');
  });
});

describe('shouldUseColor', () => {
  const tty = { noColorFlag: false, isTTY: true };
  it.each([
    ['a TTY with a plain environment', { ...tty, env: {} }, true],
    ['--no-color', { ...tty, noColorFlag: true, env: {} }, false],
    ['NO_COLOR=1', { ...tty, env: { NO_COLOR: '1' } }, false],
    ['NO_COLOR set but empty', { ...tty, env: { NO_COLOR: '' } }, true],
    ['CI=true', { ...tty, env: { CI: 'true' } }, false],
    ['TERM=dumb', { ...tty, env: { TERM: 'dumb' } }, false],
    ['TERM=xterm-256color', { ...tty, env: { TERM: 'xterm-256color' } }, true],
    ['a pipe', { ...tty, isTTY: false, env: {} }, false],
    ['FORCE_COLOR=1 on a pipe', { ...tty, isTTY: false, env: { FORCE_COLOR: '1' } }, true],
    ['FORCE_COLOR=1 with NO_COLOR, CI and TERM=dumb', { ...tty, env: { FORCE_COLOR: '1', NO_COLOR: '1', CI: 'true', TERM: 'dumb' } }, true],
    ['FORCE_COLOR=1 with --no-color', { ...tty, noColorFlag: true, env: { FORCE_COLOR: '1' } }, false],
    ['FORCE_COLOR=0 on a TTY', { ...tty, env: { FORCE_COLOR: '0' } }, false],
    ['FORCE_COLOR empty on a pipe', { ...tty, isTTY: false, env: { FORCE_COLOR: '' } }, false],
  ])('%s -> %s', (_name, ctx, expected) => {
    expect(shouldUseColor(ctx)).toBe(expected);
  });
});
