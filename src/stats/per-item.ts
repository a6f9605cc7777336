import type { ItemResult } from "../run/types.js";

/** Each item's score: the mean over its repeats of the results that did not end in an error. */
export function meanByItem(results: ItemResult[]): Map<string, number> {
  const byItem = new Map<string, { sum: number; n: number }>();
  for (const r of results) {
    if (r.error) continue;
    const x = byItem.get(r.itemId);
    if (x) {
      x.sum += r.score;
      x.n++;
    } else byItem.set(r.itemId, { sum: r.score, n: 1 });
  }
  return new Map([...byItem].map(([id, { sum, n }]) => [id, sum / n]));
}
