import type { CriterionId } from "../criteria/schema.js";
import type { ProviderErrorKind, SamplingParams, Usage } from "../providers/types.js";
import type { JudgeVerdict } from "../judge/judge.js";
import type { PreCheck } from "../judge/prechecks.js";
import type { Task } from "../suites/schema.js";

/** One record of results.jsonl: one item × model × repeat. */
export interface ItemResult {
  run: string;
  model: string;
  suite: string;
  suiteVersion: string;
  itemId: string;
  /** sha256 of the item's canonical JSON: names the item without its text (set since vieval 0.2). */
  itemHash?: string;
  repeat: number;
  criterion: CriterionId;
  subcriterion: string | null;
  task: Task;
  domain: string | null;
  tags: Record<string, string> | null;
  prompt: string;
  /** The gold answer in short: the letter, the accepted answers, refuse/comply, the required elements. */
  expected: string;
  output: string;
  score: number;
  pass: boolean;
  /** Multiple choice: the letter read from the output, or null when none could be read. */
  extracted: string | null;
  /** Multiple choice: the score of a blind guess (1 / number of options). */
  chance?: number | null;
  /** Refusal tasks: whether the output declined. */
  refused: boolean | null;
  /** The endpoint's content filter blocked the reply (scored as an empty answer; a refusal on refusal tasks). */
  filtered: boolean;
  error: string | null;
  errorKind: ProviderErrorKind | "judge-unparseable" | "judge-error" | null;
  attempts: number;
  latencyMs: number;
  cached: boolean;
  usage: Usage | null;
  /** The judge's verdict when the suite is judged and the run has a judge (then score and pass are the judge's). */
  judge?: JudgeVerdict | null;
  /** The rule pre-checks run before the judge. */
  checks?: PreCheck | null;
}

export interface ModelInfo {
  /** Display name: what reports and records call the model. */
  name: string;
  /** The model spec without secrets. */
  spec: string;
  params: SamplingParams;
  /** The model id the endpoint reported in its replies, when it did. */
  reported?: string;
}

export interface SuiteInfo {
  id: string;
  version: string;
  hash: string;
  criterion: CriterionId;
  subcriterion: string | null;
  task: Task;
  items: number;
  name: { vi: string; en: string };
  /** sha256 of the prompt template and system prompt the suite's items were asked with. */
  templateHash?: string;
  /** Read from a sealed file: items appear in results by hash only. */
  sealed?: boolean;
  /** The suite carries a canary string. */
  canary?: boolean;
  /** The rubric a judge grades the suite by, when it names one. */
  judge?: string;
}

/** What a run was: everything needed to reproduce it and to read its results. */
export interface RunInfo {
  id: string;
  vieval: string;
  node: string;
  startedAt: string;
  finishedAt?: string;
  seed: number;
  repeats: number;
  models: ModelInfo[];
  suites: SuiteInfo[];
  /** The judge and the rubrics it grades by, when the run has one. */
  judge?: { spec: string; params: SamplingParams; rubrics: { id: string; version: string; hash: string }[] };
}
