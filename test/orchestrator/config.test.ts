// Config files: found in cwd or by --config, validated by schema, errors with file, pointer, line and column.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../src/core/tool-errors.js';
import { loadConfig } from '../../src/orchestrator/config.js';
import { tempDir } from '../helpers/env.js';

function write(dir: string, name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

function errorOf(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ToolError) return err;
    throw err;
  }
  throw new Error('expected a ToolError');
}

describe('loadConfig', () => {
  it('finds debug-tts.config.json in cwd and parses it', () => {
    const dir = tempDir();
    write(dir, 'debug-tts.config.json', JSON.stringify({ python: '/usr/bin/python3', interpreterEnv: { name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3' } }));
    const { file, config } = loadConfig(dir);
    expect(file).toBe(path.join(dir, 'debug-tts.config.json'));
    expect(config.interpreterEnv).toEqual({ name: 'VOXWEAVE_KOKORO_PYTHON', default: 'python3' });
  });

  it('reads YAML the same way', () => {
    const dir = tempDir();
    write(dir, 'debug-tts.config.yaml', 'python: ./venv/bin/python\nformat: [json]\n');
    expect(loadConfig(dir).config).toEqual({ python: './venv/bin/python', format: ['json'] });
  });

  it('has no config when there is none and none was asked for', () => {
    expect(loadConfig(tempDir())).toEqual({ file: null, config: {} });
  });

  it('names a missing --config and an unreadable one', () => {
    const dir = tempDir();
    expect(errorOf(() => loadConfig(dir, 'nope.json')).code).toBe('E_CONFIG_NOT_FOUND');
    mkdirSync(path.join(dir, 'adir.json'));
    expect(errorOf(() => loadConfig(dir, 'adir.json')).code).toBe('E_CONFIG_UNREADABLE');
  });

  it('gives line and column of a JSON syntax error', () => {
    const dir = tempDir();
    const file = write(dir, 'c.json', '{\n  "python": "python3",\n  "format": ["json",]\n}\n');
    const e = errorOf(() => loadConfig(dir, 'c.json'));
    expect(e.code).toBe('E_CONFIG_SYNTAX');
    expect(e.message).toContain(`${file}:3:`);
  });

  it('gives line and column of a YAML syntax error', () => {
    const dir = tempDir();
    const file = write(dir, 'c.yaml', 'python: python3\nformat: [json\n');
    const e = errorOf(() => loadConfig(dir, 'c.yaml'));
    expect(e.code).toBe('E_CONFIG_SYNTAX');
    expect(e.message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+`));
  });

  it('points schema errors at the offending key in JSON', () => {
    const dir = tempDir();
    const file = write(dir, 'c.json', '{\n  "python": "python3",\n  "outptDir": "x",\n  "format": ["json", "pdf"]\n}\n');
    const e = errorOf(() => loadConfig(dir, 'c.json'));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(e.message).toContain(`${file}:3:3 at (root): unknown property "outptDir"`);
    expect(e.message).toContain(`${file}:4:22 at /format/1: must be one of "json", "html"`);
  });

  it('points schema errors at the offending value in YAML', () => {
    const dir = tempDir();
    const file = write(dir, 'c.yaml', 'python: python3\ntargets:\n  - id: kokoro\n    family: kokoro\n  - id: bad id\n    family: piper\n');
    const e = errorOf(() => loadConfig(dir, 'c.yaml'));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(e.message).toContain(`${file}:5:9 at /targets/1/id:`);
  });

  it('rejects a family debug-tts does not know, listing the ones it does', () => {
    const dir = tempDir();
    const file = write(dir, 'c.yaml', 'targets:\n  - id: x\n    family: xtts-v3\n');
    const e = errorOf(() => loadConfig(dir, 'c.yaml'));
    expect(e.message).toContain(`${file}:3:13 at /targets/0/family: unknown family "xtts-v3"; did you mean "xtts"? (known: bark, encodec, generic, google-cloud-tts, kokoro, kokoro-onnx, misaki, mlx-audio, piper, speecht5, styletts2, vits, xtts)`);
  });

  it('points a missing required property at its parent object', () => {
    const dir = tempDir();
    const file = write(dir, 'c.json', '{\n  "targets": [\n    {"id": "k"}\n  ]\n}\n');
    const e = errorOf(() => loadConfig(dir, 'c.json'));
    expect(e.message).toContain(`${file}:3:5 at /targets/0: missing required property "family"`);
  });
});
