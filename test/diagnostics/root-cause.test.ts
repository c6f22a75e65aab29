// Root cause over symptom: a failed stage that a static finding explains becomes evidence under it.
import { describe, expect, it } from 'vitest';
import type { Finding, Stage, Target } from '../../src/core/report-types.js';
import { foldSymptoms } from '../../src/diagnostics/root-cause.js';
import { recommendations } from '../../src/diagnostics/recommendations.js';

const memory = { rssBeforeBytes: null, rssAfterBytes: null, peakBytes: null, maxRssBytes: null, cudaMaxReservedBytes: null };

function target(error: { type: string; message: string; traceback?: string }): Target {
  const stage: Stage = { name: 'import', status: 'failed', durationMs: 1, startMs: 0, memory, details: {}, error: { traceback: '', ...error } };
  return { id: 'k', family: 'kokoro', environment: 'user', stages: [stage], timeline: [], process: { exitCode: 0, signal: null, durationMs: 1, interrupted: false } };
}

function finding(ruleId: string, severity: Finding['severity'], evidence: Finding['evidence'], extra: Partial<Finding> = {}): Finding {
  return { ruleId, category: 'other', severity, title: `${ruleId} title`, message: '', environment: 'user', evidence, fixes: [{ kind: 'advice', title: `${ruleId} fix`, text: 'x', runnable: false }], fingerprint: `fp-${ruleId}`, ...extra };
}

const stageFinding = () => finding('stage-failed', 'error', [], { target: 'k', stage: 'import', fixes: [{ kind: 'command', title: 'Upgrade packaging', command: 'pip install -U packaging', runnable: true, verified: null }] });

const misakiTraceback = [
  'Traceback (most recent call last):',
  '  File "/opt/debug-tts/src/minimal/python/stage_runner.py", line 98, in run_stage',
  '  File "/venv/lib/python3.13/site-packages/kokoro/__init__.py", line 8, in <module>',
  '    from .pipeline import KPipeline',
  '  File "/venv/lib/python3.13/site-packages/misaki/en.py", line 12, in <module>',
  '    import spacy',
  '  File "/usr/lib/python3.13/importlib/__init__.py", line 88, in import_module',
].join('\n');

describe('foldSymptoms', () => {
  it('a stage raising inside a package that Requires-Python excludes is that finding\'s symptom', () => {
    const cause = finding('requires-python-violated', 'warning', [{ label: 'package', value: 'misaki==0.9.4' }]);
    const symptom = stageFinding();
    const findings = [cause, symptom];
    foldSymptoms(findings, [target({ type: 'AttributeError', message: 'x', traceback: misakiTraceback })]);
    expect(symptom.severity).toBe('info');
    expect(symptom.explainedBy).toBe('fp-requires-python-violated');
    expect(cause.severity).toBe('error');
    expect(cause.evidence.at(-1)).toEqual({ label: 'symptom', value: 'stage-failed title (the error is raised in misaki, the misaki this finding is about)' });
    // One thing to do, and it names the stage where the problem showed.
    expect(recommendations(findings)).toMatchObject([{ title: 'requires-python-violated fix', stages: ['k: import'] }]);
  });

  it('leaves a stage that raised in another package alone', () => {
    const cause = finding('requires-python-violated', 'warning', [{ label: 'package', value: 'onnxruntime==1.17.0' }]);
    const symptom = stageFinding();
    foldSymptoms([cause, symptom], [target({ type: 'AttributeError', message: 'x', traceback: misakiTraceback })]);
    expect(symptom.severity).toBe('error');
    expect(cause.severity).toBe('warning');
  });

  it('a PYTHONPATH copy of another version explains an error about its module, and its fix leads', () => {
    const cause = finding('distribution-shadowed', 'warning', [
      { label: 'imported', value: 'packaging==24.1 in /srv/vendor' },
      { label: 'shadowed', value: 'packaging==24.2 in /venv/lib/python3.11/site-packages' },
    ]);
    const symptom = stageFinding();
    const findings = [symptom, cause];
    foldSymptoms(findings, [target({ type: 'ModuleNotFoundError', message: "No module named 'packaging.licenses'" })]);
    expect(symptom.explainedBy).toBe('fp-distribution-shadowed');
    expect(cause.evidence.at(-1)!.value).toContain('Python imports packaging 24.1 from /srv/vendor, not the version installed under it');
    // The symptom's "upgrade packaging" would change the copy that does not run: not a recommendation.
    expect(recommendations(findings).map((r) => r.title)).toEqual(['distribution-shadowed fix']);
  });

  it('identical copies explain nothing', () => {
    const cause = finding('distribution-shadowed', 'warning', [
      { label: 'imported', value: 'six==1.16.0 in /srv/vendor' },
      { label: 'imported', value: 'packaging==24.2 in /srv/vendor' },
      { label: 'shadowed', value: 'six==1.17.0 in /venv/lib/python3.11/site-packages' },
      { label: 'shadowed', value: 'packaging==24.2 in /venv/lib/python3.11/site-packages' },
    ]);
    const symptom = stageFinding();
    foldSymptoms([symptom, cause], [target({ type: 'ModuleNotFoundError', message: "No module named 'packaging.licenses'" })]);
    expect(symptom.explainedBy).toBeUndefined();
  });

  it('a traceback through the shadowing folder is explained by it', () => {
    const cause = finding('distribution-shadowed', 'warning', [{ label: 'imported', value: 'transformers==4.40.0 in /home/u/.local/lib/python3.11/site-packages' }, { label: 'shadowed', value: 'transformers==5.23.0 in /venv/lib/python3.11/site-packages' }]);
    const symptom = stageFinding();
    const traceback = 'Traceback (most recent call last):\n  File "/home/u/.local/lib/python3.11/site-packages/transformers/__init__.py", line 3, in <module>\n';
    foldSymptoms([symptom, cause], [target({ type: 'ImportError', message: 'cannot import name x', traceback })]);
    expect(symptom.explainedBy).toBe('fp-distribution-shadowed');
  });

  it('every torch target failing with torch\'s own import error is a symptom of torch-import-failed', () => {
    const cause = finding('torch-import-failed', 'error', [{ label: 'exception', value: 'OSError: libc10_cuda.so: cannot open shared object file: No such file or directory' }]);
    const symptom = stageFinding();
    foldSymptoms([cause, symptom], [target({ type: 'OSError', message: 'libc10_cuda.so: cannot open shared object file: No such file or directory' })]);
    expect(symptom.explainedBy).toBe('fp-torch-import-failed');
  });

  it('a verified fix of the symptom moves up to the cause', () => {
    const cause = finding('requires-python-violated', 'warning', [{ label: 'package', value: 'misaki==0.9.4' }]);
    const symptom = stageFinding();
    symptom.fixes.unshift({ kind: 'command', title: 'Install the versions that load in the clean env', command: "pip install 'misaki==0.9.3'", runnable: true, verified: { how: 'the clean env passed' } });
    foldSymptoms([cause, symptom], [target({ type: 'AttributeError', message: 'x', traceback: misakiTraceback })]);
    expect(cause.fixes.map((f) => f.command ?? null)).toEqual([null, "pip install 'misaki==0.9.3'"]);
  });
});
