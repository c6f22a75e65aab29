// One target's crash never costs the others or the report; Ctrl-C writes a partial report marked interrupted.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { BIN, cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'torch');
const TOYS = fileURLToPath(new URL('../minimal/fixtures/', import.meta.url));

function project(targets: object[]): string {
  const cwd = tempDir('contain-');
  writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.bare, probe: { otherInterpreters: false }, targets }));
  return cwd;
}

const toy = (id: string, minimalConfig: object) => ({ id, family: 'generic', entry: 'toy_models:Toy', minimalConfig, stages: ['preflight', 'import', 'config', 'construct-minimal'] });

describe('containment', () => {
  it('a segfaulting target is reported and the next target still runs', async () => {
    const cwd = project([toy('crashes', { crash: true }), toy('works', { width: 1 })]);
    const res = await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    expect(res.code).toBe(1);
    const report = readReport(path.join(cwd, 'out'));
    expectValid(SCHEMA_IDS.report, report);
    const status = (id: string) => report.targets.find((t) => t.id === id)!.stages.find((s) => s.name === 'construct-minimal')!.status;
    expect(status('crashes')).toBe('crashed');
    expect(status('works')).toBe('passed');
    const f = report.findings.find((x) => x.target === 'crashes')!;
    expect(f.category).toBe('abi-break');
    expect(f.evidence.find((e) => e.label === 'signal')?.value).toBe('SIGSEGV');
  });

  it('a crash inside an installed extension names it, with a reinstall of a matching wheel and a native backtrace', async () => {
    const site = path.join(tempDir('crash-'), 'lib', 'site-packages');
    mkdirSync(path.join(site, 'crashy'), { recursive: true });
    // A compiled extension built for another ABI dies in its import: ctypes reproduces the SIGSEGV.
    writeFileSync(path.join(site, 'crashy', '__init__.py'), 'import ctypes\nctypes.string_at(0)\n');
    const cwd = project([{ id: 'native', family: 'generic', entry: 'crashy:Model', stages: ['preflight', 'import'] }]);
    const res = await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: site }) });
    expect(res.code).toBe(1);
    const f = readReport(path.join(cwd, 'out')).findings.find((x) => x.target === 'native')!;
    expect(f.category).toBe('abi-break');
    expect(f.fixes[0]!.title).toBe(`Reinstall crashy from a wheel built for this platform and Python (the crash is in ${path.join(site, 'crashy', '__init__.py')}:2)`);
    expect(f.fixes.at(-1)!.command).toBe(`gdb -batch -ex run -ex bt --args "${venvs.bare}" -X faulthandler -c 'import crashy'`);
  });

  it('a stage past its time limit names the line it waited on, from the stacks dumped before the kill', async () => {
    const cwd = project([{ ...toy('hangs', { hang: true }), stageTimeoutSeconds: 3 }]);
    await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    const report = readReport(path.join(cwd, 'out'));
    const s = report.targets[0]!.stages.find((x) => x.name === 'construct-minimal')!;
    expect(s.status).toBe('timed-out');
    expect(s.skipReason).toBe('the stage exceeded its time limit of 3 s; the process tree was killed');
    const f = report.findings.find((x) => x.target === 'hangs')!;
    // toy_models.py line 27 is the time.sleep(3600) the constructor never returns from.
    expect(f.evidence).toContainEqual({ label: 'waiting in', value: `${TOYS}toy_models.py:27 (__init__)` });
    expect(f.fixes.map((x) => x.title)).toEqual([`See what __init__ waits for at ${TOYS}toy_models.py:27`, 'If the stage is only slow, give it more than 3 s']);
    expect(f.fixes[1]!.text).toContain('`stageTimeoutSeconds: 12`');
  });

  it('an input() during the load, with no terminal: the fix points at the line that asks', async () => {
    const cwd = project([{ id: 'asks', family: 'generic', entry: 'toy_models:Prompting', minimalConfig: { width: 1 }, stages: ['preflight', 'import', 'config', 'construct-minimal'] }]);
    await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    const f = readReport(path.join(cwd, 'out')).findings.find((x) => x.target === 'asks')!;
    expect(f.stage).toBe('construct-minimal');
    expect(f.evidence.find((e) => e.label === 'signature')?.value).toMatch(/^generic-prompt-on-closed-stdin /);
    expect(f.fixes[0]!.title).toBe(`Answer the prompt at ${TOYS}toy_models.py:70 (__init__: answer = input("Do you agree to the model licence? [y/n] ")) without a terminal`);
  });

  it('a hub model by name, offline and uncached: the repo id from the app\'s line, and the command that fills the cache this load reads', async () => {
    const hfHome = tempDir('hf-home-');
    const cwd = tempDir('contain-');
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.torch, probe: { otherInterpreters: false, torch: false }, targets: [{ id: 'hub', family: 'generic', entry: 'toy_models:HubVits', minimalConfig: { width: 1 }, stages: ['preflight', 'import', 'config', 'construct-minimal'] }] }));
    await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS, HF_HOME: hfHome }) });
    const f = readReport(path.join(cwd, 'out')).findings.find((x) => x.target === 'hub')!;
    expect(f.category).toBe('hub-offline-or-cache');
    expect(f.title).toBe('hub: could not fetch facebook/mms-tts-eng from the Hugging Face Hub (offline or blocked), and it is not cached (stage construct-minimal failed)');
    expect(f.fixes[0]!.command).toBe(`HF_HOME=${hfHome} "${venvs.torch}" -c 'from huggingface_hub import snapshot_download; print(snapshot_download("facebook/mms-tts-eng"))'`);
    expect(f.fixes[0]!.title).toBe(`Download facebook/mms-tts-eng into ${hfHome}/hub, where the load looks, on a machine with network`);
  }, 120_000);

  it('Ctrl-C stops the running target and still writes a partial report', async () => {
    const cwd = project([toy('hangs', { hang: true }), toy('never-runs', { width: 1 })]);
    const child = spawn(process.execPath, [BIN, '--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ PYTHONPATH: TOYS }) });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Interrupt once the hanging stage is under way.
        if (stderr.includes('target hangs') && !child.killed) setTimeout(() => child.kill('SIGINT'), 1500);
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1);
    expect(stderr).toContain('interrupted');
    const report = readReport(path.join(cwd, 'out'));
    expectValid(SCHEMA_IDS.report, report);
    expect(report.run.interrupted).toBe(true);
    expect(report.summary.headline).toMatch(/^Interrupted: this report is partial\./);
    expect(report.targets.map((t) => t.id)).toEqual(['hangs']);
    expect(report.targets[0]!.process.interrupted).toBe(true);
    expect(report.targets[0]!.stages.find((s) => s.name === 'config')!.status).toBe('passed');
  });
});
