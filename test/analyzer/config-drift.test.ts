// Config drift on schemas derived from the real installed code: the diff, the adapter, and its Python and TypeScript forms agreeing.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { Project } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { typescriptAdapter } from '../../src/analyzer/config-drift/adapter-ts.js';
import { applyAdapter, buildAdapter, pythonAdapter } from '../../src/analyzer/config-drift/adapter.js';
import { diffConfig, nameSimilarity } from '../../src/analyzer/config-drift/diff.js';
import { pythonScript } from '../../src/core/paths.js';
import type { DerivedSchema } from '../../src/minimal/stages.js';
import { cleanEnv, tempDir } from '../helpers/env.js';
import { useVenvs } from '../helpers/use-venvs.js';

const venvs = useVenvs('bare', 'torch');
const FIXTURES = fileURLToPath(new URL('./fixtures/drift/', import.meta.url));

/** introspect.schema_for(<entry>) in the torch venv: the schema as debug-tts derives it at run time. */
function derive(entry: string, config: object = {}): DerivedSchema {
  const code = `import importlib, json, sys, introspect
mod, _, attr = sys.argv[1].partition(":")
obj = importlib.import_module(mod)
for part in attr.split("."): obj = getattr(obj, part)
print(json.dumps(introspect.schema_for(obj, json.loads(sys.argv[2]))))`;
  const out = execFileSync(venvs.torch, ['-c', code, entry, JSON.stringify(config)], {
    encoding: 'utf8',
    env: cleanEnv({ PYTHONPATH: `${pythonScript('minimal/python')}:${FIXTURES}`, TRANSFORMERS_VERBOSITY: 'error' }),
  });
  return JSON.parse(out) as DerivedSchema;
}

let encodec: DerivedSchema;
let bark: DerivedSchema;
let tiny: DerivedSchema;

beforeAll(() => {
  encodec = derive('transformers:EncodecConfig');
  bark = derive('transformers:BarkConfig', { codec_config: { model_type: 'encodec' } });
  tiny = derive('tiny_tts:TinyTTS');
}, 120_000);

describe('schemas derived from the installed code', () => {
  it('read EncodecConfig\'s parameters with their types and defaults, and that it swallows unknown keys', () => {
    expect(encodec.title).toBe('transformers.models.encodec.configuration_encodec.EncodecConfig');
    expect(encodec.properties!.num_filters).toMatchObject({ type: 'integer', default: 32 });
    expect(encodec.properties!.use_causal_conv).toMatchObject({ type: 'boolean', default: true });
    expect(encodec['x-accepts-extra']).toBe(true);
  });

  it('nest Bark\'s sub-configs, the codec resolved through AutoConfig to EncodecConfig', () => {
    expect(bark.properties!.semantic_config!.title).toMatch(/BarkSemanticConfig$/);
    expect(bark.properties!.semantic_config!.properties!.num_layers).toMatchObject({ type: 'integer', default: 12 });
    expect(bark.properties!.codec_config!.title).toMatch(/EncodecConfig$/);
    expect(bark.properties!.semantic_config!['x-aliases']).toMatchObject({ num_hidden_layers: 'num_layers' });
  });

  it('read a plain constructor: required parameters, and no **kwargs', () => {
    expect(tiny.required).toEqual(['hidden_size']);
    expect(tiny['x-accepts-extra']).toBe(false);
    expect(tiny.properties!.num_layers).toMatchObject({ type: 'integer', default: 2 });
  });
});

describe('diffConfig', () => {
  it('names audiocraft\'s Encodec keys as renames the installed code ignores, from the rename table', () => {
    const issues = diffConfig(encodec, { n_filters: 4, dimension: 8, lstm: 1, sampling_rate: 24000 });
    expect(issues.map((i) => [i.kind, i.path.join('.'), i.to, i.ignored, i.confidence])).toEqual([
      ['renamed', 'n_filters', 'num_filters', true, 1],
      ['renamed', 'dimension', 'hidden_size', true, 1],
      ['renamed', 'lstm', 'num_lstm_layers', true, 1],
    ]);
  });

  it('guesses a rename from the name and type, coerces a lossless type slip, and leaves an unrelated unknown key alone', () => {
    const issues = diffConfig(encodec, { num_residual_layer: 2, sampling_rate: '16000', use_causal_conv: 'yes', favourite_colour: 'blue' });
    const by = (p: string) => issues.find((i) => i.path.join('.') === p);
    expect(by('num_residual_layer')).toMatchObject({ kind: 'renamed', to: 'num_residual_layers' });
    expect(by('num_residual_layer')!.confidence).toBeLessThan(1);
    expect(by('sampling_rate')).toMatchObject({ kind: 'type-mismatch', coerced: 16000 });
    expect(by('use_causal_conv')).toMatchObject({ kind: 'type-mismatch' });
    expect(by('use_causal_conv')!.coerced).toBeUndefined();
    expect(by('favourite_colour')).toMatchObject({ kind: 'unknown', ignored: true });
  });

  it('finds drift inside a nested sub-config and accepts attribute_map aliases', () => {
    const issues = diffConfig(bark, { semantic_config: { n_layer: 1, num_hidden_layers: 1, hidden_size: 16 }, codec_config: { model_type: 'encodec', n_filters: 4 } });
    expect(issues.map((i) => [i.path.join('.'), i.to ?? null])).toEqual([
      // num_hidden_layers is an alias of num_layers, so n_layer has nothing left to be a rename of.
      ['semantic_config.n_layer', null],
      ['codec_config.n_filters', 'num_filters'],
    ]);
  });

  it('on a strict constructor, a missing required parameter and a rejected key', () => {
    const issues = diffConfig(tiny, { n_layers: 1, dropout: 0.1 });
    expect(issues.map((i) => [i.kind, i.path.join('.'), i.to ?? null, i.ignored ?? null])).toEqual([
      ['renamed', 'n_layers', 'num_layers', false],
      ['unknown', 'dropout', null, false],
      ['missing', 'hidden_size', null, null],
    ]);
  });

  it('scores names by shared tokens and spelling', () => {
    expect(nameSimilarity('n_layer', 'num_layers')).toBe(1);
    expect(nameSimilarity('sample_rate', 'sampling_rate')).toBe(1);
    expect(nameSimilarity('hidden_size', 'codebook_dim')).toBeLessThan(0.5);
  });
});

describe('adapters', () => {
  const config = { n_layers: 1, hidden_size: '8', dropout: 0.1 };

  it('rename, coerce and drop a rejected key, and say what they cannot fix', () => {
    const adapter = buildAdapter(diffConfig(tiny, { n_layers: 1, dropout: 0.1 }), tiny.title!, 'cfg.json');
    expect(adapter.operations.map((o) => o.op)).toEqual(['rename', 'drop']);
    expect(adapter.unresolved[0]).toMatch(/^hidden_size: required/);
    expect(applyAdapter(adapter, { n_layers: 1, dropout: 0.1 })).toEqual({ num_layers: 1 });
  });

  it('never drop a key the code accepts and ignores', () => {
    const adapter = buildAdapter(diffConfig(encodec, { favourite_colour: 'blue', n_filters: 4 }), encodec.title!, 'cfg.json');
    expect(adapter.operations).toEqual([expect.objectContaining({ op: 'rename', path: ['n_filters'], to: 'num_filters' })]);
    expect(applyAdapter(adapter, { favourite_colour: 'blue', n_filters: 4 })).toEqual({ favourite_colour: 'blue', num_filters: 4 });
  });

  it('give the same config from the data, the generated Python and the generated TypeScript', async () => {
    const issues = diffConfig(tiny, config);
    const adapter = buildAdapter(issues, tiny.title!, 'cfg.json');
    const expected = applyAdapter(adapter, config);
    expect(expected).toEqual({ num_layers: 1, hidden_size: 8 });

    const dir = tempDir('adapter-');
    writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify(config));
    writeFileSync(path.join(dir, 'a.py'), pythonAdapter(adapter, 'tiny'));
    const viaPython = JSON.parse(execFileSync(venvs.bare, ['-I', path.join(dir, 'a.py'), path.join(dir, 'cfg.json')], { encoding: 'utf8' })) as unknown;
    expect(viaPython).toEqual(expected);

    const source = typescriptAdapter(adapter, tiny, 'tiny');
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, noUncheckedIndexedAccess: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'] } });
    project.createSourceFile('tiny.adapter.ts', source);
    expect(project.getPreEmitDiagnostics().map((d) => d.getMessageText())).toEqual([]);
    expect(source).toMatch(/export interface TinyTTS \{/);
    expect(source).toMatch(/hidden_size: number;/);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(path.join(dir, 'tiny.adapter.mjs'), js);
    const mod = (await import(pathToFileURL(path.join(dir, 'tiny.adapter.mjs')).href)) as { adaptConfig: (c: object) => object };
    expect(mod.adaptConfig(config)).toEqual(expected);
    expect(config.n_layers).toBe(1); // the input is not changed
  });
});
