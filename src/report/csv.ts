import { format } from "fast-csv";
import type { ItemResult } from "../run/types.js";

const COLUMNS: (keyof ItemResult)[] = [
  "run", "model", "suite", "suiteVersion", "itemId", "repeat", "criterion", "subcriterion", "task", "domain",
  "score", "pass", "extracted", "refused", "filtered", "error", "errorKind", "attempts", "latencyMs", "cached",
  "prompt", "expected", "output",
];
const HEADERS = [...COLUMNS, "promptTokens", "completionTokens"];

const cells = (r: ItemResult): string[] => [
  ...COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))),
  String(r.usage?.promptTokens ?? ""),
  String(r.usage?.completionTokens ?? ""),
];

/**
 * results.csv one row at a time: fast-csv's formatter, written to and read from synchronously, so rows can be
 * formatted as results arrive (while requests are in flight) and joined in order at the end.
 */
export class CsvRows {
  private readonly formatter = format({ headers: HEADERS, writeBOM: true });
  /** The BOM (so spreadsheet programs read Vietnamese right) and the header line. */
  header = "";

  row(r: ItemResult): string {
    this.formatter.write(cells(r));
    let text = "";
    for (let chunk = this.formatter.read(); chunk !== null; chunk = this.formatter.read()) text += chunk.toString();
    if (!this.header) {
      const cut = text.indexOf("\n");
      this.header = text.slice(0, cut);
      return text.slice(cut + 1);
    }
    return text.slice(1); // the row delimiter fast-csv puts before every row after the first
  }
}

/** results.csv: one row per result, UTF-8 with a BOM. `rows` holds rows already formatted, by result. */
export function resultsCsv(results: ItemResult[], formatter = new CsvRows(), rows?: WeakMap<ItemResult, string>): string {
  const body = results.map((r) => rows?.get(r) ?? formatter.row(r));
  if (!formatter.header) formatter.row({ ...results[0] } as ItemResult); // an empty run still gets its header
  return [formatter.header, ...body].join("\n");
}
