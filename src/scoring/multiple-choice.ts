import type { Item } from "../suites/schema.js";
import { foldToneMarks } from "../text/normalize.js";
import { extractChoice } from "./extract-choice.js";
import { indexOf } from "./letters.js";
import type { ScorerFactory } from "./types.js";

const goldLetter = (item: Item): string => String(item.answer).trim().toUpperCase();

export const multipleChoice: ScorerFactory = () => ({
  type: "multiple-choice",
  check(item) {
    const problems: string[] = [];
    if (!item.choices) problems.push("choices: a multiple-choice item needs choices");
    else {
      // Same text up to case, spacing and tone-mark placement; punctuation counts ("12 - 2,3" is not "12 + 2,3").
      // Folding tone marks only moves them, so choices that differ without any marks differ with them too.
      const key = (c: string) => c.toLowerCase().replace(/\s+/g, " ").trim();
      const bare = new Set(item.choices.map((c) => key(c.normalize("NFD").replace(/[\u0300-\u036f]/g, ""))));
      const same = bare.size < item.choices.length && new Set(item.choices.map((c) => key(foldToneMarks(c)))).size < item.choices.length;
      if (same) problems.push("choices: two choices have the same text");
    }
    if (typeof item.answer !== "string" || !/^[A-Za-z]$/.test(item.answer.trim())) {
      problems.push("answer: must be one letter");
    } else if (item.choices && indexOf(item.answer.trim()) >= item.choices.length) {
      problems.push(`answer: "${item.answer}" is not one of the ${item.choices.length} choices`);
    }
    return problems;
  },
  score(output, item) {
    const extracted = extractChoice(output, item.choices ?? []);
    const pass = extracted === goldLetter(item);
    return { score: pass ? 1 : 0, pass, extracted };
  },
  expected: goldLetter,
  gold(item) {
    const letter = goldLetter(item);
    return `Đáp án: ${letter}. ${item.choices?.[indexOf(letter)] ?? ""}`.trim();
  },
});

