import { pooledMean, percentile, DEFAULT_RESAMPLES, type StrataStatistic } from "./bootstrap.js";
import { seededRandom } from "./random.js";
import { binomialSampler, StratumResampler } from "./resample.js";

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
  /** 95% paired-bootstrap interval of the difference. */
  ci95: [number, number];
  /** Two-sided p of the paired sign-flip permutation test. */
  p: number;
  n: number;
}

export const DEFAULT_PERMUTATIONS = 5000;

/**
 * Paired comparison of mean scores. The interval is a paired bootstrap: items are resampled (within each stratum,
 * keeping its size) with both models' scores together. The p-value is a sign-flip permutation test: under the
 * null hypothesis the two models' scores on an item are exchangeable, so each item's difference keeps or flips
 * its sign with probability ½; p = (1 + #{|T*| ≥ |T|}) / (1 + permutations). On a single pass/fail criterion this
 * is McNemar's exact test by simulation, so the two tests agree; a bootstrap "share beyond zero" does not (it is
 * liberal on small samples).
 */
export function pairedBootstrap(
  strata: { a: number[]; b: number[] }[],
  seed: number,
  resamples = DEFAULT_RESAMPLES,
  statistic: StrataStatistic = pooledMean,
  permutations = DEFAULT_PERMUTATIONS,
): PairedDifference {
  const live = strata.filter((s) => s.a.length > 0);
  const diffs = live.map((s) => Float64Array.from(s.a, (x, i) => x - s.b[i]));
  const n = diffs.reduce((t, d) => t + d.length, 0);
  if (n === 0) return { diff: NaN, ci95: [NaN, NaN], p: 1, n: 0 };
  const sizes = Float64Array.from(diffs, (d) => d.length);
  const means = new Float64Array(diffs.length);
  const sum = new Float64Array(1);
  const diff = statistic(Float64Array.from(diffs, (d) => d.reduce((a, b) => a + b, 0) / d.length), sizes);

  const random = seededRandom(seed);
  const draw = binomialSampler(random);
  const samplers = diffs.map((d) => new StratumResampler([d]));
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < samplers.length; k++) {
      samplers[k].sums(random, draw, sum);
      means[k] = sum[0] / sizes[k];
    }
    stats[r] = statistic(means, sizes);
  }
  stats.sort();

  const flippers = diffs.map((d) => new SignFlipper(d));
  let extreme = 0;
  for (let r = 0; r < permutations; r++) {
    for (let k = 0; k < flippers.length; k++) means[k] = flippers[k].sum(random, draw) / sizes[k];
    if (Math.abs(statistic(means, sizes)) >= Math.abs(diff) - 1e-12) extreme++;
  }
  const allZero = diffs.every((d) => d.every((x) => x === 0));
  const p = allZero ? 1 : Math.min(1, (1 + extreme) / (1 + permutations));
  return { diff, ci95: [percentile(stats, 0.025), percentile(stats, 0.975)], p, n };
}

/** Random sign flips of a stratum's differences: per distinct |d|, how many flip is Binomial(count, ½). */
class SignFlipper {
  private readonly magnitudes?: Float64Array;
  private readonly counts?: Float64Array;

  constructor(private readonly d: Float64Array) {
    const counts = new Map<number, number>();
    for (const x of d) {
      if (x === 0) continue;
      counts.set(Math.abs(x), (counts.get(Math.abs(x)) ?? 0) + 1);
      if (counts.size > 64) return;
    }
    this.magnitudes = Float64Array.from(counts.keys());
    this.counts = Float64Array.from(counts.values());
  }

  sum(random: () => number, draw: (n: number, p: number) => number): number {
    let s = 0;
    if (this.magnitudes && this.counts) {
      for (let j = 0; j < this.magnitudes.length; j++) s += this.magnitudes[j] * (this.counts[j] - 2 * draw(this.counts[j], 0.5));
      return s;
    }
    for (let i = 0; i < this.d.length; i++) s += random() < 0.5 ? this.d[i] : -this.d[i];
    return s;
  }
}
