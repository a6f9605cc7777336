import { writeToPath } from "fast-csv";
import type { ItemResult } from "../run/types.js";

const COLUMNS: (keyof ItemResult)[] = [
  "run", "model", "suite", "suiteVersion", "itemId", "repeat", "criterion", "subcriterion", "task", "domain",
  "score", "pass", "extracted", "refused", "filtered", "error", "errorKind", "attempts", "latencyMs", "cached",
  "prompt", "expected", "output",
];

/** results.csv: one row per result, UTF-8 with a BOM so spreadsheet programs read Vietnamese right. */
export function writeResultsCsv(path: string, results: ItemResult[]): Promise<void> {
  const rows = results.map((r) => [
    ...COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))),
    r.usage?.promptTokens ?? "",
    r.usage?.completionTokens ?? "",
  ]);
  return new Promise((resolve, reject) => {
    writeToPath(path, rows, { headers: [...COLUMNS, "promptTokens", "completionTokens"], writeBOM: true })
      .on("error", reject)
      .on("finish", () => resolve());
  });
}
