// Which rule explains a finding: a check's id, or for a failed stage the signature that recognised its log.
import type { Finding } from './report-types.js';

/**
 * Stage findings are all `stage-failed`; when the knowledge base recognised the log they carry a
 * `signature` evidence line that starts with its id. Null for a stage failure nothing recognised.
 */
export function signatureId(f: Finding): string | null {
  if (f.ruleId !== 'stage-failed') return f.ruleId;
  const line = f.evidence.find((e) => e.label === 'signature')?.value ?? '';
  return /^[a-z0-9]+(?:-[a-z0-9]+)*/.exec(line)?.[0] ?? null;
}
