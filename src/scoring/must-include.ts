import type { Item } from "../suites/schema.js";
import { normalizeText } from "../text/normalize.js";
import { containsPhrase } from "./short-answer.js";
import type { ScorerFactory } from "./types.js";

const elements = (item: Item): string[][] =>
  (item.must_include ?? []).map((el) => (Array.isArray(el) ? el : [el]));

/**
 * Open-ended answers scored by rule: the share of required elements (each a set of alternatives) the output
 * contains as whole phrases; passes when all are there. Judged scoring of open-ended items comes with `--judge`.
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
      const found = required.filter((alts) => alts.some((a) => containsPhrase(said, normalizeText(a, norm)))).length;
      return { score: found / required.length, pass: found === required.length };
    },
    expected: (item) => elements(item).map((alts) => alts.join(" / ")).join("; "),
    gold(item) {
      const said = normalizeText(item.reference ?? "", norm);
      const missing = elements(item).filter((alts) => !alts.some((a) => containsPhrase(said, normalizeText(a, norm))));
      return [item.reference ?? "", ...missing.map((alts) => alts[0])].filter(Boolean).join(" ");
    },
  };
};
