import type { CriterionId, Profile } from "../criteria/schema.js";
import type { StrataStatistic } from "./bootstrap.js";

/**
 * The profile's overall score as a statistic of strata (suites): each criterion's item-weighted mean over its
 * strata, then the mean of those weighted by the profile. `criterionOf[k]` is stratum k's criterion; empty
 * strata, and criteria with no items, count for nothing.
 */
export function profileWeighted(profile: Profile, criterionOf: CriterionId[]): StrataStatistic {
  const ids = [...new Set(criterionOf)];
  const slot = criterionOf.map((c) => ids.indexOf(c));
  const weight = ids.map((c) => profile.criteria[c]?.weight ?? 0);
  const sums = new Float64Array(ids.length);
  const sizes = new Float64Array(ids.length);
  return (means, n) => {
    sums.fill(0);
    sizes.fill(0);
    for (let k = 0; k < slot.length; k++) {
      if (!n[k]) continue;
      sums[slot[k]] += means[k] * n[k];
      sizes[slot[k]] += n[k];
    }
    let total = 0;
    let weights = 0;
    for (let j = 0; j < ids.length; j++) {
      if (!sizes[j]) continue;
      total += weight[j] * (sums[j] / sizes[j]);
      weights += weight[j];
    }
    return weights ? total / weights : NaN;
  };
}
