import { loadCriteria } from "../../criteria/load.js";
import { checkMap } from "../../importers/generic.js";
import { importSuite } from "../../importers/import-suite.js";
import { importerFor } from "../../importers/registry.js";
import { MappingProblem } from "../../importers/types.js";
import { InputError } from "../../input-error.js";
import type { SuiteFile, Task } from "../../suites/schema.js";

export interface ImportFlags {
  out: string;
  id?: string;
  name?: string;
  criterion?: string;
  subcriterion?: string;
  task?: string;
  map?: string[];
  label?: string[];
  license?: string;
  source?: string;
  origin?: string;
  force?: boolean;
  skipInvalid?: boolean;
}

/** `a=b` pairs; the first `=` splits, so a value may hold `=`. */
function pairs(flag: string, values: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf("=");
    if (at <= 0) throw new InputError(`${flag}: "${v}" should be name=value`);
    out[v.slice(0, at).trim()] = v.slice(at + 1).trim();
  }
  return out;
}

/** `vieval import <format> <file> --out benchmarks/<id>`: a public data file as a vieval suite folder. */
export async function importCommand(format: string, file: string, flags: ImportFlags, argv: string[]): Promise<number> {
  const importer = importerFor(format);
  const map = pairs("--map", flags.map);
  try {
    if (Object.keys(map).length) checkMap(map);
  } catch (e) {
    if (e instanceof MappingProblem) throw new InputError(`${e.field}: ${e.message}`);
    throw e;
  }
  const suite: Partial<SuiteFile> & { nameText?: string } = {};
  if (flags.id) suite.id = flags.id;
  if (flags.name) suite.nameText = flags.name;
  if (flags.criterion) suite.criterion = flags.criterion as SuiteFile["criterion"];
  if (flags.subcriterion) suite.subcriterion = flags.subcriterion;
  if (flags.license) suite.license = flags.license;
  if (flags.source) suite.source = flags.source;
  if (flags.origin) suite.origin = flags.origin as SuiteFile["origin"];
  let outcome;
  try {
    outcome = await importSuite({
      importer,
      file,
      out: flags.out,
      options: { map, labels: pairs("--label", flags.label), task: flags.task as Task | undefined },
      suite,
      force: flags.force,
      skipInvalid: flags.skipInvalid,
      command: ["vieval", ...argv].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" "),
      criteria: loadCriteria(),
    });
  } catch (e) {
    if (e instanceof MappingProblem) throw new InputError(`${e.field}: ${e.message}`);
    throw e;
  }
  const { items, records, dir, skipped } = outcome;
  for (const s of skipped) process.stderr.write(`left out: ${s}\n`);
  const expects = items.filter((i) => i.expect).length;
  const detail = expects ? ` (${items.filter((i) => i.expect === "refuse").length} refuse, ${items.filter((i) => i.expect === "comply").length} comply)` : "";
  const left = skipped.length ? `, ${skipped.length} left out` : "";
  process.stdout.write(`${records} records in, ${items.length} items out${detail}${left}: wrote ${dir}/ (suite.yaml, items.jsonl, README.md)\n`);
  process.stdout.write(`Check it with: vieval validate ${flags.out}\n`);
  return 0;
}
