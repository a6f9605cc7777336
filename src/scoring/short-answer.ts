import type { Item } from "../suites/schema.js";
import { normalizeText, tokenF1 } from "../text/normalize.js";
import type { ScorerFactory } from "./types.js";

export const acceptedAnswers = (item: Item): string[] =>
  item.answer === undefined ? [] : Array.isArray(item.answer) ? item.answer : [item.answer];

/** Whether `phrase` stands in `text` as whole words (both already normalised). */
export const containsPhrase = (text: string, phrase: string): boolean =>
  phrase !== "" && ` ${text} `.includes(` ${phrase} `);

/**
 * Exact match on normalised text, or an accepted answer standing as a whole phrase in the output, scores 1;
 * otherwise the best token F1. Options: `diacritics: false` compares without diacritics;
 * `threshold`: the score that passes (default 1, only a match passes).
 */
export const shortAnswer: ScorerFactory = (options) => {
  const norm = { diacritics: options.diacritics !== false };
  const threshold = typeof options.threshold === "number" ? options.threshold : 1;
  return {
    type: "short-answer",
    check(item) {
      return acceptedAnswers(item).length === 0 ? ["answer: a short-answer item needs at least one accepted answer"] : [];
    },
    score(output, item) {
      const said = normalizeText(output, norm);
      let best = 0;
      for (const answer of acceptedAnswers(item)) {
        const gold = normalizeText(answer, norm);
        if (said === gold || containsPhrase(said, gold)) return { score: 1, pass: true };
        best = Math.max(best, tokenF1(output, answer, norm));
      }
      return { score: best, pass: best >= threshold };
    },
    expected: (item) => acceptedAnswers(item).join(" | "),
    gold(item) {
      return acceptedAnswers(item)[0] ?? "";
    },
  };
};
