import type { CriterionId, Profile } from "../criteria/schema.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import { consistency, type Consistency } from "./consistency.js";
import { pct } from "./percent.js";
import { rankByProfile, type RankInterval } from "./ranks.js";
import { pooledMean, stratifiedBootstrap, type Estimate } from "./bootstrap.js";
import { meanByItem } from "./per-item.js";
import { profileWeighted } from "./weighted.js";

export interface CriterionScore extends Estimate {
  weight: number;
  threshold: number;
  pass: boolean;
}

export interface SuiteScore extends Estimate {
  criterion: CriterionId;
  errors: number;
  /** Multiple choice: share of scored answers from which no letter could be read. */
  nullRate?: number;
  /** Refusal suites: share of outputs that declined. */
  refusalRate?: number;
  /** Multiple choice: (score − chance) / (1 − chance), 0 for blind guessing and 1 for all right, with its interval. */
  chanceNormalized?: { score: number; ci95: [number, number]; chance: number };
  /** With --repeats: how often repeats of an item agree, and the variance they add. */
  consistency?: Consistency;
}

export interface ModelSummary {
  model: string;
  spec: string;
  overall: Estimate & {
    threshold: number;
    pass: boolean;
    /** Why the model does not pass: missing criteria, criteria under their marks, too many errors. */
    reasons: string[];
    /** Profile criteria (weight > 0) this run did not evaluate: a model cannot pass on part of a profile. */
    missing: CriterionId[];
    errorRate: number;
  };
  criteria: Partial<Record<CriterionId, CriterionScore>>;
  suites: Record<string, SuiteScore>;
  errors: { total: number; byKind: Record<string, number> };
  usage: { promptTokens: number; completionTokens: number };
  latencyMs: { p50: number; p95: number };
  /** What judging this model's answers took, counted apart from the model's own usage. */
  judge?: JudgeTally;
}

export interface JudgeTally {
  /** Answers given a verdict by the judge. */
  judged: number;
  /** Answers a rule pre-check settled without the judge. */
  decided: number;
  unparseable: number;
  errors: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

function judgeTally(results: ItemResult[]): { judge?: JudgeTally } {
  const judged = results.filter((r) => r.judge);
  if (!judged.length) return {};
  const count = (status: string) => judged.filter((r) => r.judge!.status === status).length;
  return {
    judge: {
      judged: count("ok"),
      decided: count("decided"),
      unparseable: count("unparseable"),
      errors: count("error"),
      requests: judged.reduce((s, r) => s + r.judge!.requests, 0),
      promptTokens: judged.reduce((s, r) => s + (r.judge!.usage?.promptTokens ?? 0), 0),
      completionTokens: judged.reduce((s, r) => s + (r.judge!.usage?.completionTokens ?? 0), 0),
    },
  };
}

export interface Summary {
  run: string;
  profile: { id: string; threshold: number };
  seed: number;
  models: ModelSummary[];
  /** With two or more models: ranks by the overall score with 95% bootstrap intervals (overlapping intervals are ties). */
  ranks?: RankInterval[];
  /** The run's judge, each rubric with the agreement with human labels measured for it (judge-agreement), if any. */
  judge?: {
    spec: string;
    rubrics: { id: string; version: string; hash: string; agreement: { n: number; accuracy: number; kappa: number; labelsFile: string } | null }[];
  };
}

/** The results of each item (its repeats). */
function byItem(results: ItemResult[]): ItemResult[][] {
  const groups = new Map<string, ItemResult[]>();
  for (const r of results) {
    const g = groups.get(r.itemId);
    if (g) g.push(r);
    else groups.set(r.itemId, [r]);
  }
  return [...groups.values()];
}

const quantile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;

/** Scores with 95% bootstrap intervals per suite, per criterion and overall (weighted by the profile). */
export function summarize(info: RunInfo, results: ItemResult[], profile: Profile): Summary {
  const groups = new Map<string, ItemResult[]>();
  for (const r of results) {
    const key = `${r.model}\u0000${r.suite}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const models = info.models.map((m): ModelSummary => {
    const mine = info.suites.flatMap((s) => groups.get(`${m.name}\u0000${s.id}`) ?? []);
    // One seed per model, from its name: its intervals are the same in any run, report or leaderboard that holds it.
    const seed = modelSeed(info.seed, m.name);
    const suites: Record<string, SuiteScore> = {};
    const strataByCriterion = new Map<CriterionId, number[][]>();
    info.suites.forEach((s) => {
      const rs = groups.get(`${m.name}\u0000${s.id}`) ?? [];
      const scores = [...meanByItem(rs).values()];
      const ok = rs.filter((r) => !r.error);
      const score: SuiteScore = {
        ...stratifiedBootstrap([scores], pooledMean, seed),
        criterion: s.criterion,
        errors: rs.length - ok.length,
      };
      if (s.task === "multiple-choice") {
        score.nullRate = ok.length ? ok.filter((r) => r.extracted === null).length / ok.length : 0;
        const chances = ok.map((r) => r.chance).filter((c): c is number => typeof c === "number");
        if (chances.length && scores.length) {
          const chance = chances.reduce((a, b) => a + b, 0) / chances.length;
          const norm = (x: number) => (x - chance) / (1 - chance);
          score.chanceNormalized = { score: norm(score.score), ci95: [norm(score.ci95[0]), norm(score.ci95[1])], chance };
        }
      }
      if (info.repeats > 1) score.consistency = consistency(byItem(ok));
      if (s.task === "refusal") score.refusalRate = ok.length ? ok.filter((r) => r.refused).length / ok.length : 0;
      suites[s.id] = score;
      if (scores.length) strataByCriterion.set(s.criterion, [...(strataByCriterion.get(s.criterion) ?? []), scores]);
    });

    const criteria: ModelSummary["criteria"] = {};
    const ids = [...strataByCriterion.keys()];
    for (const c of ids) {
      const rule = profile.criteria[c] ?? { weight: 0, threshold: 0 };
      const strata = strataByCriterion.get(c)!;
      const only = strata.length === 1 ? Object.values(suites).find((x) => x.criterion === c && x.n === strata[0].length) : undefined;
      const est = only ? { score: only.score, ci95: only.ci95, n: only.n } : stratifiedBootstrap(strata, pooledMean, seed);
      criteria[c] = { ...est, weight: rule.weight, threshold: rule.threshold, pass: est.score >= rule.threshold };
    }

    // Overall: the profile's weighted mean of criterion scores, bootstrapped jointly over every suite.
    const allStrata = ids.flatMap((c) => strataByCriterion.get(c)!);
    const weighted = profileWeighted(profile, ids.flatMap((c) => strataByCriterion.get(c)!.map(() => c)));
    const single = ids.length === 1 ? criteria[ids[0]]! : undefined;
    const overallEst = single ? { score: single.score, ci95: single.ci95, n: single.n } : stratifiedBootstrap(allStrata, weighted, seed);
    const byKind: Record<string, number> = {};
    for (const r of mine) if (r.errorKind) byKind[r.errorKind] = (byKind[r.errorKind] ?? 0) + 1;
    const errorTotal = Object.values(byKind).reduce((a, b) => a + b, 0);
    const errorRate = mine.length ? errorTotal / mine.length : 0;
    const missing = (Object.keys(profile.criteria) as CriterionId[]).filter((c) => profile.criteria[c]!.weight > 0 && !criteria[c]);
    const reasons: string[] = [];
    if (missing.length) reasons.push(`not evaluated: ${missing.join(", ")}`);
    if (!Number.isFinite(overallEst.score)) reasons.push("no answer was scored (every one ended in an error)");
    else if (!(overallEst.score >= profile.threshold)) reasons.push(`overall ${pct(overallEst.score)} < ${pct(profile.threshold)}`);
    for (const [c, x] of Object.entries(criteria)) if (!x.pass) reasons.push(`${c} ${pct(x.score)} < ${pct(x.threshold)}`);
    if (errorRate > profile.max_error_rate) reasons.push(`errors ${pct(errorRate)}% > ${pct(profile.max_error_rate)}%`);

    const latencies = mine.filter((r) => !r.error && !r.cached).map((r) => r.latencyMs).sort((a, b) => a - b);
    return {
      model: m.name,
      spec: m.spec,
      overall: { ...overallEst, threshold: profile.threshold, pass: reasons.length === 0, reasons, missing, errorRate },
      criteria,
      suites,
      errors: { total: errorTotal, byKind },
      usage: {
        promptTokens: mine.reduce((s, r) => s + (r.usage?.promptTokens ?? 0), 0),
        completionTokens: mine.reduce((s, r) => s + (r.usage?.completionTokens ?? 0), 0),
      },
      latencyMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) },
      ...judgeTally(mine),
    };
  });
  const ranks = models.length > 1 ? overallRanks(info, groups, profile) : undefined;
  return { run: info.id, profile: { id: profile.id, threshold: profile.threshold }, seed: info.seed, models, ...(ranks ? { ranks } : {}) };
}

/** Ranks of the run's models by the profile's overall score (see rankByProfile). */
function overallRanks(info: RunInfo, groups: Map<string, ItemResult[]>, profile: Profile): RankInterval[] {
  const entries = info.models.map((m) => ({ name: m.name, results: info.suites.flatMap((s) => groups.get(`${m.name}\u0000${s.id}`) ?? []) }));
  return rankByProfile(entries, info.suites, profile, info.seed);
}

/** A model's bootstrap seed: the run's seed mixed with an FNV-1a hash of the model's name. */
export function modelSeed(seed: number, model: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < model.length; i++) h = Math.imul(h ^ model.charCodeAt(i), 0x01000193);
  return (seed ^ h) >>> 0;
}
