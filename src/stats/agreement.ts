/** How far apart two labels on an ordinal scale count in a weighted kappa. */
export type KappaWeights = "none" | "linear" | "quadratic";

export interface Agreement {
  labels: string[];
  /** matrix[i][j]: items the reference (human) put in labels[i] and the rater (judge) in labels[j]. */
  matrix: number[][];
  n: number;
  accuracy: number;
  kappa: number;
  weights: KappaWeights;
}

/**
 * Accuracy, Cohen's kappa (weighted for ordinal scales) and the confusion matrix of a rater against reference
 * labels. `labels` gives the categories in scale order; pairs with a label outside it are an error.
 */
export function agreement(pairs: { reference: string; rater: string }[], labels: string[], weights: KappaWeights = "none"): Agreement {
  const k = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => new Array<number>(k).fill(0));
  for (const { reference, rater } of pairs) {
    const i = index.get(reference);
    const j = index.get(rater);
    if (i === undefined || j === undefined) throw new Error(`label "${i === undefined ? reference : rater}" is not one of ${labels.join(", ")}`);
    matrix[i][j]++;
  }
  const n = pairs.length;
  const w = (i: number, j: number): number => {
    if (weights === "none" || k < 2) return i === j ? 1 : 0;
    const d = Math.abs(i - j) / (k - 1);
    return weights === "linear" ? 1 - d : 1 - d * d;
  };
  const rows = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = labels.map((_, j) => matrix.reduce((a, r) => a + r[j], 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += (w(i, j) * matrix[i][j]) / n;
      expected += (w(i, j) * rows[i] * cols[j]) / (n * n);
    }
  }
  const accuracy = n ? matrix.reduce((a, r, i) => a + r[i], 0) / n : NaN;
  const kappa = expected === 1 ? (observed === 1 ? 1 : 0) : (observed - expected) / (1 - expected);
  return { labels, matrix, n, accuracy, kappa: n ? kappa : NaN, weights };
}
