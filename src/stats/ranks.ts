import { DEFAULT_RESAMPLES } from "./bootstrap.js";
import { seededRandom } from "./random.js";

export interface RankInterval {
  model: string;
  rank: number;
  /** 95% interval of the rank over bootstrap replicates: [best, worst]. */
  interval: [number, number];
}

/**
 * Ranks (1 = best) with 95% intervals. Every model's per-item scores are resampled together (the same items
 * drawn for all, within each suite), the models ranked in each replicate, and the 2.5th and 97.5th percentiles
 * of each model's rank kept. Models whose intervals overlap are not told apart.
 */
export function rankIntervals(
  models: { model: string; strata: number[][] }[],
  statistic: (means: number[], sizes: number[]) => number,
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): RankInterval[] {
  const random = seededRandom(seed);
  const point = models.map((m) => statistic(m.strata.map((s) => (s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN)), m.strata.map((s) => s.length)));
  const rankOf = (scores: number[]) => scores.map((s) => 1 + scores.filter((t) => t > s).length);
  const ranks = models.map(() => new Array<number>(resamples));
  const strataCount = models[0]?.strata.length ?? 0;
  for (let r = 0; r < resamples; r++) {
    const draws = Array.from({ length: strataCount }, (_, k) => {
      const len = models[0].strata[k].length;
      return Array.from({ length: len }, () => (random() * len) | 0);
    });
    const scores = models.map((m) =>
      statistic(
        m.strata.map((s, k) => (s.length ? draws[k].reduce((a, i) => a + s[i], 0) / s.length : NaN)),
        m.strata.map((s) => s.length),
      ),
    );
    rankOf(scores).forEach((rank, i) => (ranks[i][r] = rank));
  }
  const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
  const pointRanks = rankOf(point);
  return models.map((m, i) => {
    const sorted = [...ranks[i]].sort((a, b) => a - b);
    return { model: m.model, rank: pointRanks[i], interval: [at(sorted, 0.025), at(sorted, 0.975)] };
  });
}
