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
  for (const m of summary.models) {
    const cs = Object.values(m.suites).flatMap((x) => (x.consistency ? [x.consistency] : []));
    const items = cs.reduce((n, c) => n + c.items, 0);
    if (!items) continue;
    const share = (f: (c: (typeof cs)[number]) => number) => pct(cs.reduce((t, c) => t + f(c) * c.items, 0) / items);
    const unstable = cs.reduce((n, c) => n + c.unstable.length, 0);
    notes.push(`${m.model} across ${cs[0].repeats} repeats: ${share((c) => c.agreement)}% agreement, ${share((c) => c.stable)}% of items stable, ${unstable} items changed outcome (report.md lists them)`);
  }
  return [table.toString(), ...notes].join("\n");
}
