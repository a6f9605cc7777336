import { seededRandom } from "./random.js";

export interface Estimate {
  score: number;
  ci95: [number, number];
  n: number;
}

export const DEFAULT_RESAMPLES = 1000;

const mean = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = (sorted.length - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo);
}

/**
 * Percentile bootstrap of a statistic over strata of per-item scores: each replicate resamples items with
 * replacement within each stratum (suite), then applies `statistic` to the resampled strata.
 */
export function stratifiedBootstrap(
  strata: number[][],
  statistic: (strata: ArrayLike<number>[]) => number,
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): Estimate {
  const n = strata.reduce((s, x) => s + x.length, 0);
  const score = statistic(strata);
  if (n === 0) return { score: NaN, ci95: [NaN, NaN], n: 0 };
  const random = seededRandom(seed);
  const replicate = strata.map((s) => new Float64Array(s.length));
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    strata.forEach((s, k) => {
      const r = replicate[k];
      for (let i = 0; i < s.length; i++) r[i] = s[Math.floor(random() * s.length)];
    });
    stats[b] = statistic(replicate);
  }
  stats.sort();
  return { score, ci95: [percentile(stats, 0.025), percentile(stats, 0.975)], n };
}

/** The mean of per-item scores with its 95% bootstrap interval. */
export function bootstrapMean(scores: number[], seed: number, resamples = DEFAULT_RESAMPLES): Estimate {
  return stratifiedBootstrap([scores], ([s]) => mean(s), seed, resamples);
}

/** The item-weighted mean over all strata. */
export function pooledMean(strata: ArrayLike<number>[]): number {
  let s = 0;
  let n = 0;
  for (const x of strata) {
    for (let i = 0; i < x.length; i++) s += x[i];
    n += x.length;
  }
  return n ? s / n : NaN;
}

export { mean };
