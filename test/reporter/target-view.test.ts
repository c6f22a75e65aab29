// A target's outcome phrase and its stage rows as the renderers see them, on the report fixtures and their edge cases.
import { describe, expect, it } from 'vitest';
import { STAGE_NAMES, type Target } from '../../src/core/report-types.js';
import { stageLabel, targetOutcome } from '../../src/core/target-outcome.js';
import type { SkipKind } from '../../src/core/report-types.js';
import { detailEntries, targetView } from '../../src/reporter/target-view.js';
import { sampleReport } from './fixtures.js';
import { crashedTarget, passingTarget, weightsMismatchTarget } from './target-fixtures.js';

function withStage(t: Target, name: string, patch: Partial<Target['stages'][number]>): Target {
  return { ...t, stages: t.stages.map((s) => (s.name === name ? { ...s, ...patch } : s)) };
}

/** load-weights ended by debug-tts, the stages after it never run. */
function killedIn(status: 'timed-out' | 'out-of-memory', reason: string): Target {
  let t = withStage(passingTarget(), 'load-weights', { status, skipReason: reason, details: {} });
  for (const name of ['load-voice', 'synthesize']) t = withStage(t, name, { status: 'skipped', startMs: null, skipReason: 'not run: the process died in load-weights' });
  return { ...t, process: { exitCode: null, signal: 'SIGKILL', durationMs: 13_300, interrupted: false } };
}

describe('targetOutcome', () => {
  it.each([
    ['all passed', passingTarget(), 'passed', 'all stages passed', null],
    ['failed', weightsMismatchTarget(), 'failed', 'failed at load-weights', 'load-weights'],
    ['crashed by a signal', crashedTarget(), 'crashed', 'crashed in construct-minimal (SIGSEGV)', 'construct-minimal'],
    ['timed out', killedIn('timed-out', 'the stage exceeded its time limit'), 'timed-out', 'timed out in load-weights', 'load-weights'],
    ['out of memory', killedIn('out-of-memory', 'past the memory limit'), 'out-of-memory', 'out of memory in load-weights', 'load-weights'],
  ])('%s', (_name, target, kind, text, stage) => {
    const o = targetOutcome(target);
    expect([o.kind, o.text, o.stage?.name ?? null]).toEqual([kind, text, stage]);
  });

  it('names the exit code when a crash had no signal', () => {
    const t = crashedTarget();
    const crashed = withStage({ ...t, process: { ...t.process, signal: null, exitCode: 134 } }, 'construct-minimal', { signal: null });
    expect(targetOutcome(crashed).text).toBe('crashed in construct-minimal (exit code 134)');
  });

  it('says where a run was interrupted', () => {
    let t = withStage(passingTarget(), 'load-weights', { status: 'skipped', skipReason: 'interrupted (Ctrl-C) during this stage' });
    for (const name of ['load-voice', 'synthesize']) t = withStage(t, name, { status: 'skipped', startMs: null, skipReason: 'not run: interrupted (Ctrl-C)' });
    t.process = { ...t.process, interrupted: true, exitCode: null, signal: 'SIGTERM' };
    expect(targetOutcome(t)).toMatchObject({ kind: 'interrupted', text: 'interrupted in load-weights' });
    expect(targetOutcome({ ...t, stages: t.stages.map((s) => ({ ...s, startMs: s.status === 'skipped' ? null : s.startMs })) }).text).toBe('interrupted');
  });

  it('never counts skipped stages as passed', () => {
    const t = withStage(withStage(passingTarget(), 'load-voice', { status: 'skipped', startMs: null, skipReason: 'no voice requested' }), 'synthesize', { status: 'skipped', startMs: null, skipReason: 'no model or voice loaded' });
    expect(targetOutcome(t)).toMatchObject({ kind: 'partial', text: '6 of 8 stages passed, 2 skipped' });
  });

  it('is green when every stage that applies passed: a stage that cannot apply, or was not asked for, is neutral', () => {
    const skip = (skipKind: SkipKind, skipReason: string) => ({ status: 'skipped' as const, startMs: null, skipReason, skipKind });
    // A Piper voice: nothing to construct, no speaker to pick; every other stage passed.
    let piper = passingTarget();
    for (const name of ['construct-minimal', 'construct-full-meta']) piper = withStage(piper, name, skip('not-applicable', 'a Piper voice is a fixed ONNX graph'));
    piper = withStage(piper, 'load-voice', skip('not-applicable', 'single-speaker voice: no speaker to select'));
    expect(targetOutcome(piper)).toMatchObject({ kind: 'passed', text: 'all 5 applicable stages passed (3 do not apply)' });
    expect(stageLabel(piper.stages.find((s) => s.name === 'load-voice')!)).toBe('does not apply');
    // stages: [...] in the config left two out.
    const asked = withStage(withStage(passingTarget(), 'load-voice', skip('not-requested', 'not requested')), 'synthesize', skip('not-requested', 'not requested'));
    expect(targetOutcome(asked)).toMatchObject({ kind: 'passed', text: 'all 6 applicable stages passed (2 not requested)' });
    // Something the target was not given (a voice), or a refusal, is not neutral: amber, counted against the applicable ones.
    const noVoice = withStage(withStage(piper, 'load-voice', skip('no-input', 'no voice requested')), 'synthesize', skip('after-failure', 'skipped because load-voice failed'));
    expect(targetOutcome(noVoice)).toMatchObject({ kind: 'partial', text: '4 of 6 applicable stages passed, 2 skipped' });
    expect(stageLabel(noVoice.stages.find((s) => s.name === 'load-voice')!)).toBe('skipped');
    // Nothing applicable ran at all: not a pass.
    const none = { ...passingTarget(), stages: passingTarget().stages.map((s) => ({ ...s, ...skip('not-requested', 'not requested') })) };
    expect(targetOutcome(none)).toMatchObject({ kind: 'no-stages', text: 'no applicable stage ran' });
  });

  it('takes the first broken stage in stage order, whatever the report order', () => {
    const t = weightsMismatchTarget();
    const reversed = { ...withStage(t, 'synthesize', { status: 'crashed', startMs: 20_000, skipReason: 'x' }), stages: [...t.stages].reverse() };
    expect(targetOutcome(reversed).text).toBe('failed at load-weights');
  });
});

describe('targetView', () => {
  it('lists the stages in STAGE_NAMES order with their cost', () => {
    const t = weightsMismatchTarget();
    const v = targetView({ ...t, stages: [...t.stages].reverse() }, 1);
    expect(v.anchor).toBe('target-2');
    expect(v.stages.map((s) => s.name)).toEqual([...STAGE_NAMES]);
    const lw = v.stages.find((s) => s.name === 'load-weights')!;
    expect(lw).toMatchObject({ status: 'failed', statusClass: 'st-failed', start: '6.46 s', duration: '7.34 s', rssBefore: '690 MiB', rssAfter: '2.7 GiB', delta: '+2.0 GiB', peak: '3.6 GiB', hasMore: true });
    expect(lw.error?.type).toBe('dtts_common.StateDictMismatch');
    expect(v.stages.find((s) => s.name === 'synthesize')).toMatchObject({ notRun: true, duration: null, peak: null, reason: 'skipped because load-weights failed' });
    expect(v.outcome).toMatchObject({ text: 'failed at load-weights', stage: 'load-weights', cls: 'outcome-failed' });
  });

  it('gives the chart every stage and the whole timeline', () => {
    const t = passingTarget();
    const v = targetView(t, 0);
    expect(v.chart.timeline).toHaveLength(t.timeline.length);
    expect(v.chart.stages).toHaveLength(8);
    expect(v.chart.label).toBe('kokoro-af-heart');
    expect(v.chart.durationMs).toBe(30_700);
  });

  it('the sample report has one passing target with ~300 samples and one failing at load-weights with a key diff', () => {
    const targets = sampleReport().targets;
    const passing = targets.find((t) => targetOutcome(t).kind === 'passed')!;
    expect(passing.timeline.length).toBeGreaterThanOrEqual(280);
    const failed = targets.find((t) => targetOutcome(t).text === 'failed at load-weights')!;
    expect(Object.keys(failed.stages.find((s) => s.name === 'load-weights')!.details)).toEqual(expect.arrayContaining(['missing', 'unexpected', 'shapeMismatched']));
  });
});

describe('detailEntries', () => {
  it('formats byte counts, large counts, shapes, lists, nested objects and nulls', () => {
    const entries = detailEntries(
      {
        expectedLoadBytes: 654_107_280,
        parameters: 81_763_410,
        sampleRate: 24000,
        shape: [510, 1, 256],
        missing: ['a.{0..3}.w', 'b'],
        unexpected: [],
        versions: { torch: '2.3.1', espeak: null },
        bytesByDtype: { float32: { parameters: 10, bytes: 40 } },
        deep: { a: { b: { c: [1] } } },
        spacy: null,
      },
      0,
    );
    const by = Object.fromEntries(entries.map((e) => [e.key, e]));
    expect(by.expectedLoadBytes).toMatchObject({ text: '624 MiB', wide: false });
    expect(by.parameters!.text).toBe('81,763,410');
    expect(by.sampleRate!.text).toBe('24000');
    expect(by.shape!.text).toBe('[510, 1, 256]');
    expect(by.missing).toMatchObject({ list: ['a.{0..3}.w', 'b'], more: [], wide: true });
    expect(by.unexpected).toMatchObject({ empty: true });
    expect(by.versions!.pairs).toEqual([{ key: 'torch', text: '2.3.1' }, { key: 'espeak', text: 'null' }]);
    expect(by.bytesByDtype!.children![0]).toMatchObject({ key: 'float32', pairs: [{ key: 'parameters', text: '10' }, { key: 'bytes', text: '40 B' }] });
    expect(by.deep!.children![0]!.children![0]).toMatchObject({ key: 'b', text: '{"c":[1]}' });
    expect(by.spacy).toMatchObject({ none: true });
  });

  it('folds a long list after its first items', () => {
    const keys = Array.from({ length: 30 }, (_, i) => `decoder.layers.${i}.weight`);
    const [entry] = detailEntries({ missing: keys }, 0);
    expect(entry!.list).toHaveLength(8);
    expect(entry!.more).toHaveLength(22);
  });
});
