// The JUnit renderer: every fixture validates against Jenkins' junit-10.xsd under xmllint, and stages map to testcases as CI reads them.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/core/report-types.js';
import { stageFindings } from '../../src/diagnostics/stage-findings.js';
import { renderJunit } from '../../src/reporter/junit.js';
import { tempDir } from '../helpers/env.js';
import { emptyReport, HOSTILE, hostileReport, sampleReport } from './fixtures.js';

const XSD = fileURLToPath(new URL('../fixtures/junit/junit.xsd', import.meta.url));

// ---- xmllint: the real validator and XPath engine ----

function xmllint(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('xmllint', args, { encoding: 'utf8' });
  // Missing xmllint must fail the suite, never skip it: a validation that did not run proves nothing.
  if (r.error) throw new Error(`xmllint could not run (${r.error.message}); install it with: apt-get install -y libxml2-utils`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function writeXml(xml: string): string {
  const file = path.join(tempDir('junit-'), 'junit.xml');
  writeFileSync(file, xml);
  return file;
}

function validate(xml: string): { status: number; stderr: string } {
  return xmllint(['--noout', '--schema', XSD, writeXml(xml)]);
}

/** An XPath string() or count() as libxml2 evaluates it: entities decoded by a real parser. */
function xpath(xml: string, expr: string): string {
  const r = xmllint(['--xpath', expr, writeXml(xml)]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\n$/, '');
}

// ---- a small tree of the output: safe because every `<` in it opens a tag once text is escaped ----

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

function decode(s: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return s.replace(/&(#\d+|\w+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : named[e]!));
}

function parse(xml: string): El {
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
  const root: El = { name: '#doc', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([\w-]+)((?:\s+[\w-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const m of body.matchAll(tag)) {
    const top = stack.at(-1)!;
    if (m[5] !== undefined) {
      top.text += decode(m[5]);
    } else if (m[1]) {
      expect(stack.pop()!.name).toBe(m[2]);
    } else {
      const attrs = Object.fromEntries([...m[3]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
      const el: El = { name: m[2]!, attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  expect(stack).toHaveLength(1);
  return root.children.find((c) => c.name === 'testsuites')!;
}

const kids = (el: El, name: string) => el.children.filter((c) => c.name === name);
const kid = (el: El, name: string) => kids(el, name)[0];

function suiteNamed(doc: El, name: string): El {
  const s = kids(doc, 'testsuite').find((x) => x.attrs.name === name);
  expect(s, `testsuite ${name}`).toBeDefined();
  return s!;
}

function testcase(doc: El, suite: string, name: string): El {
  const c = kids(suiteNamed(doc, suite), 'testcase').find((x) => x.attrs.name === name);
  expect(c, `${suite} / ${name}`).toBeDefined();
  return c!;
}

// ---- reports ----

/** The sample run with the stage findings the real diagnostics produce for it (the knowledge base reads each log). */
function diagnosedReport(): Report {
  const r = sampleReport();
  for (const t of r.targets) {
    const environment = r.environments.find((e) => e.id === t.environment)!;
    r.findings.push(...stageFindings([t], { environment, otherInterpreters: r.otherInterpreters, interpreterEnvVar: null, assets: [] }));
  }
  return r;
}

/** Text XML 1.0 cannot carry, text that breaks naive escaping, and text that must survive intact. */
const NASTY = `nul\u0000 bs\u0008 vt\u000b esc\u001b fffe\uFFFE ffff\uFFFF lone\uD800 ]]> end & tab\there\r\nline2 keep\u{1F600}é`;
const NASTY_CLEAN = 'nul bs vt esc fffe ffff lone ]]> end & tab\there\r\nline2 keep\u{1F600}é';

function nastyReport(): Report {
  const r = sampleReport();
  const xtts = r.targets[1]!;
  xtts.id = `xtts ${NASTY}`;
  const failed = xtts.stages.find((s) => s.status === 'failed')!;
  failed.error = { type: NASTY, message: NASTY, traceback: NASTY };
  r.targets[2]!.stages.find((s) => s.status === 'crashed')!.stderrTail = NASTY;
  r.findings[0]!.title = NASTY;
  return r;
}

const signatureFinding = (over: Partial<Finding>): Finding => ({
  ruleId: 'state-dict-size-mismatch',
  category: 'weights-shape-mismatch',
  severity: 'error',
  title: 'The checkpoint was trained with a bigger text vocabulary',
  message: 'gpt.text_embedding.weight is [6681, 1024] in the checkpoint and [6153, 1024] in the model.',
  environment: 'user',
  target: 'xtts-v2',
  stage: 'load-weights',
  evidence: [{ label: 'gpt.text_embedding.weight', value: 'checkpoint [6681, 1024], model [6153, 1024]' }],
  fixes: [{ kind: 'command', title: 'Use the matching config', command: 'huggingface-cli download coqui/XTTS-v2 config.json', runnable: true }],
  fingerprint: 'f00dfeed',
  ...over,
});

// ---- tests ----

describe('the validator', () => {
  it('is installed (the schema tests below need it and must not pass without it)', () => {
    const r = xmllint(['--version']);
    expect(r.status).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/libxml/);
  });

  it('rejects a testcase without a name and accepts the same document with one', () => {
    const doc = (tc: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="s" tests="1" failures="0" errors="0">${tc}</testsuite></testsuites>\n`;
    const bad = validate(doc('<testcase classname="c"/>'));
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/attribute 'name' is required/);
    expect(validate(doc('<testcase classname="c" name="n"/>')).status).toBe(0);
  });

  it('rejects `skipped` on <testsuites>, which is why the renderer counts skips per suite only', () => {
    const bad = validate('<?xml version="1.0"?>\n<testsuites skipped="0"/>\n');
    expect(bad.stderr).toMatch(/attribute 'skipped' is not allowed/);
  });
});

describe('renderJunit validates against junit-10.xsd', () => {
  const fixtures: [string, () => Report][] = [
    ['sample', sampleReport],
    ['sample with stage findings', diagnosedReport],
    ['hostile', hostileReport],
    ['forbidden characters', nastyReport],
    ['empty', emptyReport],
  ];
  for (const [name, make] of fixtures) {
    it(name, () => {
      const r = validate(renderJunit(make()));
      expect(r.stderr).toMatch(/validates/);
      expect(r.status).toBe(0);
    });
  }
});

describe('renderJunit structure', () => {
  it('has one testsuite per target plus one for the findings no stage shows, one testcase per stage', () => {
    const report = sampleReport();
    const doc = parse(renderJunit(report));
    const suites = kids(doc, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['kokoro-af-heart', 'xtts-v2', 'bark-small', 'kokoro [isolated-kokoro]', 'environment']);
    report.targets.forEach((t, i) => {
      const s = suites[i]!;
      expect(s.attrs).toMatchObject({ id: String(i), package: `debug-tts.${t.family}`, hostname: 'dev-box', timestamp: report.run.startedAt, time: (t.process.durationMs / 1000).toFixed(3) });
      const cases = kids(s, 'testcase');
      expect(cases.map((c) => c.attrs.name)).toEqual(t.stages.map((st) => st.name));
      expect(cases.every((c) => c.attrs.classname === `debug-tts.${t.id}`)).toBe(true);
      expect(cases.map((c) => Number(c.attrs.time))).toEqual(t.stages.map((st) => st.durationMs / 1000));
    });
  });

  it('counts in every testsuite and in <testsuites> match the testcases', () => {
    const doc = parse(renderJunit(diagnosedReport()));
    const total = { tests: 0, failures: 0, errors: 0 };
    for (const s of kids(doc, 'testsuite')) {
      const cases = kids(s, 'testcase');
      const n = (tag: string) => cases.filter((c) => kid(c, tag)).length;
      const counts = { tests: cases.length, failures: n('failure'), errors: n('error'), skipped: n('skipped') };
      expect(s.attrs, s.attrs.name).toMatchObject(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)])));
      total.tests += counts.tests;
      total.failures += counts.failures;
      total.errors += counts.errors;
    }
    expect(doc.attrs).toMatchObject({ name: 'debug-tts', tests: String(total.tests), failures: String(total.failures), errors: String(total.errors), time: '4.219' });
    expect(total).toEqual({ tests: 36, failures: 3, errors: 1 });
  });

  it('turns a failed stage a signature recognised into <failure> typed with the signature id', () => {
    const report = diagnosedReport();
    const finding = report.findings.find((f) => f.target === 'xtts-v2' && f.stage === 'load-weights')!;
    expect(finding.evidence.find((e) => e.label === 'signature')?.value).toMatch(/^state-dict-keys-mismatch /);
    const c = testcase(parse(renderJunit(report)), 'xtts-v2', 'load-weights');
    const failure = kid(c, 'failure')!;
    expect(failure.attrs).toEqual({ message: finding.title, type: 'state-dict-keys-mismatch' });
    expect(failure.text).toContain(finding.message);
    expect(failure.text).toContain('- signature: state-dict-keys-mismatch (');
    expect(kid(c, 'error')).toBeUndefined();
    expect(kid(c, 'system-out')!.text).toContain('dtts_common.StateDictMismatch: Missing key(s) in state_dict');
    expect(kid(c, 'system-out')!.text).toContain('"missingCount": 60');
  });

  it('types <failure> with the ruleId of a finding a signature produced itself, with its evidence and fixes', () => {
    const report = sampleReport();
    report.findings.push(signatureFinding({}));
    const failure = kid(testcase(parse(renderJunit(report)), 'xtts-v2', 'load-weights'), 'failure')!;
    expect(failure.attrs).toEqual({ message: 'The checkpoint was trained with a bigger text vocabulary', type: 'state-dict-size-mismatch' });
    expect(failure.text).toContain('- gpt.text_embedding.weight: checkpoint [6681, 1024], model [6153, 1024]');
    expect(failure.text).toContain('- Use the matching config: huggingface-cli download coqui/XTTS-v2 config.json');
  });

  it('makes a failed stage nothing recognised an <error> typed with the exception', () => {
    const unexplained = sampleReport();
    const c = testcase(parse(renderJunit(unexplained)), 'xtts-v2', 'load-weights');
    expect(kid(c, 'failure')).toBeUndefined();
    expect(kid(c, 'error')!.attrs.type).toBe('dtts_common.StateDictMismatch');

    const unknown = diagnosedReport();
    const f = unknown.findings.find((x) => x.target === 'xtts-v2')!;
    f.evidence = f.evidence.filter((e) => e.label !== 'signature');
    const e = kid(testcase(parse(renderJunit(unknown)), 'xtts-v2', 'load-weights'), 'error')!;
    expect(e.attrs).toEqual({ message: f.title, type: 'dtts_common.StateDictMismatch' });
  });

  it('makes the SIGSEGV crash an <error> typed crashed, even when a signature claims it, with the stderr tail in system-err', () => {
    const report = diagnosedReport();
    report.findings.push(signatureFinding({ ruleId: 'native-symbol-mismatch', title: 'torch and encodec were built against different ABIs', target: 'bark-small', stage: 'construct-minimal' }));
    const c = testcase(parse(renderJunit(report)), 'bark-small', 'construct-minimal');
    expect(kid(c, 'failure')).toBeUndefined();
    expect(kid(c, 'error')!.attrs).toEqual({ message: 'bark-small: torch crashed the process with SIGSEGV (stage construct-minimal crashed)', type: 'crashed' });
    expect(kid(c, 'error')!.text).toContain('torch and encodec were built against different ABIs');
    expect(kid(c, 'system-out')!.text).toBe('signal: SIGSEGV');
    expect(kid(c, 'system-err')!.text).toMatch(/^Fatal Python error: Segmentation fault\n/);
  });

  it('gives skipped stages their reason and passed stages no result element', () => {
    const doc = parse(renderJunit(sampleReport()));
    expect(kid(testcase(doc, 'bark-small', 'load-weights'), 'skipped')!.attrs).toEqual({ message: 'not run: the process died in construct-minimal' });
    expect(kid(testcase(doc, 'xtts-v2', 'synthesize'), 'skipped')!.attrs).toEqual({ message: 'skipped because load-weights failed' });
    const passed = testcase(doc, 'kokoro-af-heart', 'synthesize');
    expect(passed.children.map((c) => c.name)).toEqual(['system-out']);
    expect(kid(passed, 'system-out')!.text).toContain('"sampleRate": 24000');
  });

  it('puts findings no stage shows in the environment suite: errors fail, warnings and info pass', () => {
    const report = sampleReport();
    report.findings.push(signatureFinding({ ruleId: 'voice-file-missing', title: 'af_bella.pt is not in voices/', stage: undefined, target: 'kokoro-af-heart' }));
    const env = suiteNamed(parse(renderJunit(report)), 'environment');
    const cases = kids(env, 'testcase');
    expect(cases.map((c) => [c.attrs.classname, c.attrs.name])).toEqual([
      ['debug-tts.environment', 'espeak-library-missing (user)'],
      ['debug-tts.environment', 'torch-import-failed (isolated-kokoro)'],
      ['debug-tts.environment', 'distribution-shadowed (user)'],
      ['debug-tts.environment', 'hub-offline-set (user)'],
      ['debug-tts.kokoro-af-heart', 'voice-file-missing (kokoro-af-heart in user)'],
    ]);
    expect(env.attrs).toMatchObject({ tests: '5', failures: '2', errors: '0', skipped: '0', package: 'debug-tts.environment', id: '4' });
    expect(kid(cases[1]!, 'failure')!.attrs).toEqual({ message: 'torch cannot be imported', type: 'torch-import-failed' });
    expect(kid(cases[4]!, 'failure')!.attrs.type).toBe('voice-file-missing');
    expect(cases[0]!.children.map((c) => c.name)).toEqual(['system-out']);
    expect(kid(cases[0]!, 'system-out')!.text).toMatch(/^warning: espeak-ng is missing for an installed phonemizer\n\nkokoro, misaki/);
  });

  it('writes a valid, empty <testsuites/> for a report with nothing in it', () => {
    const xml = renderJunit(emptyReport());
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="debug-tts" tests="0" failures="0" errors="0" time="0.000"/>\n');
  });

  it('is deterministic', () => {
    const r = diagnosedReport();
    expect(renderJunit(r)).toBe(renderJunit(r));
    expect(renderJunit(diagnosedReport())).toBe(renderJunit(r));
  });
});

describe('renderJunit escaping', () => {
  it('escapes hostile text everywhere it lands, and a real parser reads it back unchanged', () => {
    const report = hostileReport();
    const xml = renderJunit(report);
    expect(xml).not.toMatch(/<script|<img|<\/script/);
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).toContain('name="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"');
    expect(xml).toContain('package="debug-tts.&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(xml).not.toContain('<![CDATA[');
    expect(xpath(xml, 'string(/testsuites/testsuite[1]/@name)')).toBe(HOSTILE.img);
    expect(xpath(xml, 'string(/testsuites/testsuite[2]/testcase[@name="load-weights"]/error/@type)')).toBe(HOSTILE.script);
    expect(xpath(xml, 'string(/testsuites/testsuite[@name="environment"]/testcase[1]/system-out)')).toContain(`echo ${HOSTILE.script} ${HOSTILE.img} ${HOSTILE.attr}`);
    expect(xpath(xml, 'count(//script)')).toBe('0');
  });

  it('drops characters XML 1.0 forbids and keeps the rest, ]]> and line breaks included', () => {
    const xml = renderJunit(nastyReport());
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(xml).toContain(']]&gt; end &amp; tab');
    expect(xml).toContain('keep\u{1F600}é');
    // Newlines, tabs and CR in attributes are character references, so a parser keeps them.
    expect(xpath(xml, 'string(/testsuites/testsuite[2]/@name)')).toBe(`xtts ${NASTY_CLEAN}`);
    expect(xpath(xml, 'string(/testsuites/testsuite[2]/testcase[@name="load-weights"]/error/@type)')).toBe(NASTY_CLEAN);
    expect(xpath(xml, 'string(/testsuites/testsuite[3]/testcase[@name="construct-minimal"]/system-err)')).toBe(NASTY_CLEAN);
    expect(xpath(xml, 'string(/testsuites/testsuite[@name="environment"]/testcase[1]/system-out)')).toContain(`warning: ${NASTY_CLEAN}\n`);
  });
});
