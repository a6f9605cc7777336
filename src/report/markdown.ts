import type { Criterion, CriterionId } from "../criteria/schema.js";
import type { RunInfo } from "../run/types.js";
import type { Summary } from "../stats/summary.js";
import { pct, withCI } from "./format.js";

/** Escape what Markdown tables and HTML-rendering viewers would read as markup. */
const cell = (s: string): string => s.replace(/[\\|`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");

/** report.md: the headline tables, ready to paste into a pull request. */
export function renderMarkdown(info: RunInfo, summary: Summary, criteria: Map<CriterionId, Criterion>): string {
  const used = [...criteria.keys()].filter((c) => summary.models.some((m) => m.criteria[c]));
  const out: string[] = [];
  out.push(`# vieval report — run \`${info.id}\``, "");
  out.push(`Profile **${summary.profile.id}** (pass mark ${pct(summary.profile.threshold)}). Scores in percent with 95% bootstrap intervals (seed ${info.seed}).`, "");
  out.push(`| Model | Overall | Pass |${used.map((c) => ` ${criteria.get(c)!.name.vi} |`).join("")}`);
  out.push(`| --- | --- | --- |${used.map(() => " --- |").join("")}`);
  for (const m of summary.models) {
    const crit = used.map((c) => {
      const s = m.criteria[c];
      return s ? `${withCI(s)}${s.pass ? "" : " ✗"}` : "–";
    });
    out.push(`| ${cell(m.model)} | ${withCI(m.overall)} | ${m.overall.pass ? "✓" : "✗"} |${crit.map((c) => ` ${c} |`).join("")}`);
  }
  const failing = summary.models.filter((m) => m.overall.reasons.length > 0);
  if (failing.length) out.push("", ...failing.map((m) => `- **${cell(m.model)}** does not pass: ${m.overall.reasons.join("; ")}`));
  out.push("", "## Suites", "");
  out.push(`| Suite | Version | Criterion | Items | ${summary.models.map((m) => cell(m.model)).join(" | ")} |`);
  out.push(`| --- | --- | --- | --- |${summary.models.map(() => " --- |").join("")}`);
  for (const s of info.suites) {
    const scores = summary.models.map((m) => {
      const x = m.suites[s.id];
      const notes = [x?.errors ? `${x.errors} errors` : "", x?.nullRate ? `${pct(x.nullRate)}% unread` : "", judgedNote(s, summary)].filter(Boolean);
      return `${withCI(x)}${notes.length ? ` (${notes.join(", ")})` : ""}`;
    });
    out.push(`| ${s.id} | ${s.version} | ${s.criterion} | ${s.items} | ${scores.join(" | ")} |`);
  }
  if (info.repeats > 1) {
    out.push("", `## Consistency across ${info.repeats} repeats`, "");
    out.push("| Suite | Model | Agreement | Stable items | Variance within items | Variance between items | Least consistent items |", "| --- | --- | --- | --- | --- | --- | --- |");
    for (const s of info.suites) {
      for (const m of summary.models) {
        const c = m.suites[s.id]?.consistency;
        if (!c) continue;
        const worst = c.unstable.slice(0, 5).map((u) => `${cell(u.itemId)} (${pct(u.agreement)}%)`).join(", ") || "–";
        out.push(`| ${s.id} | ${cell(m.model)} | ${pct(c.agreement)}% | ${pct(c.stable)}% | ${c.withinItemVariance.toFixed(3)} | ${c.betweenItemVariance.toFixed(3)} | ${worst} |`);
      }
    }
  }
  if (summary.judge) {
    out.push("", "## Judge", "", `Judged suites were graded by \`${cell(summary.judge.spec)}\`.`, "");
    out.push("| Rubric | Version | Agreement with human labels |", "| --- | --- | --- |");
    for (const r of summary.judge.rubrics) {
      const a = r.agreement;
      const agreed = a ? `κ = ${a.kappa.toFixed(2)}, accuracy ${pct(a.accuracy)}% on ${a.n} answers (${cell(a.labelsFile)})` : "not measured (run vieval judge-agreement)";
      out.push(`| ${r.id} | ${r.version} (${r.hash.slice(0, 12)}) | ${agreed} |`);
    }
    const costs = summary.models.filter((m) => m.judge).map((m) => `${cell(m.model)}: ${m.judge!.requests} judge requests, ${m.judge!.promptTokens + m.judge!.completionTokens} tokens, ${m.judge!.unparseable} unparseable`);
    if (costs.length) out.push("", ...costs.map((c) => `- ${c}`));
  }
  out.push("", `vieval ${info.vieval} · Node ${info.node} · started ${info.startedAt} · ${info.repeats} repeat(s)`, "");
  return out.join("\n");
}

/** For a judged suite: the judge's measured agreement with people on its rubric, beside its score. */
function judgedNote(suite: RunInfo["suites"][number], summary: Summary): string {
  const rubric = suite.judge && summary.judge?.rubrics.find((r) => r.id === suite.judge);
  if (!rubric) return "";
  return rubric.agreement ? `judged, κ = ${rubric.agreement.kappa.toFixed(2)} with people` : "judged, agreement not measured";
}
