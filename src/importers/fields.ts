import { MappingProblem } from "./types.js";

/** The value at a dotted path: `prompts.0.question`. */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A non-empty text at `path`, or a mapping problem naming the field. */
export function requiredText(value: unknown, path: string, field = path): string {
  const v = at(value, path);
  if (typeof v === "number") return String(v);
  if (typeof v !== "string" || v.trim() === "") throw new MappingProblem(field, v === undefined ? "missing" : "must be a non-empty text");
  return v;
}

/** A label mapped through a table: an unknown label is a problem, never a silent default. */
export function mapLabel(raw: unknown, table: Record<string, string>, field: string): string {
  const key = typeof raw === "string" ? raw.trim() : String(raw);
  const mapped = table[key];
  if (mapped === undefined) {
    throw new MappingProblem(field, `label "${key}" is not mapped (known: ${Object.keys(table).map((k) => `"${k}"`).join(", ")})`);
  }
  return mapped;
}

/** The record as it was, for `meta`: nothing of the source is lost. */
export const original = (value: unknown): Record<string, unknown> => ({ original: value });
