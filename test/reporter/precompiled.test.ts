// What `npm run build` precompiles (scripts/precompile.mjs) must behave exactly as what a run would
// compile itself: the same page for the same report, the same verdicts and errors for the same data,
// and nothing precompiled is used once its sources changed. Reads the built dist/, as the CLI does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import type * as HtmlModule from '../../src/reporter/html.js';
import type * as SchemasModule from '../../src/core/schemas.js';
import { emptyReport, hostileReport, sampleReport } from './fixtures.js';
import { crashedTarget, passingTarget, weightsMismatchTarget } from './target-fixtures.js';

const dist = (rel: string) => path.join(PACKAGE_ROOT, 'dist', rel);
const html = (await import(dist('reporter/html.js'))) as typeof HtmlModule;
const schemas = (await import(dist('core/schemas.js'))) as typeof SchemasModule;

const reports = {
  sample: sampleReport(),
  hostile: hostileReport(),
  empty: emptyReport(),
  targets: { ...sampleReport(), targets: [passingTarget(), weightsMismatchTarget(), crashedTarget()] },
};

describe('precompiled templates', () => {
  const src = html.templateSources();
  const pre = html.precompiledRenderer(src);
  const compiled = html.compiledRenderer(src);

  it('the build precompiled the templates on disk', () => {
    expect(pre).not.toBeNull();
  });

  for (const [name, report] of Object.entries(reports)) {
    it(`render the ${name} report exactly as the templates compiled at run time`, async () => {
      const { toPageView } = await import(dist('reporter/html-view.js'));
      const view = { ...toPageView(report), comparison: null };
      const page = pre!(view);
      expect(page.length).toBeGreaterThan(1000);
      expect(page).toBe(compiled(view));
    });
  }

  it('are not used once a template differs from what the build saw', () => {
    const edited = { ...src, page: `${src.page}<!-- edited -->` };
    expect(html.precompiledRenderer(edited)).toBeNull();
    const partials = src.partials.map(([n, t], i): [string, string] => [n, i === 0 ? `${t} ` : t]);
    expect(html.precompiledRenderer({ ...src, partials })).toBeNull();
  });
});

describe('precompiled validators', () => {
  it('the build generated one per schema, from the schemas on disk', () => {
    const index = JSON.parse(readFileSync(dist('generated/validators.json'), 'utf8')) as { digest: string; files: Record<string, string> };
    expect(index.digest).toBe(schemas.schemasDigest());
    for (const id of Object.values(schemas.SCHEMA_IDS)) expect(index.files[id], id).toMatch(/^validators\/v\d+\.cjs$/);
    expect(schemas.usesPrecompiledValidators()).toBe(true);
  });

  it('give the verdicts and errors of validators compiled at run time', () => {
    const runtime = schemas.loadSchemas();
    const cases: [string, unknown][] = [
      [schemas.SCHEMA_IDS.report, sampleReport()],
      [schemas.SCHEMA_IDS.report, hostileReport()],
      [schemas.SCHEMA_IDS.report, { ...sampleReport(), reportVersion: 7, extra: true }],
      [schemas.SCHEMA_IDS.config, { python: '.venv/bin/python', targets: [{ id: 'a', family: 'piper' }] }],
      [schemas.SCHEMA_IDS.config, { python: 3, targets: [{ id: '', family: 'piper', modelDri: 'x' }], nope: 1 }],
      [schemas.SCHEMA_IDS.vitsConfig, { model_type: 'vits', hidden_size: '192', layer_norm_eps: 'x' }],
    ];
    let invalid = 0;
    for (const [id, data] of cases) {
      const pre = schemas.validator(id);
      const rt = runtime.getSchema(id)!;
      const ok = pre(data);
      expect(ok, id).toBe(rt(data));
      expect(pre.errors ?? null).toEqual(rt.errors ?? null);
      if (!ok) invalid++;
    }
    expect(invalid).toBeGreaterThanOrEqual(3);
  });

  it('a schema text differing from the build gives another digest', () => {
    const texts = schemas.schemaFiles().map((f): [string, string] => [f, readFileSync(path.join(PACKAGE_ROOT, 'schemas', f), 'utf8')]);
    expect(schemas.schemasDigest(texts)).toBe(schemas.schemasDigest());
    texts[0]![1] += ' ';
    expect(schemas.schemasDigest(texts)).not.toBe(schemas.schemasDigest());
  });
});
