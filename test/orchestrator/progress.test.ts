// Progress lines: plain and stamped in CI or a pipe, a live line on a terminal that keeps every step above it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/orchestrator/progress.js';

function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let out = '';
  Object.assign(s, { isTTY: true, columns: 120, rows: 40, cursorTo: () => true, moveCursor: () => true, clearLine: () => true });
  s.on('data', (d: Buffer) => (out += d.toString()));
  return { stream: s, text: () => out };
}

describe('createProgress', () => {
  it('writes one stamped line per step in CI, and nothing live', async () => {
    const lines: string[] = [];
    const term = fakeTerminal();
    const p = await createProgress({ tty: true, env: { CI: 'true' }, write: (s) => lines.push(s), stamp: () => '[12:00:00] ', stream: term.stream });
    p.log('isolated env vits: installing');
    p.log('isolated env vits: built in 40.0 s');
    p.stop();
    expect(lines).toEqual(['[12:00:00] debug-tts: isolated env vits: installing\n', '[12:00:00] debug-tts: isolated env vits: built in 40.0 s\n']);
    expect(term.text()).toBe('');
  });

  it('on a terminal, keeps each finished step as a line and spins on the current one', async () => {
    const lines: string[] = [];
    const term = fakeTerminal();
    const p = await createProgress({ tty: true, env: {}, write: (s) => lines.push(s), stamp: () => '', stream: term.stream });
    p.log('probing /usr/bin/python3');
    p.log('target vits (vits): loading in stages');
    await new Promise((r) => setTimeout(r, 150));
    p.stop();
    await new Promise((r) => setImmediate(r));
    const shown = term.text().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(lines).toEqual([]);
    expect(shown).toContain('debug-tts: · probing /usr/bin/python3\n');
    expect(shown).toContain('debug-tts: · target vits (vits): loading in stages\n');
  });
});
