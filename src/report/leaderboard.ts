import Handlebars from "handlebars";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Criterion, CriterionId, Profile } from "../criteria/schema.js";
import { InputError } from "../input-error.js";
import { packagePath } from "../package-path.js";
import type { ItemResult, RunInfo, SuiteInfo } from "../run/types.js";
import { rankByProfile } from "../stats/ranks.js";
import { summarize, type ModelSummary } from "../stats/summary.js";
import { pct } from "./format.js";
import { renderHtml } from "./html.js";

/** One row of a leaderboard: a model as one run evaluated it. */
export interface Entry {
  info: RunInfo;
  model: string;
  results: ItemResult[];
  /** Whether a signed bundle of this run was verified (bundles come with `vieval verify`). */
  verified: boolean;
}

const hb = Handlebars.create();
hb.registerHelper("pct", (x: number) => pct(x));
const read = (file: string) => readFileSync(packagePath("reports", file), "utf8");
const template = hb.compile(read("leaderboard.html.hbs"), { strict: false });
const script = read("leaderboard.js");
const scriptHash = `sha256-${createHash("sha256").update(script).digest("base64")}`;

const slug = (s: string, i: number) => `${String(i + 1).padStart(2, "0")}-${s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60)}`;

/**
 * A static leaderboard site: `index.html` ranks the entries on the suites they share (same id and content hash),
 * with 95% intervals for scores and ranks; `models/<entry>.html` is each entry's full report. Everything is in
 * the files (no fetch), so it works opened from disk and from any static server.
 */
export function writeLeaderboard(out: string, entries: Entry[], profile: Profile, criteria: Map<CriterionId, Criterion>): { suites: SuiteInfo[]; left: string[] } {
  const key = (s: SuiteInfo) => `${s.id}@${s.hash}`;
  const counts = new Map<string, number>();
  for (const e of entries) for (const s of e.info.suites) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  const suites = entries[0].info.suites.filter((s) => counts.get(key(s)) === entries.length);
  const shared = new Set(suites.map((s) => s.id));
  const left = [...new Set(entries.flatMap((e) => e.info.suites.filter((s) => !shared.has(s.id)).map((s) => `${s.id} ${s.version}`)))];
  if (!suites.length) throw new InputError("leaderboard: the runs share no suite (same id and content) to rank on");

  const summaries: ModelSummary[] = entries.map((e) => {
    const info = { ...e.info, models: e.info.models.filter((m) => m.name === e.model), suites };
    return summarize(info, e.results.filter((r) => shared.has(r.suite)), profile).models[0];
  });
  const seed = entries[0].info.seed;
  const names = entries.map((e, i) => `${e.model} · ${e.info.id}#${i}`);
  const ranks = rankByProfile(entries.map((e, i) => ({ name: names[i], results: e.results })), suites, profile, seed);
  const criteriaUsed = [...criteria.values()].filter((c) => summaries.some((m) => m.criteria[c.id]));

  const staging = `${out}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, "models"), { recursive: true });
  const rows = entries.map((e, i) => {
    const m = summaries[i];
    const page = `models/${slug(e.model, i)}.html`;
    const info = { ...e.info, models: e.info.models.filter((x) => x.name === e.model), suites };
    const results = e.results.filter((r) => shared.has(r.suite));
    writeFileSync(join(staging, page), renderHtml(info, summarize(info, results, profile), results, criteria, profile));
    return {
      model: e.model, run: e.info.id, page, verified: e.verified, date: (e.info.finishedAt ?? e.info.startedAt).slice(0, 10),
      rank: ranks[i], overall: m.overall,
      cells: criteriaUsed.map((c) => m.criteria[c.id]),
      errors: m.errors.total,
    };
  });
  rows.sort((a, b) => a.rank.rank - b.rank.rank || b.overall.score - a.overall.score);
  writeFileSync(join(staging, "index.html"), template({ rows, criteriaUsed, suites, left, profile, script, scriptHash, generated: new Date().toISOString() }));
  writeFileSync(join(staging, "leaderboard.json"), JSON.stringify({ profile: profile.id, suites, entries: rows.map(({ page, ...r }) => ({ ...r, page })) }, null, 2) + "\n");
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
  return { suites, left };
}
