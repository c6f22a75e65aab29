// Other interpreters on the machine: a project venv made from the interpreter under test is its own interpreter, not a duplicate.
import { execFileSync } from 'node:child_process';
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
});
