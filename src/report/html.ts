import Handlebars from "handlebars";
import { readFileSync } from "node:fs";
import type { Criterion, CriterionId } from "../criteria/schema.js";
import { packagePath } from "../package-path.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import type { Summary } from "../stats/summary.js";
import { pct } from "./format.js";

const hb = Handlebars.create();
hb.registerHelper("pct", (x: number) => pct(x));
hb.registerHelper("score2", (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–"));

// Compiled on import: the run command imports the report writers while requests are in flight.
const template = hb.compile(readFileSync(packagePath("reports", "report.html.hbs"), "utf8"), { strict: false });
const itemRow = hb.compile(readFileSync(packagePath("reports", "item-row.html.hbs"), "utf8"), { strict: false });

/** One item's row of the report (everything the model wrote escaped by Handlebars). */
export const renderItemRow = (r: ItemResult): string => itemRow(r);

/** report.html: one file that opens offline. Everything a model wrote goes through Handlebars' escaping. */
export function renderHtml(
  info: RunInfo,
  summary: Summary,
  results: ItemResult[],
  criteria: Map<CriterionId, Criterion>,
  rows?: WeakMap<ItemResult, string>,
): string {
  const criteriaUsed = [...criteria.values()].filter((c) => summary.models.some((m) => m.criteria[c.id]));
  const groups = new Map<string, ItemResult[]>();
  for (const r of results) {
    const key = `${r.model}\u0000${r.suite}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return template({
    info,
    summary,
    criteriaUsed,
    rows: summary.models.map((m) => ({ ...m, cells: criteriaUsed.map((c) => m.criteria[c.id]) })),
    suiteRows: info.suites.map((s) => ({
      suite: { ...s, hashShort: s.hash.slice(0, 12) },
      scores: summary.models.map((m) => m.suites[s.id]),
    })),
    itemGroups: [...groups.values()].map((rs) => ({
      model: rs[0].model,
      suite: rs[0].suite,
      scored: rs.filter((r) => !r.error).length,
      errors: rs.filter((r) => r.error).length,
      passed: rs.filter((r) => r.pass).length,
      results: rs.map((r) => rows?.get(r) ?? renderItemRow(r)),
    })),
  });
}
