// Installed versions, Python and platform hit a known constraint from the version-rule table (before anything is imported).
import pep440 from '@renovatebot/pep440';
import type { Fix, OtherInterpreter } from '../../core/report-types.js';
import type { Check, CheckContext, CheckResult } from '../check.js';
import { advice, command, interpreterPath, pipCommand } from '../fix-helpers.js';
import type { FixTemplate } from '../version-rules/rule.js';
import { VERSION_RULES } from '../version-rules/rules.js';
import { describeWhen, evaluateRules, factsOf, fillTemplate, normalizeName, type RuleMatch } from '../version-rules/evaluate.js';

export const meta = {
  id: 'known-constraint-violated',
  category: 'dependency-conflict',
  severity: 'error',
  title: 'An installed package breaks a known version constraint',
  requires: ['probe', 'otherInterpreters', 'resolution'],
} as const satisfies Check['meta'];

/** Other interpreters on the machine whose version satisfies `spec`, newest first. */
function interpretersFor(spec: string, others: OtherInterpreter[]): OtherInterpreter[] {
  return others
    .filter((o) => !o.error && o.version && pep440.valid(o.version) && pep440.satisfies(o.version, spec))
    .sort((a, b) => pep440.compare(b.version!, a.version!));
}

function interpreterFix(t: Extract<FixTemplate, { python: string }>, ctx: CheckContext, m: RuleMatch): Fix {
  const dir = `.venv-${normalizeName(m.dist.name)}`;
  const found = interpretersFor(t.python, ctx.otherInterpreters)[0];
  if (!found) {
    return advice(t.title, `No interpreter on this machine satisfies Python${t.python}. Install one (e.g. \`pyenv install 3.12\` or \`uv python install 3.12\`), create a venv from it and install ${t.install.join(' ')} there.`);
  }
  const venvPython = `${dir}/bin/python`;
  const point = ctx.interpreterEnvVar ? `, then point the app at it: export ${ctx.interpreterEnvVar}="$PWD/${venvPython}"` : '';
  return advice(
    t.title,
    `Python ${found.version} at ${found.path} satisfies Python${t.python}: "${found.path}" -m venv ${dir} && ${pipCommand(venvPython, ['install', ...t.install])}${point}.`,
  );
}

function fixOf(t: FixTemplate, ctx: CheckContext, m: RuleMatch): Fix {
  const python = ctx.environment.probe?.python.version ?? null;
  const title = fillTemplate(t.title, m, python);
  if ('python' in t) return interpreterFix({ ...t, title }, ctx, m);
  if ('advice' in t) return advice(title, fillTemplate(t.advice, m, python));
  const cmd = pipCommand(interpreterPath(ctx.environment), t.pip.map((a) => fillTemplate(a, m, python)));
  return t.runnable === false ? { ...command(title, cmd), runnable: false } : command(title, cmd);
}

function resultOf(m: RuleMatch, ctx: CheckContext): CheckResult {
  const { rule } = m;
  const probe = ctx.environment.probe!;
  const python = probe.python.version;
  const evidence = [
    { label: 'rule', value: rule.id },
    { label: 'constraint', value: describeWhen(rule) },
    { label: 'package', value: `${m.dist.name}==${m.dist.version}` },
  ];
  if (m.other) evidence.push({ label: 'conflicts with', value: `${m.other.name}==${m.other.version}` });
  if (rule.requiresAnyOf) evidence.push({ label: 'missing', value: `none of ${rule.requiresAnyOf.join(', ')} is installed` });
  if (rule.when.python) evidence.push({ label: 'interpreter', value: `Python ${python}` });
  if (rule.when.system || rule.when.machine) evidence.push({ label: 'platform', value: `${probe.platform.system ?? '?'} ${probe.platform.machine ?? '?'}` });
  evidence.push({ label: 'verified', value: rule.verified });
  for (const url of rule.source) evidence.push({ label: 'source', value: url });
  return {
    title: rule.title,
    message: `${fillTemplate(rule.message, m, python)} (rule ${rule.id}; source: ${rule.source[0]})`,
    severity: rule.severity,
    category: rule.category,
    evidence,
    fixes: rule.fix.map((t) => fixOf(t, ctx, m)),
    key: `${rule.id}:${normalizeName(m.dist.name)}`,
  };
}

export function run(ctx: CheckContext): ReturnType<Check['run']> {
  const probe = ctx.environment.probe;
  if (!probe?.distributions) return [];
  return evaluateRules(VERSION_RULES, factsOf(probe)).map((m) => resultOf(m, ctx));
}

export const check: Check = { meta, run };
