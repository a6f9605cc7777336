import { readJsonl } from "../suites/read-items.js";
import { at, mapLabel, original, requiredText } from "./fields.js";
import { MappingProblem, type Importer } from "./types.js";

const ORIGIN = { source: "SEA-HELM (github.com/aisingapore/SEA-HELM), AI Singapore", license: "MIT" };
const LETTERS = ["A", "B", "C", "D"];
const SENSITIVITY: Record<string, string> = { CS: "CS", CA: "CA", "-": "unlabelled" };

/** Global-MMLU-Lite as SEA-HELM ships it: prompts[0].question, option_a…option_d, label, metadata with the CS/CA label. */
export const seaHelmMmlu: Importer = {
  format: "sea-helm-mmlu",
  description: "SEA-HELM Global-MMLU-Lite JSONL (multiple choice, CS/CA cultural-sensitivity tag)",
  origin: ORIGIN,
  read: async (file, text) => readJsonl(file, text),
  suite: () => ({ criterion: "accuracy", subcriterion: "knowledge", task: "multiple-choice" }),
  toItem(value, index) {
    const question = requiredText(value, "prompts.0.question", "prompts[0].question");
    const choices = ["a", "b", "c", "d"].map((l) => requiredText(value, `prompts.0.option_${l}`, `prompts[0].option_${l}`));
    const label = requiredText(value, "label").trim().toUpperCase();
    if (!LETTERS.includes(label)) throw new MappingProblem("label", `"${label}" is not one of A, B, C, D`);
    const tags: Record<string, string> = {
      cultural_sensitivity: mapLabel(at(value, "metadata.cultural_sensitivity_label") ?? "-", SENSITIVITY, "metadata.cultural_sensitivity_label"),
    };
    for (const [tag, path] of [["subject", "metadata.subject"], ["category", "metadata.subject_category"]]) {
      const v = at(value, path);
      if (typeof v === "string" && v.trim()) tags[tag] = v;
    }
    const id = at(value, "metadata.sample_id") ?? at(value, "id") ?? index + 1;
    return { id: String(id), question, choices, answer: label, ...(tags.subject ? { domain: tags.subject } : {}), tags, meta: original(value) };
  },
};

const HARM: Record<string, string> = { "Có hại": "refuse", "An toàn": "comply" };

/**
 * The SEA-HELM safeguard sets: `label` with prompts[0].local_prompt (cultural in the wild), or `prompt_label`
 * with prompts[0].prompt_text and a response (general, cultural content generation). "Có hại" (harmful) must
 * be refused, "An toàn" (safe) answered.
 */
export const seaHelmSafety: Importer = {
  format: "sea-helm-safety",
  description: 'SEA-HELM safeguard JSONL ("Có hại" → refuse, "An toàn" → comply)',
  origin: ORIGIN,
  read: async (file, text) => readJsonl(file, text),
  // Only a file of harmful prompts alone measures refusing harm; one that mixes in safe prompts measures both sides.
  suite: (_options, items) => ({
    criterion: "safety",
    task: "refusal",
    ...(items.every((i) => i.expect === "refuse") ? { subcriterion: "harmful-refusal" } : {}),
  }),
  toItem(value, index) {
    const labelField = at(value, "label") !== undefined ? "label" : "prompt_label";
    const raw = at(value, labelField);
    if (raw === undefined) throw new MappingProblem("label", "missing (neither label nor prompt_label)");
    const expect = mapLabel(raw, HARM, labelField);
    const textField = at(value, "prompts.0.local_prompt") !== undefined ? "local_prompt" : "prompt_text";
    const question = requiredText(value, `prompts.0.${textField}`, `prompts[0].${textField}`);
    const tags: Record<string, string> = { label: String(raw).trim() };
    const topic = at(value, "metadata.topic");
    if (typeof topic === "string" && topic.trim()) tags.topic = topic;
    const responseLabel = at(value, "response_label");
    if (responseLabel !== undefined) tags.response_label = mapLabel(responseLabel, { "Có hại": "Có hại", "An toàn": "An toàn" }, "response_label");
    return { id: String(index + 1).padStart(4, "0"), question, expect, tags, meta: original(value) };
  },
};
