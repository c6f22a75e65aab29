// Interpreter resolution: each rule in the order an app applies them, with real files on disk.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInterpreter, type ResolutionInput } from '../../src/orchestrator/interpreter.js';
import { tempDir } from '../helpers/env.js';

function fakePython(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

/** A world with a PATH python3, an activated venv and a project .venv, so every rule has something to pick. */
function world() {
  const root = tempDir();
  const pathDir = path.join(root, 'usr-bin');
  const pathPython = fakePython(path.join(pathDir, 'python3'));
  const activeVenv = path.join(root, 'active-venv');
  fakePython(path.join(activeVenv, 'bin', 'python'));
  const cwd = path.join(root, 'project');
  fakePython(path.join(cwd, '.venv', 'bin', 'python'));
  const base: ResolutionInput = { cwd, env: { PATH: pathDir, VIRTUAL_ENV: activeVenv } };
  return { root, cwd, pathDir, pathPython, activeVenv, base };
}

describe('resolveInterpreter', () => {
  it('--python wins over everything', () => {
    const w = world();
    const flag = fakePython(path.join(w.root, 'flag', 'python'));
    const r = resolveInterpreter({ ...w.base, flag, configPython: '/c/python', env: { ...w.base.env, DEBUG_TTS_PYTHON: '/d/python' } });
    expect(r.rule).toBe('flag');
    expect(r.commandPath).toBe(flag);
    expect(r.steps.filter((s) => s.outcome === 'shadowed').map((s) => s.rule)).toEqual(['config', 'DEBUG_TTS_PYTHON', 'VIRTUAL_ENV', 'project-venv', 'path']);
  });

  it('then config "python", then DEBUG_TTS_PYTHON', () => {
    const w = world();
    const cfg = fakePython(path.join(w.root, 'cfg', 'python'));
    expect(resolveInterpreter({ ...w.base, configPython: cfg, env: { ...w.base.env, DEBUG_TTS_PYTHON: w.pathPython } }).rule).toBe('config');
    const r = resolveInterpreter({ ...w.base, env: { ...w.base.env, DEBUG_TTS_PYTHON: cfg } });
    expect(r.rule).toBe('DEBUG_TTS_PYTHON');
    expect(r.commandPath).toBe(cfg);
  });

  it('then the app variable, and its default when unset, before VIRTUAL_ENV', () => {
    const w = world();
    const appPython = fakePython(path.join(w.root, 'app', 'python'));
    const interpreterEnv = { name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3' };
    const set = resolveInterpreter({ ...w.base, interpreterEnv, env: { ...w.base.env, VOXWEAVE_KOKORO_PYTHON: appPython } });
    expect(set.rule).toBe('app-env');
    expect(set.commandPath).toBe(appPython);
    const unset = resolveInterpreter({ ...w.base, interpreterEnv });
    expect(unset.rule).toBe('app-default');
    expect(unset.requested).toBe('python3');
    expect(unset.commandPath).toBe(w.pathPython);
    // The S1 story: the shell's venv is active, but the app runs the PATH python3.
    expect(unset.explanation).toContain('because VOXWEAVE_KOKORO_PYTHON is unset');
    expect(unset.explanation).toContain(`VIRTUAL_ENV=${w.activeVenv}`);
  });

  it('then $VIRTUAL_ENV, then ./.venv, then python3 on PATH', () => {
    const w = world();
    const venv = resolveInterpreter(w.base);
    expect(venv.rule).toBe('VIRTUAL_ENV');
    expect(venv.commandPath).toBe(path.join(w.activeVenv, 'bin', 'python'));
    const project = resolveInterpreter({ ...w.base, env: { PATH: w.pathDir } });
    expect(project.rule).toBe('project-venv');
    expect(project.commandPath).toBe(path.join(w.cwd, '.venv', 'bin', 'python'));
    const onPath = resolveInterpreter({ cwd: w.root, env: { PATH: w.pathDir } });
    expect(onPath.rule).toBe('path');
    expect(onPath.commandPath).toBe(w.pathPython);
  });

  it('skips a VIRTUAL_ENV whose python is gone, and says so', () => {
    const w = world();
    const r = resolveInterpreter({ ...w.base, env: { ...w.base.env, VIRTUAL_ENV: path.join(w.root, 'deleted-venv') } });
    expect(r.steps.find((s) => s.rule === 'VIRTUAL_ENV')?.outcome).toBe('not-found');
    expect(r.rule).toBe('project-venv');
  });

  it('keeps an explicit choice that does not exist (the app would fail the same way)', () => {
    const w = world();
    const r = resolveInterpreter({ ...w.base, flag: path.join(w.root, 'nope', 'python') });
    expect(r.rule).toBe('flag');
    expect(r.commandPath).toBeNull();
    const dangling = path.join(w.root, 'broken-venv', 'bin', 'python');
    mkdirSync(path.dirname(dangling), { recursive: true });
    symlinkSync('/nonexistent/python3.9', dangling);
    expect(resolveInterpreter({ ...w.base, flag: dangling }).commandPath).toBeNull();
  });

  it('finds nothing when PATH has no python3', () => {
    const r = resolveInterpreter({ cwd: tempDir(), env: { PATH: tempDir() } });
    expect(r.rule).toBe('path');
    expect(r.commandPath).toBeNull();
  });
});
