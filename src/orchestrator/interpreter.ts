// Chooses the interpreter under test exactly as the user's app would, and says why.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { InterpreterResolution, ResolutionRule, ResolutionStep } from '../core/report-types.js';
import { which } from './which.js';

export interface ResolutionInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flag?: string | undefined;
  /** config `python`, already resolved against the config file's folder when it is a path. */
  configPython?: string | undefined;
  /** `origin`: where the variable came from when not from the config (the app scan), said in the explanation. */
  interpreterEnv?: { name: string; default: string; origin?: string | undefined } | undefined;
}

const VENV_BIN = process.platform === 'win32' ? path.join('Scripts', 'python.exe') : path.join('bin', 'python');

interface Candidate {
  rule: ResolutionRule;
  source: string;
  value: string | null;
  /** Set when the rule names a file that is not there (the rule then yields nothing). */
  missing?: boolean;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name];
  return v && v.trim() ? v : null;
}

function venvCandidate(rule: ResolutionRule, source: string, dir: string | null): Candidate {
  if (!dir) return { rule, source, value: null };
  const python = path.join(dir, VENV_BIN);
  return { rule, source, value: python, missing: !existsSync(python) };
}

function candidates(input: ResolutionInput): Candidate[] {
  const { env, interpreterEnv } = input;
  const list: Candidate[] = [
    { rule: 'flag', source: '--python', value: input.flag ?? null },
    { rule: 'config', source: 'config "python"', value: input.configPython ?? null },
    { rule: 'DEBUG_TTS_PYTHON', source: 'DEBUG_TTS_PYTHON', value: envValue(env, 'DEBUG_TTS_PYTHON') },
  ];
  if (interpreterEnv) {
    list.push({ rule: 'app-env', source: interpreterEnv.name, value: envValue(env, interpreterEnv.name) });
    list.push({ rule: 'app-default', source: `the app's default when ${interpreterEnv.name} is unset`, value: interpreterEnv.default });
  }
  const venv = envValue(env, 'VIRTUAL_ENV');
  list.push(venvCandidate('VIRTUAL_ENV', 'VIRTUAL_ENV', venv));
  const projectVenv = path.join(input.cwd, '.venv');
  list.push(venvCandidate('project-venv', './.venv', existsSync(projectVenv) ? projectVenv : null));
  list.push({ rule: 'path', source: 'python3 on PATH', value: 'python3' });
  return list;
}

function describeSource(step: ResolutionStep): string {
  if (step.rule === 'app-env' || step.rule === 'DEBUG_TTS_PYTHON' || step.rule === 'VIRTUAL_ENV') {
    return step.value ? `${step.source}=${step.value}` : `${step.source} is unset`;
  }
  return step.source;
}

function explain(chosen: ResolutionStep, steps: ResolutionStep[], commandPath: string | null, origin: string | undefined): string {
  const where = commandPath && commandPath !== chosen.value ? ` (${commandPath})` : '';
  let because: string;
  if (chosen.rule === 'app-default') {
    const appEnv = steps.find((s) => s.rule === 'app-env');
    because = `because ${appEnv?.source ?? 'the app variable'} is unset`;
  } else if (chosen.rule === 'path') {
    because = 'because no earlier rule named an interpreter';
  } else {
    because = `from ${describeSource(chosen)}`;
  }
  const ignored = steps.filter((s) => s.outcome === 'shadowed' && s.rule !== 'path').map(describeSource);
  const tailNote = ignored.length ? `; not used: ${ignored.join(', ')}` : '';
  const from = origin && (chosen.rule === 'app-env' || chosen.rule === 'app-default') ? ` ${origin}` : '';
  return `The app runs ${chosen.value}${where} ${because}${tailNote}.${from}`;
}

export function resolveInterpreter(input: ResolutionInput): InterpreterResolution {
  let chosen: ResolutionStep | undefined;
  const steps: ResolutionStep[] = candidates(input).map((c) => {
    let outcome: ResolutionStep['outcome'];
    if (c.value === null) outcome = 'not-set';
    else if (c.missing) outcome = 'not-found';
    else outcome = chosen ? 'shadowed' : 'chosen';
    const step: ResolutionStep = { rule: c.rule, source: c.source, value: c.value, outcome };
    if (outcome === 'chosen') chosen = step;
    return step;
  });
  // The PATH rule always yields `python3`, so something is always chosen.
  const picked = chosen ?? steps[steps.length - 1]!;
  const requested = picked.value ?? 'python3';
  const commandPath = which(requested, input.cwd, input.env.PATH);
  return {
    rule: picked.rule,
    requested,
    commandPath,
    steps,
    explanation: explain(picked, steps, commandPath, input.interpreterEnv?.origin),
  };
}
