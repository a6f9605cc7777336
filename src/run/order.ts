import type { ItemResult, RunInfo } from "./types.js";

/** An item id that sorts numbers by value under plain string order: "q2" → "q000000000002", before "q000000000010". */
const sortKey = (id: string): string => id.replace(/\d+/g, (digits) => digits.padStart(12, "0"));

/**
 * Results in one order whatever order they arrived in: by model and suite as the run lists them, then by item
 * id (numbers in ids by value: q2 before q10), then repeat. `run` and `report` write the same files.
 */
export function ordered(info: RunInfo, results: ItemResult[]): ItemResult[] {
  const model = new Map(info.models.map((m, i) => [m.name, i]));
  const suite = new Map(info.suites.map((s, i) => [s.id, i]));
  // Each result's place is worked out once, not at every comparison.
  const ranked = results.map((r) => ({ r, model: model.get(r.model) ?? 0, suite: suite.get(r.suite) ?? 0, item: sortKey(r.itemId) }));
  const byItem = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  ranked.sort((a, b) => a.model - b.model || a.suite - b.suite || byItem(a.item, b.item) || byItem(a.r.itemId, b.r.itemId) || a.r.repeat - b.r.repeat);
  return ranked.map((x) => x.r);
}
