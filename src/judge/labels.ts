import { InputError, located } from "../input-error.js";
import { readJsonl } from "../suites/read-items.js";
import type { Rubric } from "./rubric.js";

/** One human-labelled answer: what was asked, what the model said, and the label on the rubric's scale. */
export interface LabelledAnswer {
  line: number;
  prompt: string;
  response: string;
  /** The label as a score on the rubric's scale. */
  score: number;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v : undefined);

/**
 * A labels file: JSONL of `{prompt, response, label}` (label a score or one of the rubric's label names), or
 * the SEA-HELM safeguard shape as it is (`prompts[0].prompt_text`, `prompts[0].response_text`, `response_label`).
 */
export function readLabels(file: string, content: string, rubric: Rubric): LabelledAnswer[] {
  const { records, problems } = readJsonl(file, content.replace(/^\uFEFF/, "").normalize("NFC"));
  if (problems.length) throw new InputError(problems[0]);
  if (!records.length) throw new InputError(`${file}: no records`);
  const byName = new Map(Object.entries(rubric.labels ?? {}).map(([score, name]) => [name, Number(score)]));
  return records.map(({ line, value }) => {
    const v = value as Record<string, unknown>;
    const first = Array.isArray(v.prompts) ? (v.prompts[0] as Record<string, unknown>) : undefined;
    const prompt = text(v.prompt) ?? text(first?.prompt_text) ?? text(first?.local_prompt);
    const response = text(v.response) ?? text(first?.response_text);
    const raw = v.response_label ?? v.label;
    if (!prompt) throw new InputError(located(file, line, "prompt", "missing (prompt, or prompts[0].prompt_text)"));
    if (!response) throw new InputError(located(file, line, "response", "missing: a judge is compared on answers it grades (response, or prompts[0].response_text)"));
    const score = typeof raw === "number" ? raw : typeof raw === "string" ? byName.get(raw.trim()) ?? (/^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined) : undefined;
    const { min, max } = rubric.scale;
    if (score === undefined || score < min || score > max) {
      const names = [...byName.keys()].map((n) => `"${n}"`).join(", ");
      throw new InputError(located(file, line, "label", `"${String(raw)}" is not a score from ${min} to ${max}${names ? ` or one of ${names}` : ""}`));
    }
    return { line, prompt, response, score };
  });
}
