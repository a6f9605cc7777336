import Table from "cli-table3";
import type { Criterion, CriterionId } from "../criteria/schema.js";
import { pct } from "../report/format.js";
import type { Summary } from "../stats/summary.js";

/** The short score table printed at the end of a run. */
export function scoreTable(summary: Summary, criteria: Map<CriterionId, Criterion>): string {
  const used = [...criteria.keys()].filter((c) => summary.models.some((m) => m.criteria[c]));
  const table = new Table({ head: ["model", "overall (95% CI)", "result", ...used], style: { head: [], border: [] } });
  for (const m of summary.models) {
    table.push([
      m.model,
      Number.isFinite(m.overall.score) ? `${pct(m.overall.score)} [${pct(m.overall.ci95[0])}–${pct(m.overall.ci95[1])}]` : "–",
      m.overall.pass ? "pass" : "fail",
      ...used.map((c) => (m.criteria[c] ? pct(m.criteria[c]!.score) : "–")),
    ]);
  }
  const notes = summary.models.filter((m) => m.overall.reasons.length).map((m) => `${m.model} does not pass: ${m.overall.reasons.join("; ")}`);
  return [table.toString(), ...notes].join("\n");
}
