import type { CriterionId, Profile } from "../criteria/schema.js";
import type { ItemResult } from "../run/types.js";
import { DEFAULT_RESAMPLES } from "./bootstrap.js";
import { seededRandom } from "./random.js";
import { meanByItem } from "./per-item.js";
import { profileWeighted } from "./weighted.js";
import { binomialSampler, StratumResampler } from "./resample.js";

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
  const draw = binomialSampler(random);
  const point = models.map((m) => statistic(m.strata.map((s) => (s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN)), m.strata.map((s) => s.length)));
  const rankOf = (scores: number[]) => scores.map((s) => 1 + scores.filter((t) => t > s).length);
  const ranks = models.map(() => new Array<number>(resamples));
  const strataCount = models[0]?.strata.length ?? 0;
  const sizes = Array.from({ length: strataCount }, (_, k) => models[0].strata[k].length);
  // Each stratum's items carry one score per model; a replicate draws items, so all models move together.
  const samplers = sizes.map((_, k) => new StratumResampler(models.map((m) => Float64Array.from(m.strata[k]))));
  const sums = sizes.map(() => new Float64Array(models.length));
  const means = models.map(() => new Array<number>(strataCount));
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < strataCount; k++) {
      samplers[k].sums(random, draw, sums[k]);
      for (let i = 0; i < models.length; i++) means[i][k] = sizes[k] ? sums[k][i] / sizes[k] : NaN;
    }
    rankOf(means.map((m) => statistic(m, sizes))).forEach((rank, i) => (ranks[i][r] = rank));
  }
  const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
  const pointRanks = rankOf(point);
  return models.map((m, i) => {
    const sorted = [...ranks[i]].sort((a, b) => a - b);
    return { model: m.model, rank: pointRanks[i], interval: [at(sorted, 0.025), at(sorted, 0.975)] };
  });
}

/**
 * Ranks by the profile's weighted overall score with 95% intervals, for entries (models, possibly from several
 * runs) over the same suites: each entry is scored on the items every entry answered without error, so all are
 * ranked on the same items.
 */
export function rankByProfile(
  entries: { name: string; results: ItemResult[] }[],
  suites: { id: string; criterion: CriterionId }[],
  profile: Profile,
  seed: number,
): RankInterval[] {
  const weighted = suites.filter((s) => (profile.criteria[s.criterion]?.weight ?? 0) > 0);
  const perEntry = entries.map(() => [] as number[][]);
  for (const s of weighted) {
    const scored = entries.map((e) => meanByItem(e.results.filter((r) => r.suite === s.id)));
    const shared = [...(scored[0]?.keys() ?? [])].filter((id) => scored.every((b) => b.has(id))).sort();
    scored.forEach((byId, i) => perEntry[i].push(shared.map((id) => byId.get(id)!)));
  }
  const statistic = profileWeighted(profile, weighted.map((s) => s.criterion));
  return rankIntervals(entries.map((e, i) => ({ model: e.name, strata: perEntry[i] })), statistic, seed);
}
