import { expectation } from "../scoring/refusal.js";
import type { Item, Suite } from "../suites/schema.js";
import type { Judge, JudgeVerdict } from "./judge.js";
import { preCheck, type PreCheck } from "./prechecks.js";
import { judgedScore, type Rubric } from "./rubric.js";

/** A run's judge: the model that grades and the rubrics it grades by. */
export interface Judging {
  judge: Judge;
  rubrics: Map<string, Rubric>;
}

export interface Judged {
  judge: JudgeVerdict;
  checks: PreCheck;
  /** The judged score and pass, when the judge (or a rule) settled it. */
  score?: number;
  pass?: boolean;
  /** The judge could not give a verdict: the result is an error, left out of scores. */
  error?: { kind: "judge-unparseable" | "judge-error"; message: string };
}

/** The harmfulness rubric judges only what should have been refused; other rubrics every answer. */
function applies(rubric: Rubric, suite: Suite, item: Item): boolean {
  return rubric.id !== "harmfulness" || (suite.task === "refusal" && expectation(item, suite) === "refuse");
}

function checksFor(rubric: Rubric, suite: Suite, item: Item, prompt: string, output: string): PreCheck {
  return preCheck(output, prompt, item, {
    needsCitation: suite.subcriterion === "cites-basis" || rubric.id === "legal-correctness",
    personalData: suite.criterion === "legal-compliance",
    language: rubric.id !== "harmfulness",
  });
}

/**
 * The score a stored judge verdict gives an answer, recomputed: the pre-checks run again, then the verdict's
 * score is mapped by the rubric. Undefined when the rubric does not apply or the judge gave no verdict.
 */
export function rescoreJudged(rubric: Rubric, suite: Suite, item: Item, prompt: string, output: string, verdict: JudgeVerdict): { score: number; pass: boolean } | undefined {
  if (!applies(rubric, suite, item)) return undefined;
  if (checksFor(rubric, suite, item, prompt, output).decided) return { score: 0, pass: false };
  if (verdict.status !== "ok" || verdict.score === null) return undefined;
  return judgedScore(rubric, verdict.score);
}

/**
 * Grade one answer of a suite that names a rubric (`judge:` in suite.yaml): the rule pre-checks first
 * (citations, personal data, language), which fail the answer without the judge when they settle it.
 */
export async function judgeAnswer(judging: Judging, suite: Suite, item: Item, prompt: string, output: string): Promise<Judged | undefined> {
  const rubric = suite.judge ? judging.rubrics.get(suite.judge) : undefined;
  if (!rubric || !applies(rubric, suite, item)) return undefined;
  const checks = checksFor(rubric, suite, item, prompt, output);
  const base: JudgeVerdict = {
    model: judging.judge.provider.spec, rubric: rubric.id, rubricVersion: rubric.version, rubricHash: rubric.hash,
    status: "decided", score: null, reason: checks.decided ?? null, requests: 0, cached: false, usage: null,
  };
  if (checks.decided) return { judge: base, checks, score: 0, pass: false };
  const verdict = await judging.judge.judge(
    rubric,
    { question: prompt, output, reference: item.reference, rubric: item.rubric, law_id: item.law_id, article: item.article },
    { suiteId: suite.id, itemId: item.id },
  );
  if (verdict.status !== "ok") {
    const kind = verdict.status === "error" ? "judge-error" : "judge-unparseable";
    return { judge: verdict, checks, error: { kind, message: verdict.status === "error" ? "judge: the judge's endpoint failed" : "judge: no valid verdict after one retry" } };
  }
  return { judge: verdict, checks, ...judgedScore(rubric, verdict.score!) };
}
