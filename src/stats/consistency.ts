/** What asking each item several times shows: how often the repeats agree, and how much they vary. */
export interface Consistency {
  repeats: number;
  items: number;
  /** Mean over items of the share of repeats that agree with the item's most common pass/fail outcome. */
  agreement: number;
  /** Share of items whose repeats all had the same pass/fail outcome. */
  stable: number;
  /** Mean over items of the variance of the score across repeats (the noise sampling adds). */
  withinItemVariance: number;
  /** The variance of per-item mean scores across items (the spread the suite itself has). */
  betweenItemVariance: number;
  /** Per item, the items whose repeats disagreed, least consistent first: each with its share of agreeing repeats. */
  unstable: { itemId: string; agreement: number }[];
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};

/** Per item, the outcomes of its repeats (only items with two or more repeats count). */
export function consistency(byItem: { score: number; pass: boolean; itemId?: string }[][]): Consistency | undefined {
  const repeated = byItem.filter((rs) => rs.length >= 2);
  if (repeated.length === 0) return undefined;
  const agreeShares = repeated.map((rs) => {
    const passes = rs.filter((r) => r.pass).length;
    return Math.max(passes, rs.length - passes) / rs.length;
  });
  return {
    repeats: Math.max(...repeated.map((rs) => rs.length)),
    items: repeated.length,
    agreement: mean(agreeShares),
    stable: repeated.filter((rs) => rs.every((r) => r.pass === rs[0].pass)).length / repeated.length,
    withinItemVariance: mean(repeated.map((rs) => variance(rs.map((r) => r.score)))),
    betweenItemVariance: variance(repeated.map((rs) => mean(rs.map((r) => r.score)))),
    unstable: repeated
      .map((rs, i) => ({ itemId: rs[0].itemId ?? String(i), agreement: agreeShares[i] }))
      .filter((x) => x.agreement < 1)
      .sort((a, b) => a.agreement - b.agreement),
  };
}
