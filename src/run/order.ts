import type { ItemResult, RunInfo } from "./types.js";

const itemIds = new Intl.Collator("en", { numeric: true });

/**
 * Results in one order whatever order they arrived in: by model and suite as the run lists them, then by item
 * id (numbers in ids by value: q2 before q10), then repeat. `run` and `report` write the same files.
 */
export function ordered(info: RunInfo, results: ItemResult[]): ItemResult[] {
  const model = new Map(info.models.map((m, i) => [m.name, i]));
  const suite = new Map(info.suites.map((s, i) => [s.id, i]));
  // Each result's place is worked out once, not at every comparison.
  const ranked = results.map((r) => ({ r, model: model.get(r.model) ?? 0, suite: suite.get(r.suite) ?? 0 }));
  ranked.sort((a, b) => a.model - b.model || a.suite - b.suite || itemIds.compare(a.r.itemId, b.r.itemId) || a.r.repeat - b.r.repeat);
  return ranked.map((x) => x.r);
}
