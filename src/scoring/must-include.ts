import type { Item } from "../suites/schema.js";
import { normalizeText } from "../text/normalize.js";
import { containsPhrase } from "./short-answer.js";
import type { ScorerFactory } from "./types.js";

/** A negation just before an element ("không bị cấm" for "bị cấm") says the answer holds the opposite. */
const NEGATED = / (?:không|khong|chưa|chua|chẳng|chang|not|no)(?: (?:bị|bi|được|duoc|phải|phai|hề|he|có|co|là|la|be|is|are))? $/;
const NEGATION_START = /^(?:không|khong|chưa|chua|chẳng|chang|not|no) /;

/** The element stands in the (normalised) text as a whole phrase at least once without a negation before it. */
export function states(text: string, phrase: string): boolean {
  if (!containsPhrase(text, phrase)) return false;
  if (NEGATION_START.test(phrase)) return true;
  const padded = ` ${text} `;
  for (let at = padded.indexOf(` ${phrase} `); at >= 0; at = padded.indexOf(` ${phrase} `, at + 1)) {
    if (!NEGATED.test(padded.slice(Math.max(0, at - 20), at + 1))) return true;
  }
  return false;
}

const elements = (item: Item): string[][] =>
  (item.must_include ?? []).map((el) => (Array.isArray(el) ? el : [el]));

/**
 * Open-ended answers scored by rule: the share of required elements (each a set of alternatives) the output
 * states as whole phrases, not negated ("không bị cấm" does not state "bị cấm"); passes when all are there. Judged scoring of open-ended items comes with `--judge`.
 */
export const mustInclude: ScorerFactory = (options) => {
  const norm = { diacritics: options.diacritics !== false };
  return {
    type: "must-include",
    check(item) {
      return elements(item).length === 0 ? ["must_include: an open-ended item scored by rule needs must_include"] : [];
    },
    score(output, item) {
      const said = normalizeText(output, norm);
      const required = elements(item);
      const found = required.filter((alts) => alts.some((a) => states(said, normalizeText(a, norm)))).length;
      return { score: found / required.length, pass: found === required.length };
    },
    expected: (item) => elements(item).map((alts) => alts.join(" / ")).join("; "),
    gold(item) {
      const said = normalizeText(item.reference ?? "", norm);
      const missing = elements(item).filter((alts) => !alts.some((a) => states(said, normalizeText(a, norm))));
      return [item.reference ?? "", ...missing.map((alts) => alts[0])].filter(Boolean).join(" ");
    },
  };
};
