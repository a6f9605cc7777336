import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { parseYaml } from "../criteria/load.js";
import type { Criterion, CriterionId } from "../criteria/schema.js";
import { InputError, located } from "../input-error.js";
import { packagePath } from "../package-path.js";
import { scorerFor } from "../scoring/registry.js";
import { DEFAULT_TEMPLATES, templateProblem } from "./prompt.js";
import { loadRubrics } from "../judge/rubric.js";
import { readCsv, readJsonl } from "./read-items.js";
import { Item, SuiteFile, type Suite } from "./schema.js";
import { isSealed, openSealed } from "./seal.js";
import { isBundleFile } from "../bundle/file.js";
import { canonicalJson } from "../canonical-json.js";

export const BENCHMARKS_DIR = packagePath("benchmarks");

/** Ids of the built-in suites, sorted. */
export function builtinSuiteIds(dir = BENCHMARKS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "suite.yaml")))
    .map((d) => d.name)
    .sort();
}

/** A suite named by built-in id, by folder, or by its suite.yaml path. */
export function resolveSuiteFile(ref: string, dir = BENCHMARKS_DIR): string {
  const builtin = join(dir, ref, "suite.yaml");
  if (/^[a-z0-9][a-z0-9._-]*$/.test(ref) && existsSync(builtin)) return builtin;
  const path = resolve(ref);
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (existsSync(join(path, "suite.yaml"))) return join(path, "suite.yaml");
    throw new InputError(`${ref}: no suite.yaml in this folder`);
  }
  if (existsSync(path)) return path;
  if (/[\\/]|\.(ya?ml|jsonl|csv|sealed)$/i.test(ref)) throw new InputError(`suite: no such file or folder: ${ref}`);
  throw new InputError(`suite: unknown suite "${ref}" (run "vieval list" for the built-in ones, or give a path)`);
}

const readText = (file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch {
    throw new InputError(`${file}: cannot read file`);
  }
};

/** Where a suite's files come from: its folder, or a sealed file opened in memory. */
interface SuiteSource {
  /** What messages name: suite.yaml's path, or the sealed file's. */
  file: string;
  dir: string;
  sealed: boolean;
  /** A file of the suite by its name in suite.yaml; undefined when it is missing. */
  read(name: string): Buffer | undefined;
  /** How messages name one of its files. */
  name(file: string): string;
}

function sourceOf(file: string, sealKey?: Buffer): SuiteSource {
  if (isBundleFile(file)) {
    throw new InputError(`${file}: a submission bundle, not a suite (vieval verify and vieval rerun read bundles)`);
  }
  if (isSealed(file)) {
    const { files } = openSealed(file, sealKey);
    return {
      file,
      dir: dirname(file),
      sealed: true,
      read: (name) => (typeof files[name] === "string" ? Buffer.from(files[name], "utf8") : undefined),
      name: (name) => `${file}#${name}`,
    };
  }
  const dir = dirname(file);
  return {
    file,
    dir,
    sealed: false,
    read: (name) => (existsSync(join(dir, name)) ? readText(join(dir, name)) : undefined),
    name: (name) => join(dir, name),
  };
}

export interface SuiteOptions {
  /** The key that opens sealed suites. */
  sealKey?: Buffer;
}

/**
 * Load a suite and check every item; returns the suite and every problem found (`file:line: field: problem`).
 * Text is normalised to NFC; a UTF-8 BOM and CRLF line ends are accepted.
 */
export async function inspectSuite(
  ref: string,
  criteria?: Map<CriterionId, Criterion>,
  options: SuiteOptions = {},
): Promise<{ suite?: Suite; problems: string[] }> {
  const source = sourceOf(resolveSuiteFile(ref), options.sealKey);
  const file = source.sealed ? source.name("suite.yaml") : source.file;
  const yamlBytes = source.read(source.sealed ? "suite.yaml" : basename(source.file)) ?? readText(source.file);
  const yamlText = yamlBytes.toString("utf8");
  let def: SuiteFile;
  try {
    def = parseYaml(file, yamlText, SuiteFile);
  } catch (e) {
    if (e instanceof InputError) return { problems: [e.message] };
    throw e;
  }
  const problems: string[] = [];
  const dir = source.dir;
  /** The line of a top-level key in suite.yaml. */
  const keyLine = (key: string): number | undefined => {
    const at = yamlText.search(new RegExp(`^${key}\\s*:`, "m"));
    return at < 0 ? undefined : yamlText.slice(0, at).split("\n").length;
  };
  const subs = criteria?.get(def.criterion)?.subcriteria.map((s) => s.id);
  if (def.subcriterion && subs && !subs.includes(def.subcriterion)) {
    problems.push(located(file, keyLine("subcriterion"), "subcriterion", `"${def.subcriterion}" is not a subcriterion of ${def.criterion} (${subs.join(", ")})`));
  }
  if (def.judge) {
    const rubrics = loadRubrics();
    if (!rubrics.has(def.judge)) problems.push(located(file, keyLine("judge"), "judge", `unknown rubric "${def.judge}" (known: ${[...rubrics.keys()].join(", ")})`));
  }
  const itemsFile = source.name(def.items);
  const itemBytes = source.read(def.items);
  if (!itemBytes) return { problems: [...problems, located(file, keyLine("items"), "items", `file not found: ${def.items}`)] };
  const text = itemBytes.toString("utf8").replace(/^\uFEFF/, "").normalize("NFC");
  let template = DEFAULT_TEMPLATES[def.task];
  let templateBytes: Buffer = Buffer.alloc(0);
  if (def.prompt) {
    const bytes = source.read(def.prompt);
    if (!bytes) return { problems: [...problems, located(file, keyLine("prompt"), "prompt", `file not found: ${def.prompt}`)] };
    templateBytes = bytes;
    template = templateBytes.toString("utf8").replace(/^\uFEFF/, "").normalize("NFC");
    const bad = templateProblem(template);
    if (bad) problems.push(located(source.name(def.prompt), undefined, undefined, `invalid template: ${bad}`));
  }
  const ext = extname(itemsFile).toLowerCase();
  const read = ext === ".csv" ? await readCsv(itemsFile, text) : readJsonl(itemsFile, text);
  problems.push(...read.problems);

  const hash = createHash("sha256").update(yamlBytes).update(itemBytes).update(templateBytes).digest("hex");
  const suite: Suite = { ...def, dir, file, itemsFile, items: [], hash, template, sealed: source.sealed };
  let scorer;
  try {
    scorer = scorerFor(suite);
  } catch (e) {
    if (e instanceof InputError) problems.push(e.message);
    else throw e;
  }
  const seen = new Map<string, number>();
  for (const { line, value } of read.records) {
    const parsed = Item.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys) problems.push(located(itemsFile, line, key, "unknown field (misspelt? keep extra data under meta)"));
        } else problems.push(located(itemsFile, line, issue.path.join(".") || undefined, issue.message));
      }
      continue;
    }
    const item = parsed.data;
    const first = seen.get(item.id);
    if (first !== undefined) problems.push(located(itemsFile, line, "id", `duplicate id "${item.id}" (first on line ${first})`));
    seen.set(item.id, line);
    for (const p of scorer?.check(item, suite) ?? []) problems.push(`${itemsFile}:${line}: ${p}`);
    suite.items.push(item);
  }
  if (read.records.length === 0 && read.problems.length === 0) problems.push(located(itemsFile, undefined, undefined, "no items"));
  return { suite, problems: byLine(problems) };
}

/** Problems in file order, then line order (a stable sort keeps same-line problems as found). */
function byLine(problems: string[]): string[] {
  const key = (p: string) => {
    const m = /^(.*?):(\d+): /.exec(p);
    return m ? { file: m[1], line: Number(m[2]) } : { file: p.split(": ")[0], line: 0 };
  };
  return [...problems].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x.file === y.file ? x.line - y.line : 0;
  });
}

/** Load a suite for a run: the first problem ends it with a clear message. */
export async function loadSuite(ref: string, criteria?: Map<CriterionId, Criterion>, options: SuiteOptions = {}): Promise<Suite> {
  const { suite, problems } = await inspectSuite(ref, criteria, options);
  if (problems.length > 0 || !suite) {
    const rest = problems.length - 1;
    const more = rest > 0 ? ` (and ${rest} more problem${rest === 1 ? "" : "s"}: run "vieval validate ${ref}")` : "";
    throw new InputError(problems[0] + more);
  }
  return suite;
}

/** The hash that names an item without its text: sha256 of its canonical JSON (RFC 8785). */
export function itemHash(item: Item): string {
  return createHash("sha256").update(canonicalJson(item)).digest("hex");
}

/** sha256 of what frames every prompt of a suite: its template and its system prompt. */
export function templateHash(suite: Pick<Suite, "template" | "system">): string {
  return createHash("sha256").update(JSON.stringify([suite.template, suite.system ?? null])).digest("hex");
}
