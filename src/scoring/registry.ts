import { InputError } from "../input-error.js";
import type { Suite, Task } from "../suites/schema.js";
import { multipleChoice } from "./multiple-choice.js";
import { mustInclude } from "./must-include.js";
import { refusal } from "./refusal.js";
import { shortAnswer } from "./short-answer.js";
import type { Scorer, ScorerFactory } from "./types.js";

/** Every scorer, by the `type` a suite names in `scorer: { type }`. */
export const SCORERS: Record<string, ScorerFactory> = {
  "multiple-choice": multipleChoice,
  "short-answer": shortAnswer,
  refusal,
  "must-include": mustInclude,
};

export const DEFAULT_SCORER: Record<Task, string> = {
  "multiple-choice": "multiple-choice",
  "short-answer": "short-answer",
  "open-ended": "must-include",
  refusal: "refusal",
};

export function scorerFor(suite: Pick<Suite, "task" | "scorer" | "file">): Scorer {
  const { type = DEFAULT_SCORER[suite.task], ...options } = suite.scorer ?? {};
  const factory = SCORERS[type];
  if (!factory) {
    throw new InputError(`${suite.file}: scorer.type: unknown scorer "${type}" (known: ${Object.keys(SCORERS).join(", ")})`);
  }
  return factory(options);
}
