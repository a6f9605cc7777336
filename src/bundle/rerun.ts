import type { CriterionId } from "../criteria/schema.js";
import type { ItemResult } from "../run/types.js";
import { holm, pairedBootstrap } from "../stats/paired.js";

export interface CriterionDrift {
  criterion: CriterionId;
  n: number;
  bundled: number;
  rerun: number;
  /** rerun − bundled, with its paired 95% interval and the permutation p. */
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

/** How far a rerun's scores are from a bundle's, item by item and per criterion (items paired by suite, id, repeat). */
export function drift(bundled: ItemResult[], rerun: ItemResult[], seed: number): Drift {
  const key = (r: ItemResult) => `${r.suite}\u0000${r.itemId}\u0000${r.repeat}`;
  const now = new Map(rerun.filter((r) => !r.error).map((r) => [key(r), r]));
  const pairs: [ItemResult, ItemResult][] = [];
  for (const b of bundled) {
    const r = b.error ? undefined : now.get(key(b));
    if (r) pairs.push([b, r]);
  }
  // Items either side answered that have no answer on the other side, each counted once.
  const keys = new Set([...bundled, ...rerun].map(key));
  const unpaired = keys.size - pairs.length;
  const criteria = [...new Set(pairs.map(([b]) => b.criterion))].sort().map((criterion, k) => {
    const ps = pairs.filter(([b]) => b.criterion === criterion);
    const bySuite = new Map<string, { a: number[]; b: number[] }>();
    for (const [b, r] of ps) {
      const s = bySuite.get(b.suite) ?? { a: [], b: [] };
      s.a.push(r.score);
      s.b.push(b.score);
      bySuite.set(b.suite, s);
    }
    const d = pairedBootstrap([...bySuite.values()], seed + k);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    return {
      criterion, n: ps.length, bundled: mean(ps.map(([b]) => b.score)), rerun: mean(ps.map(([, r]) => r.score)),
      diff: d.diff, ci95: d.ci95, p: d.p, agreement: ps.filter(([b, r]) => b.pass === r.pass).length / ps.length, significant: false,
    };
  });
  holm(criteria.map((c) => c.p)).forEach((p, i) => (criteria[i].significant = p < 0.05));
  const changed = pairs
    .filter(([b, r]) => Math.abs(b.score - r.score) > 1e-9)
    .map(([b, r]) => ({
      suite: b.suite, itemId: b.itemId, repeat: b.repeat,
      bundled: { score: b.score, pass: b.pass, output: b.output },
      rerun: { score: r.score, pass: r.pass, output: r.output },
    }));
  return { criteria, changed, paired: pairs.length, unpaired };
}
