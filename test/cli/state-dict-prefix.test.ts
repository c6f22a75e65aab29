// A checkpoint whose keys carry a wrapper prefix, reproduced in real torch: explain names the exact
// prefix, and its one-liner, run as printed, writes a copy that loads (the original is untouched).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/diagnostics/classify.js';
import { tempDir } from '../helpers/cli.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');
const MODEL = 'import torch\nclass Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.enc = torch.nn.Linear(4, 3)\n        self.dec = torch.nn.Linear(3, 2)\n';

describe.each([
  ['_orig_mod.', 'torch.compile'],
  ['module.', 'nn.DataParallel'],
])('state dict saved with the %s prefix (%s)', (prefix) => {
  it('is diagnosed with that prefix, and the printed rewrite makes the load pass', () => {
    const dir = tempDir('sd prefix ');
    const ckpt = path.join(dir, 'model.pth');
    const py = (code: string) => spawnSync(venvs.torch, ['-c', `${MODEL}${code}`], { encoding: 'utf8', cwd: dir });
    expect(py(`torch.save({"${prefix}" + k: v for k, v in Net().state_dict().items()}, ${JSON.stringify(ckpt)})`).status).toBe(0);
    // A script file, as an app would have: its traceback shows the line that names the checkpoint.
    const load = (file: string) => {
      const script = path.join(dir, `load_${path.basename(file, '.pth').replace(/\W/g, '_')}.py`);
      writeFileSync(script, `${MODEL}Net().load_state_dict(torch.load(${JSON.stringify(file)}, weights_only=True))\n`);
      return spawnSync(venvs.torch, [script], { encoding: 'utf8', cwd: dir });
    };
    const failed = load(ckpt);
    expect(failed.status).not.toBe(0);
    const d = classify({ text: failed.stderr, env: { interpreter: venvs.torch } });
    expect(d.category).toBe('missing-or-unexpected-keys');
    const fix = d.fixes[0]!;
    expect(fix.title).toBe(`Strip the key prefix "${prefix}" in a rewritten copy of the checkpoint (the original is left as it is)`);
    expect(fix.runnable).toBe(true);
    const before = readFileSync(ckpt);
    execFileSync('sh', ['-c', fix.command!], { cwd: dir });
    const rewritten = path.join(dir, 'model.unprefixed.pth');
    expect(statSync(rewritten).size).toBeGreaterThan(0);
    expect(readFileSync(ckpt).equals(before)).toBe(true);
    expect(load(rewritten).status, load(rewritten).stderr).toBe(0);
  });
});
