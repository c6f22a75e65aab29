// The transformers and XTTS config schemas accept what the installed packages write, and reject what they refuse, at the right line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatherAssets } from '../../src/analyzer/assets.js';
import { run as jsonConfigUnreadable } from '../../src/analyzer/checks/json-config-unreadable.js';
import { run as modelConfigInvalid } from '../../src/analyzer/checks/model-config-invalid.js';
import { SCHEMA_IDS, schemaRegistry } from '../../src/core/schemas.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('torch');
const SCRIPT = fileURLToPath(new URL('./fixtures/hf_configs.py', import.meta.url));
const py = (...args: string[]): unknown => JSON.parse(execFileSync(venvs.torch, [SCRIPT, ...args], { encoding: 'utf8', env: cleanEnv(), maxBuffer: 1 << 24 }).trim().split('\n').pop()!);
const ENV = { id: 'user', role: 'user', resolution: null, executable: null, realPath: null, kind: 'unknown', pythonVersion: null, probe: null, probeFailure: null, torch: null } as const;

/** The real config each family reads, as the installed package writes it; `folder` is its name under the written dir. */
const CONFIGS = [
  { family: 'bark', cls: 'BarkConfig', folder: 'bark', option: 'modelDir' },
  { family: 'encodec', cls: 'EncodecConfig', folder: 'encodec', option: 'modelDir' },
  { family: 'speecht5', cls: 'SpeechT5Config', folder: 'speecht5', option: 'modelDir' },
  { family: 'speecht5', cls: 'SpeechT5HifiGanConfig', folder: 'speecht5-hifigan', option: 'vocoderDir' },
  { family: 'vits', cls: 'VitsConfig', folder: 'vits', option: 'modelDir' },
  { family: 'xtts', cls: 'XttsConfig', folder: 'xtts', option: 'modelDir' },
] as const;
type Config = (typeof CONFIGS)[number];

let written: string;
const real = (c: Config) => readFileSync(path.join(written, c.folder, 'config.json'), 'utf8');

function check(c: Config, dir: string) {
  const assets = [gatherAssets({ id: 't', family: c.family, [c.option]: dir })];
  const ctx = { environment: ENV, otherInterpreters: [], interpreterEnvVar: null, assets };
  return { assets, results: modelConfigInvalid(ctx), unreadable: jsonConfigUnreadable(ctx) };
}

/** Replace the first `from` that comes after `anchor`: edits keep the file's own formatting and number literals. */
function edit(text: string, from: string | RegExp, to: string, anchor = ''): string {
  const start = text.indexOf(anchor);
  if (start < 0) throw new Error(`no ${anchor}`);
  const rest = text.slice(start);
  const replaced = rest.replace(from, to);
  if (replaced === rest) throw new Error(`no ${String(from)} after ${anchor}`);
  return text.slice(0, start) + replaced;
}

/** 1-based line and column of `needle`, searched after `anchor` (how a person would find the spot in an editor). */
function spot(text: string, needle: string, anchor = ''): string {
  const offset = text.indexOf(needle, text.indexOf(anchor));
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

interface Broken {
  name: string;
  config: Config['cls'];
  edit: (text: string) => string;
  pointer: string;
  /** Where the error must point: the offending key (or item) in the edited text. */
  at: (text: string) => string;
  message: string;
  expected: string;
  found: string;
}

const cfg = (cls: Config['cls']) => CONFIGS.find((c) => c.cls === cls)!;
const key = (k: string, anchor = '') => (t: string) => spot(t, `"${k}"`, anchor);

const BROKEN: Broken[] = [
  { name: 'VITS hidden_size as a string', config: 'VitsConfig', edit: (t) => edit(t, '"hidden_size": 192,', '"hidden_size": "192",'), pointer: '/hidden_size', at: key('hidden_size'), message: 'must be integer', expected: 'integer', found: '"192" (a string)' },
  { name: 'VITS float field written as an int', config: 'VitsConfig', edit: (t) => edit(t, /"initializer_range": [\d.e-]+/, '"initializer_range": 1'), pointer: '/initializer_range', at: key('initializer_range'), message: 'must be a float', expected: 'float', found: 'int 1' },
  { name: 'VITS int field written as a float', config: 'VitsConfig', edit: (t) => edit(t, '"hidden_size": 192,', '"hidden_size": 192.0,'), pointer: '/hidden_size', at: key('hidden_size'), message: 'must be an int', expected: 'int', found: 'float 192.0' },
  { name: 'VITS folder holding a Bark config type', config: 'VitsConfig', edit: (t) => edit(t, '"model_type": "vits"', '"model_type": "bark"'), pointer: '/model_type', at: key('model_type'), message: 'must be equal to constant', expected: '"vits"', found: '"bark" (a string)' },
  { name: 'VITS config without model_type', config: 'VitsConfig', edit: (t) => edit(t, /\n\s*"model_type": "vits",/, ''), pointer: '', at: () => '1:1', message: 'missing required property "model_type"', expected: 'key "model_type"', found: 'no such key' },
  { name: 'VITS dilations flattened', config: 'VitsConfig', edit: (t) => edit(t, /"resblock_dilation_sizes": \[[^\]]*\[[\s\S]*?\]\s*\]/, '"resblock_dilation_sizes": [1, 3, 5]'), pointer: '/resblock_dilation_sizes/0', at: (t) => spot(t, '1, 3, 5', '"resblock_dilation_sizes"'), message: 'must be array', expected: 'array', found: '1 (a number)' },
  { name: 'Encodec unknown norm_type', config: 'EncodecConfig', edit: (t) => edit(t, '"norm_type": "weight_norm"', '"norm_type": "batch_norm"'), pointer: '/norm_type', at: key('norm_type'), message: 'must be one of', expected: '"weight_norm" or "time_group_norm"', found: '"batch_norm" (a string)' },
  { name: 'Encodec bandwidth written as an int', config: 'EncodecConfig', edit: (t) => edit(t, /3\.0,/, '3,', '"target_bandwidths"'), pointer: '/target_bandwidths/1', at: (t) => spot(t, '3,', '"target_bandwidths"'), message: 'must be a float', expected: 'float', found: 'int 3' },
  { name: 'SpeechT5 model dir holding the vocoder config type', config: 'SpeechT5Config', edit: (t) => edit(t, '"model_type": "speecht5"', '"model_type": "speecht5_hifigan"'), pointer: '/model_type', at: key('model_type'), message: 'must be equal to constant', expected: '"speecht5"', found: '"speecht5_hifigan" (a string)' },
  { name: 'SpeechT5 hidden_size as a boolean', config: 'SpeechT5Config', edit: (t) => edit(t, '"hidden_size": 768,', '"hidden_size": true,'), pointer: '/hidden_size', at: key('hidden_size'), message: 'must be integer', expected: 'integer', found: 'true (a boolean)' },
  { name: 'HiFi-GAN upsample_rates as a string', config: 'SpeechT5HifiGanConfig', edit: (t) => edit(t, /"upsample_rates": \[[^\]]*\]/, '"upsample_rates": "4,4,4,4"'), pointer: '/upsample_rates', at: key('upsample_rates'), message: 'must be array', expected: 'array', found: '"4,4,4,4" (a string)' },
  { name: 'Bark semantic hidden_size as a string', config: 'BarkConfig', edit: (t) => edit(t, '"hidden_size": 768', '"hidden_size": "768"', '"semantic_config"'), pointer: '/semantic_config/hidden_size', at: key('hidden_size', '"semantic_config"'), message: 'must be integer', expected: 'integer', found: '"768" (a string)' },
  { name: 'Bark codec of another model type', config: 'BarkConfig', edit: (t) => edit(t, '"model_type": "encodec"', '"model_type": "vits"', '"codec_config"'), pointer: '/codec_config/model_type', at: key('model_type', '"codec_config"'), message: 'must be equal to constant', expected: '"encodec"', found: '"vits" (a string)' },
  { name: 'XTTS config of another coqui model', config: 'XttsConfig', edit: (t) => edit(t, '"model": "xtts"', '"model": "vits"'), pointer: '/model', at: key('model'), message: 'must be equal to constant', expected: '"xtts"', found: '"vits" (a string)' },
  { name: 'XTTS gpt_layers as a string', config: 'XttsConfig', edit: (t) => edit(t, '"gpt_layers": 30', '"gpt_layers": "30"'), pointer: '/model_args/gpt_layers', at: key('gpt_layers'), message: 'must be integer', expected: 'integer', found: '"30" (a string)' },
  { name: 'XTTS config without model', config: 'XttsConfig', edit: (t) => edit(t, /\n\s*"model": "xtts",/, ''), pointer: '', at: () => '1:1', message: 'missing required property "model"', expected: 'key "model"', found: 'no such key' },
];

let verdicts: (string | null)[] = [];
let realVerdicts: (string | null)[] = [];
const brokenDir = (i: number) => path.join(written, 'broken', String(i));

beforeAll(() => {
  written = tempDir('hf-configs-');
  py('write', written);
  BROKEN.forEach((b, i) => {
    mkdirSync(brokenDir(i), { recursive: true });
    writeFileSync(path.join(brokenDir(i), 'config.json'), b.edit(real(cfg(b.config))));
  });
  const cases = [...CONFIGS.map((c) => ({ cls: c.cls, file: path.join(written, c.folder, 'config.json') })), ...BROKEN.map((b, i) => ({ cls: b.config, file: path.join(brokenDir(i), 'config.json') }))];
  const all = py('verdict', JSON.stringify(cases)) as (string | null)[];
  realVerdicts = all.slice(0, CONFIGS.length);
  verdicts = all.slice(CONFIGS.length);
});

describe('transformers and XTTS config schemas', () => {
  it.each(CONFIGS.map((c) => [c.cls, c] as const))('accept the %s config.json the installed package writes', (_, c) => {
    expect(realVerdicts[CONFIGS.indexOf(c)], 'the library itself loads it').toBeNull();
    const { assets, results, unreadable } = check(c, path.join(written, c.folder));
    expect(assets[0]!.jsonFiles.map((j) => path.basename(j.file))).toContain('config.json');
    expect(unreadable).toEqual([]); // XTTS writes "max_audio_len": Infinity, which Python's json reads
    expect(results).toEqual([]);
  });

  it.each(BROKEN.map((b, i) => [b.name, b, i] as const))('reject %s where the library does, with file, line, pointer, expected and found', (_, b, i) => {
    expect(verdicts[i], 'the installed library refuses this file too').toEqual(expect.any(String));
    const dir = brokenDir(i);
    const file = path.join(dir, 'config.json');
    const text = readFileSync(file, 'utf8');
    const { results } = check(cfg(b.config), dir);
    expect(results).toHaveLength(1);
    const line = `${file}:${b.at(text)} at ${b.pointer || '(root)'}: ${b.message}`;
    const evidence = results[0]!.evidence.map((e) => e.value);
    const mine = evidence.find((v) => v.startsWith(line));
    expect(mine, `${line}... in\n${evidence.join('\n')}`).toBeDefined();
    expect(mine).toMatch(new RegExp(`\\(expected ${b.expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, found ${b.found.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
  });

  it('say whose config a wrong model_type is', () => {
    const i = BROKEN.findIndex((b) => b.name.startsWith('SpeechT5 model dir'));
    const { results } = check(cfg('SpeechT5Config'), brokenDir(i));
    expect(results[0]!.message).toContain("SpeechT5's HiFi-GAN vocoder (give its folder as the speecht5 target's vocoderDir)");
  });

  it('list every field the config classes annotate, with the Python type transformers checks', () => {
    const annotated = py('annotations') as Record<string, Record<string, string>>;
    const schema = (id: string) => schemaRegistry().getSchema(id)!.schema as Record<string, any>;
    const props: Record<string, Record<string, any>> = {
      BarkConfig: schema(SCHEMA_IDS.barkConfig).properties,
      BarkFineConfig: schema(SCHEMA_IDS.barkConfig).$defs.subModel.properties,
      EncodecConfig: schema(SCHEMA_IDS.encodecConfig).$defs.fields.properties,
      SpeechT5Config: schema(SCHEMA_IDS.speecht5Config).properties,
      SpeechT5HifiGanConfig: schema(SCHEMA_IDS.speecht5HifiganConfig).properties,
      VitsConfig: schema(SCHEMA_IDS.vitsConfig).properties,
    };
    const kind = (s: Record<string, any>): string => {
      const item = s.items ? kind(s.items).split('|') : [];
      const kinds = [s.type].flat().flatMap((t: string) => ({ integer: ['int'], number: s.format === 'float' ? ['float'] : ['float', 'int'], boolean: ['bool'], string: ['str'], null: ['None'], object: ['dict'], array: [item.length === 1 ? `list[${item[0]}]` : 'list'] })[t] ?? [t]);
      return [...new Set(kinds)].sort().join('|');
    };
    expect(Object.keys(annotated).sort()).toEqual(Object.keys(props).sort());
    for (const [cls, fields] of Object.entries(annotated)) {
      expect(Object.keys(props[cls]!).filter((k) => k !== 'model_type').sort(), cls).toEqual(Object.keys(fields).sort());
      for (const [field, pythonType] of Object.entries(fields)) {
        const mine = kind(props[cls]![field]);
        // An untyped list may be narrowed by the schema (dilations are lists of lists of ints: the model iterates them).
        if (pythonType === 'list') expect(mine, `${cls}.${field}`).toMatch(/^list/);
        else expect(mine, `${cls}.${field}`).toBe(pythonType);
      }
    }
  });
});
