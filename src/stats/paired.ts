import { pooledMean, stratifiedBootstrap, DEFAULT_RESAMPLES, type StrataStatistic } from "./bootstrap.js";
import { seededRandom } from "./random.js";

/** log C(n, k), exact enough for the binomial tails used here (n up to millions). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/**
 * McNemar's exact test on paired pass/fail outcomes: `b` items only the first model passed, `c` only the
 * second. Two-sided p = 2 · P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), capped at 1.
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/** Holm's step-down adjustment: adjusted p-values in the input order, monotone, capped at 1. */
export function holm(pvalues: number[]): number[] {
  const order = pvalues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(pvalues.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (pvalues.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

export interface PairedDifference {
  /** Mean of the first minus mean of the second over the paired items. */
  diff: number;
  ci95: [number, number];
  p: number;
  n: number;
}

/**
 * Paired bootstrap of the difference in mean score: items are resampled (within each stratum, keeping its
 * size) with both models' scores together. The two-sided p-value is twice the share of replicates on the far
 * side of zero (at least 1/resamples, so it is never reported as exactly 0).
 */
export function pairedBootstrap(
  strata: { a: number[]; b: number[] }[],
  seed: number,
  resamples = DEFAULT_RESAMPLES,
  statistic: StrataStatistic = pooledMean,
): PairedDifference {
  const diffs = strata.map((s) => s.a.map((x, i) => x - s.b[i]));
  const est = stratifiedBootstrap(diffs, statistic, seed, resamples);
  if (est.n === 0) return { diff: NaN, ci95: [NaN, NaN], p: 1, n: 0 };
  const random = seededRandom(seed ^ 0x5bd1e995);
  let below = 0;
  let above = 0;
  const live = diffs.filter((d) => d.length > 0);
  const means = new Float64Array(live.length);
  const sizes = Float64Array.from(live, (d) => d.length);
  for (let r = 0; r < resamples; r++) {
    live.forEach((d, k) => {
      let sum = 0;
      for (let i = 0; i < d.length; i++) sum += d[(random() * d.length) | 0];
      means[k] = sum / d.length;
    });
    const m = statistic(means, sizes);
    if (m <= 0) below++;
    if (m >= 0) above++;
  }
  const allZero = live.every((d) => d.every((x) => x === 0));
  const p = allZero ? 1 : Math.min(1, Math.max(2 * Math.min(below, above), 1) / resamples);
  return { diff: est.score, ci95: est.ci95, p, n: est.n };
}
