// Other interpreters on the machine: a project venv made from the interpreter under test is its own interpreter, not a duplicate.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverOtherInterpreters } from '../../src/orchestrator/other-interpreters.js';
import { realpathOrSelf } from '../../src/orchestrator/which.js';
import { cleanEnv, tempDir } from '../helpers/env.js';

describe('discoverOtherInterpreters', () => {
  it('lists a project .venv built from the interpreter under test, with its own prefix (S1: the app runs the base, the user installed into the venv)', async () => {
    const base = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    const basePrefix = execFileSync(base, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
    const project = tempDir('project-');
    execFileSync(base, ['-m', 'venv', '--without-pip', path.join(project, '.venv')]);
    const found = await discoverOtherInterpreters({ cwd: project, env: cleanEnv({ PATH: path.dirname(base) }), exclude: { realPath: realpathOrSelf(base), prefix: basePrefix } });
    const venv = found.find((o) => o.source === 'project-venv');
    expect(venv).toMatchObject({ path: path.join(project, '.venv', 'bin', 'python'), kind: 'venv', prefix: path.join(project, '.venv') });
    // The base itself is the interpreter under test: not listed again under another path.
    expect(found.filter((o) => o.prefix === basePrefix && o.realPath === realpathOrSelf(base))).toEqual([]);
  }, 60_000);

  it('keeps what an interpreter said between scans, and asks again once its file or its venv changed', async () => {
    const base = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    const project = tempDir('project-');
    const bin = path.join(project, '.venv', 'bin');
    execFileSync(base, ['-m', 'venv', '--without-pip', path.join(project, '.venv')]);
    // The candidate is a wrapper that counts its starts, then runs the venv's Python.
    const starts = path.join(project, 'starts.log');
    const real = path.join(bin, 'python-real');
    execFileSync('mv', [path.join(bin, 'python'), real]);
    const wrapper = path.join(bin, 'python');
    writeFileSync(wrapper, `#!/bin/sh\necho x >> '${starts}'\nexec '${real}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const env = cleanEnv({ PATH: '/nonexistent', XDG_CACHE_HOME: tempDir('cache-') });
    const scan = async () => (await discoverOtherInterpreters({ cwd: project, env })).find((o) => o.path === wrapper);
    const count = () => readFileSync(starts, 'utf8').split('\n').filter(Boolean).length;

    const first = await scan();
    expect(first).toMatchObject({ kind: 'venv', prefix: path.join(project, '.venv') });
    expect(count()).toBe(1);
    // Same files: the cache answers, and says the same.
    expect(await scan()).toEqual(first);
    expect(count()).toBe(1);
    // The venv was made again (a new pyvenv.cfg): asked again.
    const cfg = path.join(project, '.venv', 'pyvenv.cfg');
    writeFileSync(cfg, `${readFileSync(cfg, 'utf8')}# recreated\n`);
    expect(await scan()).toEqual(first);
    expect(count()).toBe(2);
    // The interpreter file itself changed: asked again.
    writeFileSync(wrapper, `#!/bin/sh\necho x >> '${starts}'\nexec '${real}' "$@"\n# v2\n`);
    expect(await scan()).toEqual(first);
    expect(count()).toBe(3);
    // A cache file that is not ours is ignored, not trusted, and the scan still answers.
    writeFileSync(path.join(env.XDG_CACHE_HOME!, 'debug-tts', 'interpreters.json'), JSON.stringify({ version: 1, entries: [[1, 2], ['k', ['a']], 'junk'] }));
    expect(await scan()).toEqual(first);
    expect(count()).toBe(4);
  }, 60_000);
});
