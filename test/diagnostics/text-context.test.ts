// What a pasted traceback reveals about its interpreter, and `explain` fixes that name it instead of python3.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../src/cli/explain.js';
import type { Fix } from '../../src/core/report-types.js';
import { coquiDistribution } from '../../src/diagnostics/fix-kit.js';
import { contextFromText } from '../../src/diagnostics/text-context.js';

/** A `No module named` traceback whose failing import sits in `inner` (a file under site-packages). */
const noModule = (app: string, inner: string, module = 'kokoro') =>
  [
    'Traceback (most recent call last):',
    `  File "${app}", line 3, in <module>`,
    '    from voices import speak',
    `  File "${inner}", line 12, in <module>`,
    `    import ${module}`,
    `ModuleNotFoundError: No module named '${module}'`,
    '',
  ].join('\n');

async function explainJson(text: string, opts: { interpreter?: string } = {}): Promise<{ category: string; ruleId: string | null; fixes: Fix[] }> {
  let stdout = '';
  const code = await runExplain({ file: '-', json: true, color: false, ...opts }, { stdin: Readable.from([Buffer.from(text)]), stdout: (s) => (stdout += s), stderr: () => {} });
  expect(code).toBe(0);
  return JSON.parse(stdout) as { category: string; ruleId: string | null; fixes: Fix[] };
}

const commands = (fixes: Fix[]) => fixes.flatMap((f) => (f.command ? [f.command] : []));

describe('contextFromText: the interpreter a traceback ran', () => {
  it('a venv: <venv>/bin/python, version and packages from its site-packages', () => {
    const c = contextFromText(
      [
        'Traceback (most recent call last):',
        '  File "/home/u/proj/app.py", line 8, in <module>',
        '    pipeline = KPipeline(lang_code="a")',
        '  File "/home/u/proj/.venv/lib/python3.12/site-packages/kokoro/pipeline.py", line 95, in __init__',
        '    self.model = KModel(repo_id=repo_id).to(device).eval()',
        '  File "/home/u/proj/.venv/lib/python3.12/site-packages/torch/nn/modules/module.py", line 1340, in to',
        '    return self._apply(convert)',
        '  File "/home/u/proj/.venv/lib/python3.12/site-packages/kokoro/model.py", line 40, in convert',
        '  File "/usr/lib/python3.12/importlib/__init__.py", line 90, in import_module',
        'RuntimeError: CUDA error: no kernel image is available for execution on the device',
      ].join('\n'),
    );
    expect(c).toEqual({
      interpreter: '/home/u/proj/.venv/bin/python',
      pythonVersion: '3.12',
      platform: 'linux',
      sitePackages: '/home/u/proj/.venv/lib/python3.12/site-packages',
      packages: ['kokoro', 'torch'],
      raisingPackage: 'kokoro',
    });
  });

  it('a conda env: <env>/bin/python', () => {
    const c = contextFromText(noModule('/workspace/tts/serve.py', '/opt/conda/envs/tts/lib/python3.10/site-packages/TTS/tts/utils/text/phonemizers/__init__.py', 'gruut'));
    expect(c).toMatchObject({ interpreter: '/opt/conda/envs/tts/bin/python', pythonVersion: '3.10', sitePackages: '/opt/conda/envs/tts/lib/python3.10/site-packages', packages: ['TTS'], raisingPackage: 'TTS' });
  });

  it('a Windows venv: <venv>\\Scripts\\python.exe', () => {
    const c = contextFromText(noModule('C:\\Users\\me\\proj\\main.py', 'C:\\Users\\me\\proj\\venv\\Lib\\site-packages\\kokoro_onnx\\__init__.py', 'espeakng_loader'));
    expect(c).toMatchObject({ interpreter: 'C:\\Users\\me\\proj\\venv\\Scripts\\python.exe', platform: 'win32', sitePackages: 'C:\\Users\\me\\proj\\venv\\Lib\\site-packages', packages: ['kokoro_onnx'] });
    expect(c.pythonVersion).toBeUndefined();
  });

  it('a Windows system Python: ...\\Python310\\python.exe, version from the folder name', () => {
    const c = contextFromText(noModule('C:\\Users\\me\\tts\\run.py', 'C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python310\\lib\\site-packages\\phonemizer\\backend\\espeak\\wrapper.py', 'espeakng'));
    expect(c).toMatchObject({ interpreter: 'C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python310\\python.exe', pythonVersion: '3.10', platform: 'win32' });
  });

  it('Homebrew: /opt/homebrew/bin/python3.X, darwin', () => {
    const c = contextFromText(noModule('/Users/me/tts/say.py', '/opt/homebrew/lib/python3.12/site-packages/misaki/espeak.py', 'espeakng_loader'));
    expect(c).toMatchObject({ interpreter: '/opt/homebrew/bin/python3.12', pythonVersion: '3.12', platform: 'darwin', packages: ['misaki'] });
  });

  it('/usr/local (python.org on macOS, docker images): /usr/local/bin/python3.X, platform left open', () => {
    const c = contextFromText(noModule('/app/main.py', '/usr/local/lib/python3.11/site-packages/kokoro/__init__.py', 'misaki'));
    expect(c).toMatchObject({ interpreter: '/usr/local/bin/python3.11', pythonVersion: '3.11' });
    expect(c.platform).toBeUndefined();
  });

  it('pyenv: <version>/bin/python', () => {
    const c = contextFromText(noModule('/home/u/app.py', '/home/u/.pyenv/versions/3.11.7/lib/python3.11/site-packages/piper/voice.py', 'onnxruntime'));
    expect(c).toMatchObject({ interpreter: '/home/u/.pyenv/versions/3.11.7/bin/python', pythonVersion: '3.11', platform: 'linux', packages: ['piper'] });
    expect(contextFromText(noModule('/srv/app.py', '~/.pyenv/versions/3.11.7/lib/python3.11/site-packages/piper/voice.py')).interpreter).toBe('~/.pyenv/versions/3.11.7/bin/python');
  });

  it('Debian: /usr/lib/python3/dist-packages -> /usr/bin/python3, and sudo-pip dist-packages under /usr/local', () => {
    const c = contextFromText(noModule('/home/pi/tts.py', '/usr/lib/python3/dist-packages/numpy/__init__.py', 'numpy.core._multiarray_umath'));
    expect(c).toMatchObject({ interpreter: '/usr/bin/python3', platform: 'linux', sitePackages: '/usr/lib/python3/dist-packages', packages: ['numpy'] });
    expect(contextFromText(noModule('/content/run.py', '/usr/local/lib/python3.10/dist-packages/TTS/api.py')).interpreter).toBe('/usr/bin/python3.10');
  });

  it('uses the last traceback: the one that ended the run', () => {
    const first = noModule('/home/u/a.py', '/home/u/old-env/lib/python3.9/site-packages/torch/__init__.py');
    const second = noModule('/home/u/a.py', '/home/u/.venv/lib/python3.12/site-packages/kokoro/__init__.py', 'misaki');
    const c = contextFromText(`${first}\nDuring handling of the above exception, another exception occurred:\n\n${second}`);
    expect(c).toMatchObject({ interpreter: '/home/u/.venv/bin/python', pythonVersion: '3.12', packages: ['kokoro'], raisingPackage: 'kokoro' });
  });

  it('an environment of its own beats the system site-packages a venv also sees; the raising package is the innermost', () => {
    const c = contextFromText(
      [
        'Traceback (most recent call last):',
        '  File "/home/u/app.py", line 1, in <module>',
        '  File "/usr/lib/python3/dist-packages/six.py", line 3, in <module>',
        '  File "/home/u/.venv/lib/python3.11/site-packages/kokoro/__init__.py", line 2, in <module>',
        '  File "/usr/lib/python3/dist-packages/torch/__init__.py", line 5, in <module>',
        'ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory',
      ].join('\n'),
    );
    expect(c).toMatchObject({ interpreter: '/home/u/.venv/bin/python', packages: ['six', 'kokoro', 'torch'], raisingPackage: 'torch' });
  });

  it('an interpreter the log states outright wins', () => {
    const c = contextFromText(['Python executable: /srv/tts env/bin/python3.11', 'Traceback (most recent call last):', '  File "/srv/tts env/lib/python3.11/site-packages/kokoro/__init__.py", line 1, in <module>', "ModuleNotFoundError: No module named 'misaki'"].join('\n'));
    expect(c).toMatchObject({ interpreter: '/srv/tts env/bin/python3.11', pythonVersion: '3.11', packages: ['kokoro'] });
    expect(contextFromText(">>> import sys; print(sys.executable)\nC:\\Tools\\py\\python.exe\n>>> import kokoro\nModuleNotFoundError: No module named 'kokoro'")).toMatchObject({ interpreter: 'C:\\Tools\\py\\python.exe', platform: 'win32' });
  });

  it('a File "..." that is an interpreter binary is not a frame of code, but names the interpreter when nothing better does', () => {
    const binary = ['Traceback (most recent call last):', '  File "/usr/bin/python3.12", line 1, in <module>', "ModuleNotFoundError: No module named 'kokoro'"];
    expect(contextFromText(binary.join('\n'))).toEqual({ interpreter: '/usr/bin/python3.12', pythonVersion: '3.12', packages: [] });
    const withVenv = [...binary.slice(0, 2), '  File "/home/u/.venv/lib/python3.12/site-packages/voxweave/__init__.py", line 1, in <module>', binary[2]!];
    expect(contextFromText(withVenv.join('\n'))).toMatchObject({ interpreter: '/home/u/.venv/bin/python', packages: ['voxweave'] });
  });

  it('a versioned or path `X -m pip install` names it last of all', () => {
    expect(contextFromText("$ /opt/tts/bin/python3.11 -m pip install kokoro\nSuccessfully installed kokoro-0.9.4\nModuleNotFoundError: No module named 'misaki'").interpreter).toBe('/opt/tts/bin/python3.11');
    expect(contextFromText("$ python -m pip install kokoro\nModuleNotFoundError: No module named 'misaki'").interpreter).toBeUndefined();
  });

  it('site-packages named by pip lines is pip\'s interpreter, not the one that failed: ignored', () => {
    const c = contextFromText(['$ pip install kokoro', 'Requirement already satisfied: kokoro in /usr/local/lib/python3.12/site-packages (0.9.4)', 'Traceback (most recent call last):', '  File "/home/u/app.py", line 1, in <module>', "ModuleNotFoundError: No module named 'kokoro'"].join('\n'));
    expect(c.interpreter).toBeUndefined();
    expect(c.sitePackages).toBeUndefined();
    expect(c.platform).toBe('linux');
  });

  it('a path the error message names, and a `Python 3.X.Y` line, when no frame is under site-packages', () => {
    const c = contextFromText('Python 3.11.9 (tags/v3.11.9:de54cf5, Apr  2 2024) [MSC v.1938 64 bit (AMD64)] on win32\nOSError: [WinError 126] Error loading "C:\\Users\\me\\tts env\\Lib\\site-packages\\torch\\lib\\c10.dll" or one of its dependencies.');
    expect(c).toMatchObject({ interpreter: 'C:\\Users\\me\\tts env\\Scripts\\python.exe', pythonVersion: '3.11.9', platform: 'win32' });
  });

  it('knows nothing from a bare error line', () => {
    expect(contextFromText("ModuleNotFoundError: No module named 'kokoro'")).toEqual({ packages: [] });
  });
});

describe('explain names the interpreter the traceback shows', () => {
  it.each([
    ['a venv', noModule('/home/u/proj/app.py', '/home/u/proj/.venv/lib/python3.12/site-packages/voxweave/bridge.py'), '"/home/u/proj/.venv/bin/python" -m pip install kokoro'],
    ['conda', noModule('/srv/app.py', '/opt/conda/envs/tts/lib/python3.10/site-packages/voxweave/bridge.py'), '"/opt/conda/envs/tts/bin/python" -m pip install kokoro'],
    ['Windows, with a space', noModule('C:\\Users\\Jane Doe\\proj\\main.py', 'C:\\Users\\Jane Doe\\proj\\.venv\\Lib\\site-packages\\voxweave\\bridge.py'), '"C:\\Users\\Jane Doe\\proj\\.venv\\Scripts\\python.exe" -m pip install kokoro'],
    ['Homebrew', noModule('/Users/me/tts/say.py', '/opt/homebrew/lib/python3.12/site-packages/voxweave/bridge.py'), '"/opt/homebrew/bin/python3.12" -m pip install kokoro'],
  ])('%s: the install command starts with that interpreter, quoted', async (_name, text, expected) => {
    const d = await explainJson(text);
    expect(d.ruleId).toBe('module-not-found');
    expect(commands(d.fixes)[0]).toBe(expected);
  });

  it('quotes a Windows spec for cmd.exe (double quotes: single ones are literal there, `<` redirects)', async () => {
    const d = await explainJson(noModule('C:\\proj\\main.py', 'C:\\proj\\venv\\Lib\\site-packages\\voxweave\\bridge.py', 'misaki'));
    expect(commands(d.fixes)[0]).toBe('"C:\\proj\\venv\\Scripts\\python.exe" -m pip install "misaki[en]"');
  });

  it('--python still wins over the traceback, and the traceback then does not set the platform either', async () => {
    const d = await explainJson(noModule('/home/u/app.py', '/home/u/proj/.venv/lib/python3.12/site-packages/voxweave/bridge.py'), { interpreter: '/usr/bin/python3' });
    expect(commands(d.fixes)[0]).toBe('"/usr/bin/python3" -m pip install kokoro');
    const w = await explainJson(noModule('C:\\proj\\main.py', 'C:\\proj\\venv\\Lib\\site-packages\\voxweave\\bridge.py', 'misaki'), { interpreter: '/usr/bin/python3' });
    expect(commands(w.fixes)[0]).toBe(`"/usr/bin/python3" -m pip install 'misaki[en]'`);
  });

  it('without a path in the log it stays python3', async () => {
    const d = await explainJson("ModuleNotFoundError: No module named 'kokoro'");
    expect(commands(d.fixes)[0]).toBe('"python3" -m pip install kokoro');
  });
});

describe('explain tells the original TTS from coqui-tts', () => {
  const VENV = '/home/u/xtts/.venv/lib/python3.11/site-packages';
  const xtts = (before = '') =>
    [
      before,
      'Traceback (most recent call last):',
      '  File "/home/u/xtts/run.py", line 4, in <module>',
      '    tts = TTS("tts_models/multilingual/multi-dataset/xtts_v2").to("cuda")',
      `  File "${VENV}/TTS/api.py", line 74, in __init__`,
      '    self.load_tts_model_by_name(model_name, gpu)',
      `  File "${VENV}/TTS/tts/models/xtts.py", line 771, in load_checkpoint`,
      '    checkpoint = self.get_compatible_checkpoint_state_dict(model_path)',
      `  File "${VENV}/TTS/utils/io.py", line 54, in load_fsspec`,
      '    return torch.load(f, map_location=map_location, **kwargs)',
      `  File "${VENV}/torch/serialization.py", line 1470, in load`,
      '    raise pickle.UnpicklingError(_get_wo_message(str(e))) from None',
      '_pickle.UnpicklingError: Weights only load failed. This file can still be loaded, to do so you have two options.',
      'WeightsUnpickler error: Unsupported global: GLOBAL TTS.tts.configs.xtts_config.XttsConfig was not an allowed global by default.',
    ].join('\n');
  const PY = '"/home/u/xtts/.venv/bin/python"';
  const MOVE = `${PY} -m pip uninstall TTS trainer coqpit && ${PY} -m pip install coqui-tts`;
  const UPGRADE = `${PY} -m pip install --upgrade coqui-tts`;

  it('frames in site-packages/TTS and TTS 0.22.0 installed: move to coqui-tts (not runnable: it uninstalls), no upgrade', async () => {
    const d = await explainJson(xtts('$ pip freeze | grep -i tts\nTTS==0.22.0\n'));
    expect(d.ruleId).toBe('weights-only-unsupported-global');
    expect(d.fixes[0]).toMatchObject({ kind: 'command', command: MOVE, runnable: false });
    expect(d.fixes[0]!.title).toContain('original TTS');
    expect(commands(d.fixes)).not.toContain(UPGRADE);
  });

  it('a coqui-tts version shown: upgrade it', async () => {
    const d = await explainJson(xtts('coqui-tts==0.26.0\n'));
    expect(d.fixes[0]).toMatchObject({ command: UPGRADE, runnable: true });
    expect(commands(d.fixes)).not.toContain(MOVE);
  });

  it('only the frames: how to check, then both', async () => {
    const d = await explainJson(xtts());
    expect(commands(d.fixes).slice(0, 3)).toEqual([`${PY} -m pip show coqui-tts TTS`, UPGRADE, MOVE]);
    expect(d.fixes[2]!.runnable).toBe(false);
  });

  it('the dist-info folder decides before a version; versions from 0.22.1 on are the fork', () => {
    expect(coquiDistribution({ text: `${VENV}/TTS-0.22.0.dist-info/METADATA` })).toBe('TTS');
    expect(coquiDistribution({ text: `${VENV}/coqui_tts-0.27.2.dist-info/METADATA\nTTS version 0.21.3 in requirements.txt` })).toBe('coqui-tts');
    expect(coquiDistribution({ text: 'TTS version 0.21.3 in requirements.txt' })).toBe('TTS');
    expect(coquiDistribution({ text: 'TTS 0.22.1' })).toBe('coqui-tts');
    expect(coquiDistribution({ text: 'Name: TTS\nVersion: 0.21.3' })).toBe('TTS');
    expect(coquiDistribution({ text: xtts() })).toBe('unknown');
    expect(coquiDistribution({ text: 'XTTS v2.0.3 failed' })).toBeNull();
  });

  it('transformers-name-removed under the original TTS: the move, after the transformers pin', async () => {
    const text = [
      'TTS==0.22.0',
      'Traceback (most recent call last):',
      `  File "${VENV}/TTS/tts/layers/xtts/stream_generator.py", line 11, in <module>`,
      '    from transformers import (',
      "ImportError: cannot import name 'BeamSearchScorer' from 'transformers' (/home/u/xtts/.venv/lib/python3.11/site-packages/transformers/__init__.py)",
    ].join('\n');
    const d = await explainJson(text);
    expect(d.ruleId).toBe('transformers-name-removed');
    expect(commands(d.fixes)).toEqual([`${PY} -m pip install 'transformers<4.57'`, MOVE]);
  });
});
