// Runs every signature over one log and ranks what matched: the offline engine behind `debug-tts explain`.
import type { Category, Evidence, Fix, Severity, UnitError } from '../core/report-types.js';
import { SIGNATURES } from './registry.js';
import { GENERIC_SIGNATURES } from './generic-rules.js';
import { bestGuess, whatItSaw, type Guess } from './best-guess.js';
import type { Signature, SignatureInput, SignatureMatch } from './signature.js';
import { advice, python, quotedPython } from './fix-kit.js';
import { raisingFrame } from './frames.js';

export interface Alternative {
  category: Category;
  ruleId: string;
  confidence: number;
}

export interface Diagnosis {
  category: Category;
  /** The winning signature's id; null when nothing matched. */
  ruleId: string | null;
  severity: Severity;
  title: string;
  confidence: number;
  evidence: Evidence[];
  fixes: Fix[];
  /** The other signatures that matched, best first. */
  alternatives: Alternative[];
  /** Signatures that threw: recorded, never fatal. */
  unitErrors: UnitError[];
}

interface Candidate {
  signature: Signature;
  match: SignatureMatch;
  category: Category;
  confidence: number;
}

const MAX_ALTERNATIVES = 5;
const ERROR_LINE = /\b\w*(?:Error|Exception)\b/;

function unitError(signature: Signature, verb: string, err: unknown): UnitError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { unit: `signature:${signature.meta.id}`, message: `${verb}: ${e.message}`, ...(e.stack ? { stack: e.stack } : {}) };
}

const round = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;

/** Confidence first; on a tie a specific category beats `other`, an error beats a warning, then the id. */
function rank(a: Candidate, b: Candidate): number {
  return (
    b.confidence - a.confidence ||
    Number(a.category === 'other') - Number(b.category === 'other') ||
    Number(a.signature.meta.severity !== 'error') - Number(b.signature.meta.severity !== 'error') ||
    a.signature.meta.id.localeCompare(b.signature.meta.id)
  );
}

/** The last line that looks like an exception: what a person would read first when nothing matched. */
function lastErrorLine(text: string): Evidence[] {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.trim();
    if (ERROR_LINE.test(l)) return [{ label: `line ${i + 1}`, value: l.length > 300 ? `${l.slice(0, 299)}…` : l }];
  }
  return [];
}

const NEXT_STEP: Fix = { kind: 'advice', title: 'Diagnose the environment itself', text: 'Run `debug-tts` (the run command) against the interpreter the app uses: it probes packages, assets and a staged model load instead of reading a log.', runnable: false };

/** The stage name of a clean env's build: pip's output, where an unrecognised failure is a resolve that cannot be satisfied. */
export const ENV_BUILD_STAGE = 'isolated-env-build';

/**
 * A staged load's failure that no rule knows: debug-tts already ran the load, so the next step is
 * the exact line that raised (the innermost frame outside its runner), or how to rerun the load
 * with the stack printed.
 */
function stageNextStep(input: SignatureInput): Fix {
  const frame = raisingFrame(input.text);
  const what = input.exceptionType ?? 'the error';
  if (frame) {
    return advice(`Start at ${frame.file}:${frame.line} (in ${frame.fn}), where ${what} is raised`, `No known signature matches it. The innermost frame outside debug-tts is ${frame.file} line ${frame.line}, in ${frame.fn}: read what it checks there, and which argument, file or version it got from the model's config or the installed packages.`);
  }
  return advice(`Rerun the load by hand with ${python(input)} -X faulthandler`, `No known signature matches it, and the stage left no traceback outside debug-tts's runner. Run the same import and load with \`${quotedPython(input)} -X faulthandler -X dev\`: faulthandler prints the stack on a crash or hang, -X dev the warnings that precede it.`);
}

function nextStep(input: SignatureInput): Fix {
  return input.stage && input.stage !== ENV_BUILD_STAGE ? stageNextStep(input) : NEXT_STEP;
}

const asAlternative = (g: Guess): Alternative => ({ category: g.category, ruleId: `guess-${g.category}`, confidence: round(g.confidence) });

/** Layer 3: no rule matched. A guess from the exception and the words, or `other` with what it saw. */
function unmatched(input: SignatureInput, unitErrors: UnitError[]): Diagnosis {
  const { guess, alternatives } = bestGuess(input.text);
  const saw = whatItSaw(input.text);
  const evidence = saw.length ? saw : lastErrorLine(input.text);
  const alts = alternatives.filter((a) => a.category !== (guess?.category ?? 'other')).slice(0, MAX_ALTERNATIVES).map(asAlternative);
  if (guess) {
    return {
      category: guess.category,
      ruleId: null,
      severity: 'error',
      title: `Best guess: ${guess.category} (${guess.why}); no known signature matched`,
      confidence: round(guess.confidence),
      evidence,
      fixes: [nextStep(input)],
      alternatives: alts.length ? alts : [{ category: 'other', ruleId: 'guess-other', confidence: 0.1 }],
      unitErrors,
    };
  }
  const fromPip = input.stage === ENV_BUILD_STAGE;
  return {
    category: fromPip ? 'dependency-conflict' : 'other',
    ruleId: null,
    severity: 'error',
    title: fromPip ? 'pip could not build the env, in words no signature knows' : 'No known failure signature matched this log',
    confidence: 0,
    evidence: evidence.length ? evidence : [{ label: 'log', value: input.text.trim().split('\n').slice(-1)[0]!.slice(0, 300) || '(empty)' }],
    fixes: [nextStep(input)],
    // Never empty: the words' runner-up, else the commonest cause of a load failure, at almost no confidence.
    alternatives: alts.length ? alts : [{ category: 'missing-package', ruleId: 'guess-missing-package', confidence: 0.05 }],
    unitErrors,
  };
}

/**
 * Three layers: the specific signatures (one project's wording, highest confidence), the generic
 * rules (the shape of a failure: exception, message form, file or package involved), and a best
 * guess with its runner-ups. All matching rules of the first two compete on confidence.
 */
export function classify(input: SignatureInput, signatures: readonly Signature[] = [...SIGNATURES, ...GENERIC_SIGNATURES]): Diagnosis {
  const unitErrors: UnitError[] = [];
  const candidates: Candidate[] = [];
  for (const signature of signatures) {
    try {
      const match = signature.match(input);
      if (match) candidates.push({ signature, match, category: match.category ?? signature.meta.category, confidence: round(match.confidence) });
    } catch (err) {
      unitErrors.push(unitError(signature, 'match', err));
    }
  }
  candidates.sort(rank);
  const best = candidates[0];
  if (!best) return unmatched(input, unitErrors);
  let fixes: Fix[] = [];
  try {
    fixes = best.signature.fixes(best.match, input);
  } catch (err) {
    unitErrors.push(unitError(best.signature, 'fixes', err));
  }
  return {
    category: best.category,
    ruleId: best.signature.meta.id,
    severity: best.signature.meta.severity,
    title: best.match.title ?? best.signature.meta.title,
    confidence: best.confidence,
    evidence: best.match.evidence,
    fixes,
    alternatives: alternativesFor(best, candidates, input),
    unitErrors,
  };
}

/** Other categories that matched, best first; when unsure and nothing else matched, the guess layer's. */
function alternativesFor(best: Candidate, candidates: Candidate[], input: SignatureInput): Alternative[] {
  const out: Alternative[] = [];
  for (const c of candidates.slice(1)) {
    if (out.length >= MAX_ALTERNATIVES) break;
    if (c.category === best.category && c.signature.meta.id === best.signature.meta.id) continue;
    out.push({ category: c.category, ruleId: c.signature.meta.id, confidence: c.confidence });
  }
  if (best.confidence < 0.9 && !out.some((a) => a.category !== best.category)) {
    const { guess, alternatives } = bestGuess(input.text);
    const other = [guess, ...alternatives].filter((g): g is Guess => g !== null && g.category !== best.category);
    out.push(...other.slice(0, 2).map((g) => ({ ...asAlternative(g), confidence: round(Math.min(g.confidence, best.confidence / 2)) })));
    if (!out.length) out.push({ category: 'other', ruleId: 'guess-other', confidence: round((1 - best.confidence) / 2) });
  }
  return out;
}
