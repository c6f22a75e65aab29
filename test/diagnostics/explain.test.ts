// `debug-tts explain`: exit codes, one JSON object that fits schemas/explain.schema.json for every corpus log, readable text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runExplain, type ExplainOptions } from '../../src/cli/explain.js';
import { tempDir } from '../helpers/env.js';
import { loadCorpus } from './load-corpus.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/explain.schema.json', import.meta.url)), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const corpus = loadCorpus();

async function explain(opts: Partial<ExplainOptions>, stdinText?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runExplain(
    { file: undefined, json: false, color: false, ...opts },
    { stdin: Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]), stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
  );
  return { code, stdout, stderr };
}

describe('explain --json', () => {
  it.each(corpus.map((e) => [e.id, e.text]))('%s: prints exactly one object that fits the schema', async (_id, text) => {
    const { code, stdout, stderr } = await explain({ file: '-', json: true }, text);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed: unknown = JSON.parse(stdout);
    expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
  });

  it('names the given interpreter and app variable in its commands', async () => {
    const { stdout } = await explain({ file: '-', json: true, interpreter: '/srv/app env/bin/python', interpreterEnvVar: 'VOXWEAVE_KOKORO_PYTHON' }, "ModuleNotFoundError: No module named 'kokoro'");
    const d = JSON.parse(stdout) as { category: string; fixes: { command?: string }[] };
    expect(d.category).toBe('missing-package');
    expect(d.fixes.map((f) => f.command)).toContain(`"/srv/app env/bin/python" -m pip install kokoro`);
  });
});

describe('explain exit codes and text output', () => {
  it('exits 0 with a diagnosis for a log file, with evidence, fixes and the runner-up', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'error.log');
    writeFileSync(file, 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nOSError: libespeak-ng.so.1: cannot open shared object file: No such file or directory\n');
    const { code, stdout, stderr } = await explain({ file });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('native-library-missing');
    expect(stdout).toContain('rule espeak-library-missing');
    expect(stdout).toContain('line 3:');
    expect(stdout).toContain('$ sudo apt-get install -y espeak-ng');
    expect(stdout).toMatch(/Runner-up: native-library-missing \(shared-library-missing/);
    expect(stdout).not.toContain('\u001b[');
  });

  it('exits 0 and says so when nothing matches (category other, no rule)', async () => {
    const { code, stdout } = await explain({ file: '-', json: true }, 'ValueError: something this knowledge base has never seen\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ category: 'other', ruleId: null, confidence: 0 });
  });

  it('exits 2 with E_INPUT, one sentence and its help, no stack, for a missing file', async () => {
    const { code, stdout, stderr } = await explain({ file: path.join(tempDir(), 'nope.log') });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^debug-tts: error E_INPUT: cannot read .*nope\.log: no such file\.\n[^\n]+\n$/);
    expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('exits 2 for a directory', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'logs'));
    const { code, stderr } = await explain({ file: path.join(dir, 'logs') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^debug-tts: error E_INPUT: .*is a directory/);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('exits 2 for empty stdin, and for whitespace only', async () => {
    for (const input of ['', '  \n\t\n']) {
      const { code, stdout, stderr } = await explain({ file: undefined }, input);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^debug-tts: error E_INPUT: the input is empty; [^\n]+\n[^\n]+\n$/);
    }
  });

  it('colours the text only when asked', async () => {
    const { stdout } = await explain({ file: '-', color: true }, 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB');
    expect(stdout).toContain('\u001b[');
  });
});
