import type { CriterionId, Profile } from "../criteria/schema.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import { profileWeighted } from "./weighted.js";
import { holm, mcnemarExact, pairedBootstrap } from "./paired.js";

export interface CriterionComparison {
  criterion: CriterionId | "overall";
  /** Items both models answered without error. */
  n: number;
  a: number;
  b: number;
  /** a − b with its 95% paired-bootstrap interval. */
  diff: number;
  ci95: [number, number];
  test: "mcnemar-exact" | "paired-permutation";
  p: number;
  /** Holm-adjusted across the criteria (the overall row is its own test and is not adjusted). */
  pAdjusted: number;
  significant: boolean;
  /** Pass/fail items: only the first model passed (b) and only the second (c). */
  discordant?: { onlyA: number; onlyB: number };
}

export interface Comparison {
  a: { run: string; model: string };
  b: { run: string; model: string };
  alpha: number;
  rows: CriterionComparison[];
  /** Suites left out because the two runs used different versions of them. */
  skippedSuites: string[];
}

interface Paired {
  suite: string;
  criterion: CriterionId;
  a: number;
  b: number;
  passA: boolean;
  passB: boolean;
  binary: boolean;
}

/** Per item, the mean score over repeats of the results without errors, and whether the item passed. */
function perItem(results: ItemResult[], model: string): Map<string, { score: number; pass: boolean; binary: boolean; criterion: CriterionId }> {
  const groups = new Map<string, ItemResult[]>();
  for (const r of results) {
    if (r.model !== model || r.error) continue;
    const key = `${r.suite}\u0000${r.itemId}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out = new Map<string, { score: number; pass: boolean; binary: boolean; criterion: CriterionId }>();
  for (const [key, rs] of groups) {
    const score = rs.reduce((s, r) => s + r.score, 0) / rs.length;
    const passes = rs.filter((r) => r.pass).length;
    out.set(key, { score, pass: passes * 2 > rs.length, binary: rs.length === 1 && (rs[0].score === 0 || rs[0].score === 1), criterion: rs[0].criterion });
  }
  return out;
}

/**
 * Pair two models on the items both answered (suites of the same content hash only) and test, per criterion
 * and overall, whether their scores differ: McNemar's exact test when every paired score is pass/fail, a paired
 * sign-flip permutation test otherwise (with a paired-bootstrap interval); Holm's correction across criteria.
 */
export function compareModels(
  a: { info: RunInfo; results: ItemResult[]; model: string },
  b: { info: RunInfo; results: ItemResult[]; model: string },
  profile: Profile,
  seed: number,
  alpha = 0.05,
): Comparison {
  const hashB = new Map(b.info.suites.map((s) => [s.id, s.hash]));
  const shared = a.info.suites.filter((s) => hashB.get(s.id) === s.hash).map((s) => s.id);
  const skippedSuites = a.info.suites.filter((s) => hashB.has(s.id) && hashB.get(s.id) !== s.hash).map((s) => s.id);
  const itemsA = perItem(a.results, a.model);
  const itemsB = perItem(b.results, b.model);
  const paired: Paired[] = [];
  for (const [key, x] of itemsA) {
    const y = itemsB.get(key);
    const suite = key.split("\u0000")[0];
    if (!y || !shared.includes(suite)) continue;
    paired.push({ suite, criterion: x.criterion, a: x.score, b: y.score, passA: x.pass, passB: y.pass, binary: x.binary && y.binary });
  }
  const criteria = [...new Set(paired.map((p) => p.criterion))];
  const strataOf = (ps: Paired[]) => {
    const bySuite = new Map<string, { a: number[]; b: number[] }>();
    for (const p of ps) {
      const s = bySuite.get(p.suite) ?? { a: [], b: [] };
      s.a.push(p.a);
      s.b.push(p.b);
      bySuite.set(p.suite, s);
    }
    return [...bySuite.values()];
  };
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const rows: CriterionComparison[] = criteria.map((criterion, k) => {
    const ps = paired.filter((p) => p.criterion === criterion);
    const boot = pairedBootstrap(strataOf(ps), seed + k);
    const row: CriterionComparison = {
      criterion, n: ps.length, a: mean(ps.map((p) => p.a)), b: mean(ps.map((p) => p.b)), diff: boot.diff, ci95: boot.ci95,
      test: "paired-permutation", p: boot.p, pAdjusted: boot.p, significant: false,
    };
    if (ps.every((p) => p.binary)) {
      const onlyA = ps.filter((p) => p.passA && !p.passB).length;
      const onlyB = ps.filter((p) => !p.passA && p.passB).length;
      Object.assign(row, { test: "mcnemar-exact", p: mcnemarExact(onlyA, onlyB), discordant: { onlyA, onlyB } });
    }
    return row;
  });
  holm(rows.map((r) => r.p)).forEach((p, i) => {
    rows[i].pAdjusted = p;
    rows[i].significant = p < alpha;
  });

  // Overall: the profile's weighted mean of criterion means, compared over every suite at once.
  const byCriterion = criteria.map((c) => strataOf(paired.filter((p) => p.criterion === c)));
  const allStrata = byCriterion.flat();
  const weighted = profileWeighted(profile, criteria.flatMap((c, i) => byCriterion[i].map(() => c)));
  if (paired.length) {
    const boot = pairedBootstrap(allStrata, seed + 1000, undefined, weighted);
    const level = (side: "a" | "b") => weighted(
      Float64Array.from(allStrata, (s) => mean(s[side])),
      Float64Array.from(allStrata, (s) => s[side].length),
    );
    rows.push({
      criterion: "overall", n: paired.length, a: level("a"), b: level("b"), diff: boot.diff, ci95: boot.ci95,
      test: "paired-permutation", p: boot.p, pAdjusted: boot.p, significant: boot.p < alpha,
    });
  }
  return { a: { run: a.info.id, model: a.model }, b: { run: b.info.id, model: b.model }, alpha, rows, skippedSuites };
}
