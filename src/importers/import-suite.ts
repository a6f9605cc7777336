import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { stringify } from "yaml";
import type { Criterion, CriterionId } from "../criteria/schema.js";
import { InputError, located } from "../input-error.js";
import { inspectSuite } from "../suites/load.js";
import { SuiteFile, type Item } from "../suites/schema.js";
import { datasheet } from "./datasheet.js";
import { MappingProblem, type ImportOptions, type Importer } from "./types.js";

export interface ImportRequest {
  importer: Importer;
  file: string;
  out: string;
  options: ImportOptions;
  /** suite.yaml fields the user set: id, name, criterion, subcriterion, license, source, origin… */
  suite: Partial<SuiteFile> & { nameText?: string };
  force?: boolean;
  /** Leave out records that cannot become valid items (each is listed) instead of stopping at the first. */
  skipInvalid?: boolean;
  command: string;
  criteria?: Map<CriterionId, Criterion>;
}

export interface ImportOutcome {
  dir: string;
  records: number;
  items: Item[];
  /** Records left out with --skip-invalid, as `file:line: field: problem`. */
  skipped: string[];
}

/**
 * Turn a public data file into a vieval suite folder. Lossless: one item per record, every label mapped, the
 * record kept under `meta.original`. The first record that cannot be mapped ends the import with its line;
 * the folder is written beside the target, checked as `vieval validate` would, and only then moved into place.
 */
export async function importSuite(req: ImportRequest): Promise<ImportOutcome> {
  const { importer, file, options } = req;
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "").normalize("NFC");
  } catch {
    throw new InputError(`${file}: cannot read file`);
  }
  const read = await importer.read(file, text);
  if (read.problems.length) throw new InputError(read.problems[0]);
  if (read.records.length === 0) throw new InputError(`${file}: no records`);

  const skipped: string[] = [];
  let rows: { line: number; item: Record<string, unknown> }[] = [];
  read.records.forEach(({ line, value }, index) => {
    try {
      rows.push({ line, item: importer.toItem(value, index, options) });
    } catch (e) {
      if (!(e instanceof MappingProblem)) throw e;
      const problem = located(file, line, e.field, e.message);
      if (!req.skipInvalid) throw new InputError(problem);
      skipped.push(problem);
    }
  });

  const dir = resolve(req.out);
  const { nameText, ...chosen } = req.suite;
  const defaults = importer.suite(options, rows.map((r) => r.item));
  const id = chosen.id ?? basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "");
  const title = nameText ?? `${basename(file)} (imported)`;
  const def = SuiteFile.safeParse({
    id,
    version: "1.0.0",
    name: { vi: title, en: title },
    ...defaults,
    ...chosen,
    items: "items.jsonl",
    license: chosen.license ?? importer.origin.license,
    source: chosen.source ?? importer.origin.source,
  });
  if (!def.success) {
    const issue = def.error.issues[0];
    throw new InputError(`import: ${issue.path.join(".") || "suite"}: ${issue.message}`);
  }

  if (existsSync(dir) && readdirSync(dir).length > 0 && !req.force) {
    throw new InputError(`${req.out}: already exists and is not empty (--force replaces it)`);
  }
  const staging = join(dirname(dir), `.${basename(dir)}.importing-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    writeFileSync(join(staging, "suite.yaml"), stringify(def.data, { lineWidth: 0 }));
    let checked = await writeAndCheck(staging, rows, req.criteria);
    if (checked.problems.length && req.skipInvalid) {
      const bad = new Set<number>();
      for (const p of checked.problems) {
        const n = itemLine(p, staging);
        if (n === undefined) break;
        bad.add(n - 1);
        skipped.push(backToSource(p, staging, file, rows));
      }
      rows = rows.filter((_, i) => !bad.has(i));
      checked = await writeAndCheck(staging, rows, req.criteria);
    }
    const suite = checked.suite;
    if (checked.problems.length || !suite) throw new InputError(backToSource(checked.problems[0] ?? "import: invalid suite", staging, file, rows));
    const source = { file: basename(file), command: req.command, source: def.data.source ?? "", license: def.data.license ?? "" };
    writeFileSync(join(staging, "README.md"), datasheet(def.data, suite.items, source, skipped));
    if (existsSync(dir)) {
      const old = `${staging}.old`;
      renameSync(dir, old);
      renameSync(staging, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(dirname(dir), { recursive: true });
      renameSync(staging, dir);
    }
    return { dir, records: read.records.length, items: suite.items, skipped };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function writeAndCheck(staging: string, rows: { item: Record<string, unknown> }[], criteria?: Map<CriterionId, Criterion>) {
  writeFileSync(join(staging, "items.jsonl"), rows.map((r) => JSON.stringify(r.item)).join("\n") + "\n");
  return inspectSuite(staging, criteria);
}

/** The items.jsonl line a problem of the staged suite names, if it names one. */
function itemLine(problem: string, staging: string): number | undefined {
  const prefix = `${join(staging, "items.jsonl")}:`;
  if (!problem.startsWith(prefix)) return undefined;
  const n = Number.parseInt(problem.slice(prefix.length), 10);
  return Number.isNaN(n) ? undefined : n;
}

/** A problem found in the written items.jsonl, told at the line of the source record it came from. */
function backToSource(problem: string, staging: string, file: string, rows: { line: number }[]): string {
  const n = itemLine(problem, staging);
  if (n !== undefined) return `${file}:${rows[n - 1]?.line ?? "?"}: ${problem.slice(problem.indexOf(": ") + 2)}`;
  return problem.replaceAll(staging, "(imported suite)");
}
