import type { Item } from "../suites/schema.js";
import { normalizeText, tokenF1 } from "../text/normalize.js";
import type { ScorerFactory } from "./types.js";

export const acceptedAnswers = (item: Item): string[] =>
  item.answer === undefined ? [] : Array.isArray(item.answer) ? item.answer : [item.answer];

/** Whether `phrase` stands in `text` as whole words (both already normalised). */
export const containsPhrase = (text: string, phrase: string): boolean =>
  phrase !== "" && ` ${text} `.includes(` ${phrase} `);

/** A denial just before an answer ("không phải 1945", "not 1945") says it is not the answer. */
const DENIED = / (?:không phải(?: là)?|khong phai(?: la)?|chứ không phải|chu khong phai|chẳng phải|chang phai|not|isn t|is not) $/;
/** Where a worked answer states its result: then only what follows the last of these counts. */
const FINAL = / (?:đáp số|dap so|đáp án là|dap an la|câu trả lời là|cau tra loi la|kết quả cuối cùng|ket qua cuoi cung|final answer|the answer is) /g;

/**
 * The phrase stands in the (normalised) text as the answer: not only denied ("không phải 1945"), and, when the
 * text states its result ("Đáp số: …"), inside that statement rather than among the steps before it.
 */
export function answers(text: string, phrase: string): boolean {
  if (phrase === "") return false;
  const padded = ` ${text} `;
  let from = 0;
  for (const m of padded.matchAll(FINAL)) from = m.index;
  const scope = padded.slice(from);
  for (let at = scope.indexOf(` ${phrase} `); at >= 0; at = scope.indexOf(` ${phrase} `, at + 1)) {
    if (!DENIED.test(scope.slice(Math.max(0, at - 24), at + 1))) return true;
  }
  return false;
}

/**
 * Exact match on normalised text, or an accepted answer standing as a whole phrase in the output (not denied,
 * and inside the stated result when the output states one: "Đáp số: …") scores 1 and passes; otherwise the
 * best token F1, below 1. Options: `diacritics: false` compares without diacritics;
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
        if (said === gold || answers(said, gold)) return { score: 1, pass: true };
        best = Math.max(best, tokenF1(output, answer, norm));
      }
      // Token F1 ignores order ("9/2/1945" has the tokens of "2/9/1945"): short of a match it stays below 1.
      best = Math.min(best, 0.99);
      return { score: best, pass: threshold < 1 && best >= threshold };
    },
    expected: (item) => acceptedAnswers(item).join(" | "),
    gold(item) {
      return acceptedAnswers(item)[0] ?? "";
    },
  };
};
