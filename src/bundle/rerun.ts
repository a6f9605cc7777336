import type { CriterionId, Profile } from "../criteria/schema.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import { compareModels } from "../stats/compare.js";

export interface CriterionDrift {
  criterion: CriterionId;
  n: number;
  bundled: number;
  rerun: number;
  /** rerun − bundled, with its paired 95% interval and the p of `vieval compare`'s test. */
  diff: number;
  ci95: [number, number];
  p: number;
  /** Share of items whose pass/fail is the same both times. */
  agreement: number;
  /** The difference is significant at 0.05 after Holm's correction across criteria. */
  significant: boolean;
}

export interface ItemDrift {
  suite: string;
  itemId: string;
  repeat: number;
  bundled: { score: number; pass: boolean; output: string };
  rerun: { score: number; pass: boolean; output: string };
}

export interface Drift {
  criteria: CriterionDrift[];
  /** Items whose score changed. */
  changed: ItemDrift[];
  /** Items answered both times without error. */
  paired: number;
  /** Items only one side answered (errors, or items left out). */
  unpaired: number;
}

type Side = { info: RunInfo; results: ItemResult[]; model: string };

/**
 * How far a rerun's scores are from a bundle's: per criterion, the paired comparison `vieval compare` makes
 * (rerun against bundle, Holm-corrected), with the share of items whose pass/fail held; item by item, every
 * score that changed (items paired by suite, id and repeat).
 */
export function drift(bundle: Side, rerun: Side, profile: Profile, seed: number): Drift {
  const key = (r: ItemResult) => `${r.suite}\u0000${r.itemId}\u0000${r.repeat}`;
  const now = new Map(rerun.results.filter((r) => !r.error).map((r) => [key(r), r]));
  const pairs: [ItemResult, ItemResult][] = [];
  for (const b of bundle.results) {
    const r = b.error ? undefined : now.get(key(b));
    if (r) pairs.push([b, r]);
  }
  // Items either side answered that have no answer on the other side, each counted once.
  const keys = new Set([...bundle.results, ...rerun.results].map(key));
  const unpaired = keys.size - pairs.length;
  const comparison = compareModels(rerun, bundle, profile, seed);
  const criteria = comparison.rows.flatMap((row): CriterionDrift[] => {
    if (row.criterion === "overall") return [];
    const ps = pairs.filter(([b]) => b.criterion === row.criterion);
    return [{
      criterion: row.criterion, n: row.n, bundled: row.b, rerun: row.a, diff: row.diff, ci95: row.ci95, p: row.p,
      agreement: ps.filter(([b, r]) => b.pass === r.pass).length / ps.length, significant: row.significant,
    }];
  });
  const changed = pairs
    .filter(([b, r]) => Math.abs(b.score - r.score) > 1e-9)
    .map(([b, r]) => ({
      suite: b.suite, itemId: b.itemId, repeat: b.repeat,
      bundled: { score: b.score, pass: b.pass, output: b.output },
      rerun: { score: r.score, pass: r.pass, output: r.output },
    }));
  return { criteria, changed, paired: pairs.length, unpaired };
}
