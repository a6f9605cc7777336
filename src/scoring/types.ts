import type { Item, Suite } from "../suites/schema.js";

/** What a scorer makes of one output. */
export interface Verdict {
  score: number;
  pass: boolean;
  /** Multiple choice: the letter read from the output, or null when none could be read. */
  extracted?: string | null;
  /** Refusal tasks: whether the output declined. */
  refused?: boolean;
}

/** Scores one item's output. A new scorer is one file exporting a `ScorerFactory` plus one registry line. */
export interface Scorer {
  readonly type: string;
  /** Problems with an item for this scorer (missing answer, letter out of range…), as `field: problem`. */
  check(item: Item, suite: Suite): string[];
  score(output: string, item: Item, suite: Suite): Verdict;
  /** The gold answer in short, as results and reports show it (a letter, the accepted answers, refuse/comply). */
  expected(item: Item, suite: Suite): string;
  /** The output a perfect model would give; baseline:gold answers with it. */
  gold(item: Item, suite: Suite): string;
}

export type ScorerFactory = (options: Record<string, unknown>) => Scorer;
