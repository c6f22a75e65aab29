// Tool errors through the real bin: exit 2, one clear paragraph, no stack trace unless --debug.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, tempDir } from '../helpers/cli.js';

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe('tool errors', () => {
  it('a bad flag exits 2 with a message and no stack trace', async () => {
    const r = await spawnCli(['--bogus-flag'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_USAGE: unknown option '--bogus-flag'");
    expect(r.stderr).not.toMatch(STACK);
  });

  it('an unknown --format exits 2', async () => {
    const r = await spawnCli(['--format', 'pdf', '--output-dir', 'o'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown --format "pdf"');
  });

  it('an invalid config exits 2 naming file, line and column', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'debug-tts.config.yaml'), 'python: python3\nprobe:\n  torch: "yes"\n');
    const r = await spawnCli([], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(cwd, 'debug-tts.config.yaml')}:3:10 at /probe/torch: must be boolean`);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('an unwritable output dir exits 2 before any work', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'a-file'), '');
    const r = await spawnCli(['--output-dir', path.join(cwd, 'a-file', 'report')], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_OUTPUT_UNWRITABLE');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('--debug adds the stack trace', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'debug-tts.config.json'));
    const r = await spawnCli(['--debug'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_CONFIG_UNREADABLE');
    expect(r.stderr).toMatch(STACK);
  });

  it('--from-artifacts on a dir without artifacts exits 2', async () => {
    const cwd = tempDir();
    const r = await spawnCli(['--from-artifacts', cwd, '--output-dir', path.join(cwd, 'o')], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_ARTIFACTS');
  });

  it('--help and --version exit 0; help documents the exit codes', async () => {
    const help = await spawnCli(['--help'], { cwd: tempDir() });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*2\s+debug-tts could not do its job[\s\S]*3\s+regression/);
    const runHelp = await spawnCli(['run', '--help'], { cwd: tempDir() });
    expect(runHelp.stdout).toContain('--output-dir');
    const version = await spawnCli(['--version'], { cwd: tempDir() });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
