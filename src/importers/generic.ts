import { readCsv, readJsonl } from "../suites/read-items.js";
import type { Task } from "../suites/schema.js";
import { at, mapLabel, original, requiredText } from "./fields.js";
import { MappingProblem, type ImportOptions, type Importer } from "./types.js";

const TEXT_FIELDS = ["question", "reference", "rubric", "domain", "source", "law_id", "article"] as const;

/** The task the mapped fields describe, unless `--task` says. */
export function taskOf(options: ImportOptions): Task {
  if (options.task) return options.task;
  const m = options.map;
  if (m.choices) return "multiple-choice";
  if (m.expect) return "refusal";
  if (m.reference || m.must_include) return "open-ended";
  if (m.answer) return "short-answer";
  throw new MappingProblem("--map", "map at least question and one of choices, answer, expect or reference (or give --task)");
}

function answerLetter(raw: string, choices: string[], options: ImportOptions): string {
  const mapped = Object.keys(options.labels).length ? mapLabel(raw, options.labels, options.map.answer) : raw.trim();
  if (/^[A-Za-z]$/.test(mapped) && mapped.toUpperCase().charCodeAt(0) - 65 < choices.length) return mapped.toUpperCase();
  const byText = choices.findIndex((c) => c.trim() === mapped);
  if (byText >= 0) return String.fromCharCode(65 + byText);
  throw new MappingProblem(options.map.answer, `"${raw}" is neither an option letter nor the text of an option`);
}

/** One mapped record: every item field read from the column `--map` names for it. */
function toItem(value: unknown, index: number, options: ImportOptions): Record<string, unknown> {
  const task = taskOf(options);
  const m = options.map;
  if (!m.question) throw new MappingProblem("--map", "question=<column> is required");
  const item: Record<string, unknown> = { id: m.id ? requiredText(value, m.id) : String(index + 1).padStart(4, "0") };
  for (const field of TEXT_FIELDS) {
    if (!m[field]) continue;
    const v = at(value, m[field]);
    if (field === "question" || (v !== undefined && v !== null && v !== "")) item[field] = requiredText(value, m[field]);
  }
  if (task === "multiple-choice") {
    if (!m.choices || !m.answer) throw new MappingProblem("--map", "multiple choice needs choices=<col,col,…> and answer=<column>");
    const cols = m.choices.split(",").map((c) => c.trim());
    const listed = cols.length === 1 ? at(value, cols[0]) : undefined;
    const choices = Array.isArray(listed) ? listed.map(String) : cols.map((c) => at(value, c)).filter((v) => v !== undefined && v !== "").map(String);
    if (choices.length < 2) throw new MappingProblem(m.choices, "fewer than 2 options");
    item.choices = choices;
    item.answer = answerLetter(requiredText(value, m.answer), choices, options);
  } else if (task === "short-answer") {
    if (!m.answer) throw new MappingProblem("--map", "short answer needs answer=<column>");
    item.answer = requiredText(value, m.answer).split("|").map((s) => s.trim()).filter(Boolean);
  } else if (task === "refusal") {
    if (!m.expect) throw new MappingProblem("--map", "refusal needs expect=<column> and --label <value>=refuse|comply");
    const raw = requiredText(value, m.expect);
    item.expect = Object.keys(options.labels).length ? mapLabel(raw, options.labels, m.expect) : raw.trim();
    if (item.expect !== "refuse" && item.expect !== "comply") {
      throw new MappingProblem(m.expect, `"${raw}" is not refuse or comply (map labels with --label "<value>=refuse")`);
    }
  } else if (m.must_include) {
    item.must_include = requiredText(value, m.must_include).split(";").map((s) => s.split("|").map((x) => x.trim()).filter(Boolean));
  }
  const tags: Record<string, string> = {};
  for (const [field, column] of Object.entries(m)) {
    if (!field.startsWith("tags.")) continue;
    const v = at(value, column);
    if (v !== undefined && v !== null && v !== "") tags[field.slice(5)] = String(v);
  }
  if (Object.keys(tags).length) item.tags = tags;
  item.meta = original(value);
  return item;
}

const KNOWN = new Set(["id", "choices", "answer", "expect", "must_include", ...TEXT_FIELDS]);

/** Rejects a `--map` naming a field vieval does not have, before any record is read. */
export function checkMap(map: Record<string, string>): void {
  for (const field of Object.keys(map)) {
    if (!KNOWN.has(field) && !field.startsWith("tags.")) {
      throw new MappingProblem("--map", `unknown item field "${field}" (known: ${[...KNOWN].join(", ")}, tags.<name>)`);
    }
  }
}

const generic = (format: "jsonl" | "csv"): Importer => ({
  format,
  description: `any ${format.toUpperCase()} file, columns mapped with --map field=column (and --label value=mapped)`,
  origin: { source: "(name the source with --source)", license: "(name the licence with --license)" },
  read: async (file, text) => (format === "csv" ? readCsv(file, text, (row) => row) : readJsonl(file, text)),
  suite: (options) => {
    const task = taskOf(options);
    return { criterion: task === "refusal" ? "safety" : "accuracy", task };
  },
  toItem,
});

export const jsonl = generic("jsonl");
export const csv = generic("csv");
