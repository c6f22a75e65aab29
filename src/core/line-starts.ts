// Line and column of an offset by binary search over line starts: what the text scanner needs, with
// none of the JSON/YAML parsers that source-position.ts loads (explain stays light).

export interface Position {
  line: number;
  column: number;
}

/** Offsets where each line begins (0 first). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line/column of an offset, by binary search over lineStarts(). */
export function positionFromStarts(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
