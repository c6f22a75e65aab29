// run.repeats: every stage that passed in each run gets its median time; the first run is the one reported.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { targetFromRun } from '../../src/minimal/run-target.js';
import { gatherTargets } from '../../src/orchestrator/targets.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('repeated runs', () => {
  it('adds runs, median, min and max to each passed stage, and nothing to skipped ones', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'config.json'), JSON.stringify({ width: 4 }));
    const logs: string[] = [];
    const [run] = await gatherTargets(
      [{ id: 'toy', family: 'generic', entry: 'toy_models:Toy', configFile: 'config.json', minimalConfig: { width: 1 } }],
      { python: venvs.bare, configFile: path.join(cwd, 'debug-tts.config.json'), cwd, env: cleanEnv({ PYTHONPATH: FIXTURES }), run: { repeats: 3 }, log: (l) => logs.push(l), assets: [] },
    );
    const t = targetFromRun(run!);
    const construct = t.stages.find((s) => s.name === 'construct-minimal')!;
    expect(construct.status).toBe('passed');
    expect(construct.timing?.runs).toBe(3);
    expect(construct.timing!.minMs).toBeLessThanOrEqual(construct.timing!.medianMs);
    expect(construct.timing!.medianMs).toBeLessThanOrEqual(construct.timing!.maxMs);
    // The reported duration is the first run's, one of the three.
    expect(construct.durationMs).toBeGreaterThanOrEqual(construct.timing!.minMs);
    expect(construct.durationMs).toBeLessThanOrEqual(construct.timing!.maxMs);
    expect(t.stages.find((s) => s.name === 'load-weights')!.timing).toBeUndefined();
    expect(logs.filter((l) => /repeat \d of 3/.test(l))).toHaveLength(2);
  });
});
