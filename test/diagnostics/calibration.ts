// Accuracy per confidence band: a 0.9 confidence should be right about nine times in ten.
export interface Band {
  band: string;
  from: number;
  to: number;
  n: number;
  correct: number;
  /** Mean confidence of the band's diagnoses. */
  meanConfidence: number;
}

const EDGES = [0, 0.5, 0.7, 0.8, 0.9, 1.0001];

export function calibration(rows: { confidence: number; correct: boolean }[]): Band[] {
  return EDGES.slice(0, -1).map((from, i) => {
    const to = EDGES[i + 1]!;
    const inBand = rows.filter((r) => r.confidence >= from && r.confidence < to);
    return {
      band: `${from.toFixed(1)}-${Math.min(to, 1).toFixed(1)}`,
      from,
      to,
      n: inBand.length,
      correct: inBand.filter((r) => r.correct).length,
      meanConfidence: inBand.length ? inBand.reduce((s, r) => s + r.confidence, 0) / inBand.length : 0,
    };
  });
}

export function formatCalibration(bands: Band[]): string {
  const rows = bands.map((b) => `  ${b.band.padEnd(8)} ${String(b.n).padStart(4)}  ${b.n ? `${((100 * b.correct) / b.n).toFixed(0).padStart(3)}%` : '   -'}   ${b.n ? b.meanConfidence.toFixed(2) : '-'}`);
  return ['calibration (confidence band, diagnoses, right, mean confidence):', ...rows].join('\n');
}
