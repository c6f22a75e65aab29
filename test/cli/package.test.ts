// Use on one's own project: the packed tarball (what `npm pack` / `npm install -g <tarball>` ship)
// installs into an empty folder and runs there, outside the clone: a real Piper load through
// synthesis (the Python stage runner and the family modules must be in the package), explain, and
// the version. Dependencies come from npm's cache, as `npm ci` left it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report-types.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('piper');

describe('the packed package', () => {
  it('installs from its tarball into an empty project and loads a Piper voice there', () => {
    const packs = tempDir('pack-');
    // dist/ is built (npm test builds first); --ignore-scripts keeps npm pack from rebuilding it mid-suite.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    // Every Python file and data file the runs read ships, and no test or TypeScript source does.
    for (const needed of ['src/minimal/python/stage_runner.py', 'src/minimal/python/families/piper.py', 'src/minimal/python/families/requirements.json', 'src/orchestrator/python/env_probe.py', 'dist/bundle/main.js', 'dist/generated/templates.cjs', 'dist/generated/validators.json', 'reports/report.hbs', 'schemas/report.schema.json']) {
      expect(files, needed).toContain(needed);
    }
    expect(files.filter((f) => f.startsWith('test/') || (f.startsWith('src/') && f.endsWith('.ts')))).toEqual([]);

    const project = tempDir('project-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-tts-app', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(packs, packed[0]!.filename)], { cwd: project, encoding: 'utf8', env: cleanEnv() });
    const bin = path.join(project, 'node_modules', '.bin', 'debug-tts');
    const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' })).toBe(`${version}\n`);

    // The project's own config, in the project: the installed copy runs the staged load.
    writeFileSync(path.join(project, 'debug-tts.config.json'), JSON.stringify({ python: venvs.piper, probe: { otherInterpreters: false }, targets: [{ id: 'voice', family: 'piper' }] }));
    const run = spawnSync(bin, ['--output-dir', 'report', '--format', 'json,html'], { cwd: project, encoding: 'utf8', env: cleanEnv() });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(project, 'report', 'report.json'), 'utf8')) as Report;
    expect(report.targets[0]!.stages.find((s) => s.name === 'synthesize')?.status).toBe('passed');
    expect(readdirSync(path.join(project, 'report'))).toEqual(expect.arrayContaining(['report.json', 'report.html', 'artifacts']));

    const explained = spawnSync(bin, ['explain', '--json'], { cwd: project, encoding: 'utf8', input: "ModuleNotFoundError: No module named 'kokoro'\n" });
    expect(JSON.parse(explained.stdout)).toMatchObject({ category: 'missing-package', ruleId: 'module-not-found' });
  }, 300_000);
});
