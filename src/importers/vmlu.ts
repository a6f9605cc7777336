import { readJsonl } from "../suites/read-items.js";
import { at, original, requiredText } from "./fields.js";
import { MappingProblem, type Importer } from "./types.js";

const PREFIX = /^\s*([A-Z])\s*[.):]\s*/;

/** VMLU JSONL: `id`, `question`, `choices` ["A. …", "B. …"…], `answer` (a letter). */
export const vmlu: Importer = {
  format: "vmlu",
  description: 'VMLU JSONL (id, question, choices ["A. …"], answer)',
  origin: { source: "VMLU (vmlu.ai), ZaloAI and JAIST", license: "see the VMLU terms of use" },
  read: async (file, text) => readJsonl(file, text),
  suite: () => ({ criterion: "accuracy", subcriterion: "knowledge", task: "multiple-choice" }),
  toItem(value) {
    const id = requiredText(value, "id");
    const question = requiredText(value, "question");
    const raw = at(value, "choices");
    if (!Array.isArray(raw) || raw.length < 2) throw new MappingProblem("choices", "must be a list of at least 2 options");
    const choices = raw.map((c, i) => {
      if (typeof c !== "string" || !c.trim()) throw new MappingProblem(`choices.${i}`, "must be a non-empty text");
      const m = PREFIX.exec(c);
      const letter = String.fromCharCode(65 + i);
      if (m && m[1] !== letter) throw new MappingProblem(`choices.${i}`, `option ${i + 1} is lettered "${m[1]}", expected "${letter}"`);
      return m ? c.slice(m[0].length) : c;
    });
    if (at(value, "answer") === undefined) throw new MappingProblem("answer", "missing (the VMLU test split has no public answers: import the dev or valid split)");
    const answer = requiredText(value, "answer").trim().toUpperCase();
    if (!/^[A-Z]$/.test(answer) || answer.charCodeAt(0) - 65 >= choices.length) {
      throw new MappingProblem("answer", `"${answer}" is not the letter of one of the ${choices.length} options`);
    }
    return { id, question, choices, answer, meta: original(value) };
  },
};
