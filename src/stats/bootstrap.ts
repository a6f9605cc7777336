import { seededRandom } from "./random.js";
import { binomialSampler, StratumResampler } from "./resample.js";

export interface Estimate {
  score: number;
  ci95: [number, number];
  n: number;
}

export const DEFAULT_RESAMPLES = 1000;

/** A statistic of strata given each stratum's mean and size. */
export type StrataStatistic = (means: ArrayLike<number>, sizes: ArrayLike<number>) => number;

export function percentile(sorted: Float64Array, p: number): number {
  const idx = (sorted.length - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo);
}

/** The item-weighted mean over all strata. */
export const pooledMean: StrataStatistic = (means, sizes) => {
  let s = 0;
  let n = 0;
  for (let k = 0; k < means.length; k++) {
    s += means[k] * sizes[k];
    n += sizes[k];
  }
  return n ? s / n : NaN;
};

const meanOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Percentile bootstrap over strata of per-item scores: each replicate resamples items with replacement
 * within each stratum (suite), keeping its size, and applies `statistic` to the strata's resampled means.
 * Seeded, so the same data and seed give the same interval.
 */
export function stratifiedBootstrap(
  strata: number[][],
  statistic: StrataStatistic,
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): Estimate {
  const live = strata.filter((s) => s.length > 0);
  const n = live.reduce((s, x) => s + x.length, 0);
  if (n === 0) return { score: NaN, ci95: [NaN, NaN], n: 0 };
  const sizes = Float64Array.from(live, (s) => s.length);
  const score = statistic(Float64Array.from(live, meanOf), sizes);
  const random = seededRandom(seed);
  const draw = binomialSampler(random);
  const means = new Float64Array(live.length);
  const stats = new Float64Array(resamples);
  const samplers = live.map((s) => new StratumResampler([Float64Array.from(s)]));
  const sum = new Float64Array(1);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < samplers.length; k++) {
      samplers[k].sums(random, draw, sum);
      means[k] = sum[0] / samplers[k].n;
    }
    stats[b] = statistic(means, sizes);
  }
  stats.sort();
  return { score, ci95: [percentile(stats, 0.025), percentile(stats, 0.975)], n };
}

/** The mean of per-item scores with its 95% bootstrap interval. */
export function bootstrapMean(scores: number[], seed: number, resamples = DEFAULT_RESAMPLES): Estimate {
  return stratifiedBootstrap([scores], pooledMean, seed, resamples);
}
