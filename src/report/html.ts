import Handlebars from "handlebars";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Criterion, CriterionId, Profile } from "../criteria/schema.js";
import { packagePath } from "../package-path.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import { bootstrapMean, type Estimate } from "../stats/bootstrap.js";
import { compareModels, type Comparison } from "../stats/compare.js";
import type { ModelSummary, Summary } from "../stats/summary.js";
import { barsWithCI, radarChart } from "./charts.js";
import { pct } from "./format.js";
import { reportData, scriptSafeJson } from "./report-data.js";

const hb = Handlebars.create();
hb.registerHelper("pct", (x: number) => pct(x));
hb.registerHelper("score2", (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–"));
hb.registerHelper("signed", (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${pct(x)}` : "–"));
hb.registerHelper("pvalue", (p: number) => (p <= 0.001 ? "≤ 0.001" : p.toFixed(3)));

// Read and compiled on import: the run command imports the report writers while requests are in flight.
const read = (file: string) => readFileSync(packagePath("reports", file), "utf8");
const template = hb.compile(read("report.html.hbs"), { strict: false });
const css = read("report.css");
const script = read("report.js");
/** The one script the page may run (Content-Security-Policy): whatever a model wrote cannot add another. */
const scriptHash = `sha256-${createHash("sha256").update(script).digest("base64")}`;

/** Per model, per domain: mean item score with its 95% interval. */
function domainEstimates(info: RunInfo, results: ItemResult[], seed: number): { domains: string[]; byModel: Map<string, Map<string, Estimate>> } {
  const scores = new Map<string, Map<string, number[]>>();
  for (const r of results) {
    if (r.error || !r.domain) continue;
    let m = scores.get(r.model);
    if (!m) scores.set(r.model, (m = new Map()));
    const xs = m.get(r.domain);
    if (xs) xs.push(r.score);
    else m.set(r.domain, [r.score]);
  }
  const domains = [...new Set([...scores.values()].flatMap((m) => [...m.keys()]))].sort();
  const byModel = new Map(info.models.map((m, i) => [
    m.name,
    new Map(domains.flatMap((d) => {
      const xs = scores.get(m.name)?.get(d);
      return xs ? [[d, bootstrapMean(xs, seed + i * 7919)] as const] : [];
    })),
  ]));
  return { domains, byModel };
}

/**
 * report.html: one file that opens offline, Vietnamese first with English one click away. Charts are SVG drawn
 * on the server; every result is in the page as JSON for the item browser, put on screen as text only.
 */
export function renderHtml(
  info: RunInfo,
  summary: Summary,
  results: ItemResult[],
  criteria: Map<CriterionId, Criterion>,
  profile?: Profile,
): string {
  const criteriaUsed = [...criteria.values()].filter((c) => summary.models.some((m) => Number.isFinite(m.criteria[c.id]?.score)));
  const rank = new Map((summary.ranks ?? []).map((r) => [r.model, r]));
  const { domains, byModel } = domainEstimates(info, results, info.seed);
  const chartsFor = (lang: "vi" | "en") => ({
    radar: radarChart(criteriaUsed.map((c) => c.name[lang]), summary.models.map((m) => ({ name: m.model, scores: criteriaUsed.map((c) => m.criteria[c.id]?.score ?? null) }))),
    criteria: barsWithCI(criteriaUsed.map((c) => c.name[lang]), summary.models.map((m) => ({ name: m.model, values: criteriaUsed.map((c) => m.criteria[c.id]) })), "%"),
  });
  const vi = chartsFor("vi");
  const en = chartsFor("en");
  const charts = {
    radar: { vi: vi.radar, en: en.radar },
    criteria: { vi: vi.criteria, en: en.criteria },
    suites: barsWithCI(info.suites.map((s) => s.id), summary.models.map((m) => ({ name: m.model, values: info.suites.map((s) => m.suites[s.id]) })), "%"),
    domains: domains.length ? barsWithCI(domains, summary.models.map((m) => ({ name: m.model, values: domains.map((d) => byModel.get(m.model)?.get(d)) })), "%") : "",
  };
  const comparisons: Comparison[] =
    profile && info.models.length > 1
      ? info.models.slice(1).map((m) => compareModels({ info, results, model: info.models[0].name }, { info, results, model: m.name }, profile, info.seed))
      : [];
  const facts = summary.models.map((m) => {
    const model = info.models.find((x) => x.name === m.model);
    return {
      name: m.model,
      spec: m.spec,
      reported: model?.reported ?? "",
      params: JSON.stringify(model?.params ?? {}),
      errors: Object.entries(m.errors.byKind).map(([k, n]) => `${k}: ${n}`).join(", ") || "0",
      tokens: `${m.usage.promptTokens} + ${m.usage.completionTokens}${m.judge ? ` (judge ${m.judge.promptTokens + m.judge.completionTokens})` : ""}`,
      latency: `${m.latencyMs.p50} / ${m.latencyMs.p95}`,
    };
  });
  return template({
    info,
    summary,
    criteriaUsed,
    rows: summary.models.map((m) => ({ ...m, rank: rank.get(m.model), cells: criteriaUsed.map((c) => m.criteria[c.id]) })),
    failNotes: summary.models.filter((m) => !m.overall.pass).map((m) => ({ model: m.model, ...failNote(m, criteria) })),
    suiteRows: info.suites.map((s) => ({
      suite: { ...s, hashShort: s.hash.slice(0, 12) },
      scores: summary.models.map((m) => m.suites[s.id]),
      // A judged suite shows its judge's agreement with people beside its score.
      judged: s.judge ? summary.judge?.rubrics.find((r) => r.id === s.judge) : undefined,
    })),
    charts,
    comparisons,
    facts,
    css,
    script,
    scriptHash,
    data: scriptSafeJson(reportData(info, results)),
  });
}

/**
 * Steps that make the first report fast: compiling the template and drawing each kind of chart once (ECharts
 * sets up its components on first use). A run takes them one at a time while it waits for answers.
 */
export const WARM_UP: (() => void)[] = [
  () => template({}),
  () => radarChart(["a", "b", "c"], [{ name: "m", scores: [0.5, 0.6, null] }]),
  () => barsWithCI(["a", "b"], [{ name: "m", values: [{ score: 0.5, ci95: [0.4, 0.6], n: 10 }, undefined] }], "%"),
];

/** Why a model does not pass, in both languages, from the summary's numbers. */
function failNote(m: ModelSummary, criteria: Map<CriterionId, Criterion>): { vi: string; en: string } {
  const vi: string[] = [];
  const en: string[] = [];
  const o = m.overall;
  if (o.missing.length) {
    vi.push(`chưa đánh giá ${o.missing.map((c) => criteria.get(c)?.name.vi ?? c).join(", ")}`);
    en.push(`not evaluated: ${o.missing.map((c) => criteria.get(c)?.name.en ?? c).join(", ")}`);
  }
  if (!(o.score >= o.threshold)) {
    vi.push(`tổng điểm ${pct(o.score)} < ${pct(o.threshold)}`);
    en.push(`overall ${pct(o.score)} < ${pct(o.threshold)}`);
  }
  for (const [id, { name }] of criteria) {
    const c = m.criteria[id];
    if (!c || c.pass) continue;
    vi.push(`${name.vi} ${pct(c.score)} < ${pct(c.threshold)}`);
    en.push(`${name.en} ${pct(c.score)} < ${pct(c.threshold)}`);
  }
  if (o.errorRate > 0 && o.reasons.some((r) => r.startsWith("errors"))) {
    vi.push(`tỉ lệ lỗi ${pct(o.errorRate)}%`);
    en.push(`error rate ${pct(o.errorRate)}%`);
  }
  return { vi: vi.join("; "), en: en.join("; ") };
}
