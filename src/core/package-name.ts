// PyPI names, pure and dependency-free: the classifier and the gate use it without loading a PEP 440 parser.

/** PEP 503: case-insensitive, runs of `-`, `_`, `.` are one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
