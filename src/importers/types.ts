import type { RawRecord } from "../suites/read-items.js";
import type { SuiteFile, Task } from "../suites/schema.js";

/** What the user passed to `vieval import`. */
export interface ImportOptions {
  /** `--map field=column`: item field ← source column (dotted paths reach into JSON objects). */
  map: Record<string, string>;
  /** `--label value=refuse`: a source label → an item value (for `expect`, or a letter for `answer`). */
  labels: Record<string, string>;
  task?: Task;
}

/** Why one source record could not be mapped: reported as `file:line: field: problem`. */
export class MappingProblem extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(problem);
  }
}

/**
 * One public data format. `read` gives the records with their lines, `toItem` maps one record to a
 * vieval item (keeping the whole original under `meta`), `suite` gives the suite.yaml defaults.
 */
export interface Importer {
  format: string;
  description: string;
  read(file: string, text: string): Promise<{ records: RawRecord[]; problems: string[] }>;
  toItem(value: unknown, index: number, options: ImportOptions): Record<string, unknown>;
  /** suite.yaml's fields for these items (the items mapped from the file, valid or not). */
  suite(options: ImportOptions, items: Record<string, unknown>[]): Pick<SuiteFile, "criterion" | "task"> & Partial<SuiteFile>;
  /** Where the data comes from and its licence, for the datasheet stub. */
  origin: { source: string; license: string };
}
