// S1/S4 graceful degradation: which engines of a multi-engine app still initialise, and the exact install for the others.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS } from '../../src/core/schemas.js';
import { cleanEnv, readReport, runCli, tempDir } from '../helpers/cli.js';
import { expectValid } from '../helpers/schema.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('extras', 'piper');

describe('engine availability', () => {
  it('says which engines initialise and which not, with the distribution that provides a namespaced module', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({
      python: venvs.piper,
      probe: { otherInterpreters: false, torch: false },
      format: ['json', 'html', 'markdown'],
      targets: [{ id: 'piper', family: 'piper' }, { id: 'kokoro', family: 'kokoro', stages: ['preflight'] }, { id: 'gcloud', family: 'google-cloud-tts' }],
    }));
    const out = path.join(cwd, 'out');
    const res = await runCli(['--output-dir', out], { cwd, env: cleanEnv() });
    expect(res.code).toBe(1);
    const report = readReport(out);
    expectValid(SCHEMA_IDS.report, report);
    const a = report.availability!;
    expect(a.engines.map((e) => [e.target, e.status, e.at ?? null])).toEqual([['piper', 'loads', null], ['kokoro', 'fails', 'preflight'], ['gcloud', 'fails', 'preflight']]);
    expect(a.sentence).toBe('1 of 3 engines initialise here: piper; an app with fallbacks can still use it. Not: kokoro (failed at preflight), gcloud (failed at preflight).');
    expect(res.stdout).toContain(`Engines ${a.sentence}`);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain('**Engines:** 1 of 3 engines initialise here');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('data-engines="1/3"');
    // google is a namespace (protobuf ships one): the fix installs the provider's distribution, not PyPI's unrelated "google".
    const gcloud = report.findings.find((f) => f.target === 'gcloud')!;
    expect(gcloud.category).toBe('missing-package');
    expect(gcloud.fixes[0]!.command).toBe(`"${venvs.piper}" -m pip install google-cloud-texttospeech`);
  }, 120_000);

  it('keeps a cloud provider disabled without credentials, and counts it as not initialising', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'debug-tts.config.json'), JSON.stringify({ python: venvs.extras, probe: { otherInterpreters: false, torch: false }, targets: [{ id: 'gcloud', family: 'google-cloud-tts' }, { id: 'onnx', family: 'kokoro-onnx', stages: ['preflight', 'import'] }] }));
    await runCli(['--output-dir', path.join(cwd, 'out')], { cwd, env: cleanEnv({ HOME: cwd, GOOGLE_APPLICATION_CREDENTIALS: '' }) });
    const a = readReport(path.join(cwd, 'out')).availability!;
    expect(a.engines.find((e) => e.target === 'gcloud')).toMatchObject({ status: 'fails', at: 'config', reason: expect.stringMatching(/no Google Cloud credentials/) });
    expect(a.engines.find((e) => e.target === 'onnx')).toMatchObject({ status: 'loads' });
  }, 120_000);
});
