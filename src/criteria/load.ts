import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { InputError, located } from "../input-error.js";
import { packagePath } from "../package-path.js";
import { cachedYaml } from "../yaml-cache.js";
import { Criterion, CRITERION_IDS, Profile, type CriterionId } from "./schema.js";

export const CRITERIA_DIR = packagePath("criteria");

/** Parse a YAML file and validate it, reporting the first problem as `file:line: field: problem`. */
export function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InputError(`${file}: cannot read file`);
  }
  return parseYaml(file, text, schema);
}

/** YAML text checked against a schema; problems name `file:line: field`. */
export function parseYaml<T>(file: string, raw: string, schema: z.ZodType<T>): T {
  return cachedYaml(file, raw, () => checkYaml(file, raw, schema));
}

function checkYaml<T>(file: string, raw: string, schema: z.ZodType<T>): T {
  const text = raw.replace(/^\uFEFF/, "").normalize("NFC");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    // A problem found only at the end of the text (an unclosed quote or bracket) is named on the last line that
    // has something on it, not on the empty line after the final newline.
    const end = text.trimEnd().length;
    const atEnd = err.pos[0] >= end;
    const line = lines.linePos(atEnd ? Math.max(0, end - 1) : err.pos[0]).line;
    throw new InputError(located(file, line, undefined, `invalid YAML: ${err.message.split("\n")[0]}${atEnd ? " (at the end of the file)" : ""}`));
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  // A misspelt key is the likeliest cause of the other problems ("taks:" also leaves "task" missing): name it first.
  const issue = parsed.error.issues.find((i) => i.code === "unrecognized_keys") ?? parsed.error.issues[0];
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") path.push(issue.keys[0]);
  let line: number | undefined;
  for (let n = path.length; n >= 0 && line === undefined; n--) {
    const node = n === 0 ? doc.contents : keyOrValue(doc, path.slice(0, n));
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) line = lines.linePos(range[0]).line;
  }
  const message = issue.code === "unrecognized_keys" ? "unknown field (misspelt?)" : issue.message;
  throw new InputError(located(file, line, path.join(".") || undefined, message));
}

/** The key node at a path (where a misspelt or missing field stands), else the value node. */
function keyOrValue(doc: ReturnType<typeof parseDocument>, path: string[]): unknown {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path[path.length - 1]);
    if (pair) return pair.key;
  }
  return doc.getIn(path, true);
}

export function loadCriteria(dir = CRITERIA_DIR): Map<CriterionId, Criterion> {
  const out = new Map<CriterionId, Criterion>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const c = readYaml(join(dir, name), Criterion);
    if (basename(name, ".yaml") !== c.id) throw new InputError(`${join(dir, name)}: id: must match the file name`);
    out.set(c.id, c);
  }
  // In the framework's own order (accuracy, safety, explainability, …), as every table and chart shows them.
  const rank = (id: CriterionId) => CRITERION_IDS.indexOf(id);
  return new Map([...out].sort(([a], [b]) => rank(a) - rank(b)));
}

/** A profile by name (built-in `criteria/profiles/<name>.yaml`) or by path. */
export function loadProfile(nameOrPath: string, dir = CRITERIA_DIR): Profile {
  const builtin = join(dir, "profiles", `${nameOrPath}.yaml`);
  const file = existsSync(builtin) ? builtin : nameOrPath;
  if (!existsSync(file)) {
    const known = readdirSync(join(dir, "profiles")).map((f) => basename(f, ".yaml"));
    throw new InputError(`profile: unknown profile "${nameOrPath}" (built-in: ${known.join(", ")}; or give a path)`);
  }
  return readYaml(file, Profile);
}

/** The default profile built from the weights and thresholds in the criteria files. */
export function defaultProfile(criteria: Map<CriterionId, Criterion>): Profile {
  const entries = [...criteria.values()].map((c) => [c.id, { weight: c.weight, threshold: c.threshold }]);
  return {
    id: "default",
    name: { vi: "Mặc định", en: "Default" },
    threshold: 0.6,
    max_error_rate: 0.05,
    criteria: Object.fromEntries(entries),
  };
}
