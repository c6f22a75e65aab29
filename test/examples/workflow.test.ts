// The example CI workflow in examples/ parses, and every debug-tts command in it is one the CLI accepts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';

const FILE = fileURLToPath(new URL('../../examples/github/debug-tts-gate.yml', import.meta.url));

interface Step { run?: string; uses?: string; with?: Record<string, unknown> }
interface Workflow { jobs: Record<string, { steps: Step[]; needs?: string; strategy?: { 'fail-fast'?: boolean; matrix: { include: { label: string }[] } } }> }

/** The workflow's debug-tts invocations, with line continuations joined and ${{ }} expressions filled in. */
function commands(w: Workflow): string[][] {
  return Object.values(w.jobs)
    .flatMap((j) => j.steps)
    .flatMap((s) => (s.run ?? '').replace(/\\\n\s*/g, ' ').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('debug-tts'))
    .map((l) => l.replace(/\$\{\{[^}]*\}\}/g, 'x').split(/\s+/).slice(1).map((a) => a.replace(/^"|"$/g, '')));
}

describe('examples/github/debug-tts-gate.yml', () => {
  const w = parse(readFileSync(FILE, 'utf8')) as Workflow;

  it('is a matrix of load jobs that do not cancel each other, then a merge job after them', () => {
    expect(w.jobs.load!.strategy!['fail-fast']).toBe(false);
    expect(w.jobs.load!.strategy!.matrix.include.length).toBeGreaterThanOrEqual(2);
    expect(w.jobs.merge!.needs).toBe('load');
    expect(w.jobs.load!.steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });

  it('only uses flags and commands debug-tts has', async () => {
    const found = commands(w);
    expect(found.map((c) => c[0])).toEqual(['--python', 'merge']);
    const cwd = tempDir();
    for (const args of found) {
      const command = args[0]!.startsWith('-') ? ['run', ...args] : args;
      const r = await runCli([...command, '--help'], { cwd });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const help = r.stdout;
      for (const flag of args.filter((a) => a.startsWith('--'))) expect(help, flag).toContain(flag);
    }
  });
});
