import type { ItemResult, RunInfo } from "../run/types.js";

/**
 * What report.html's item browser reads: every result, with each item's prompt and expected answer stored once
 * (all models share them), as arrays rather than objects to keep 100,000 results small.
 */
export interface ReportData {
  models: string[];
  suites: { id: string; criterion: string; task: string; sealed?: 1 }[];
  /** [suite index, item id, domain, prompt, expected] */
  items: [number, string, string | null, string, string][];
  /** [model, item, repeat, score, pass (1/0), extracted, refused (1/0/null), error kind, error, output, judge reason, judge score] */
  results: [number, number, number, number, number, string | null, number | null, string | null, string | null, string, string | null, number | null][];
}

export function reportData(info: RunInfo, results: ItemResult[]): ReportData {
  const models = new Map(info.models.map((m, i) => [m.name, i]));
  const suites = new Map(info.suites.map((s, i) => [s.id, i]));
  const itemIndex = new Map<string, number>();
  const data: ReportData = {
    models: info.models.map((m) => m.name),
    suites: info.suites.map((s) => ({ id: s.id, criterion: s.criterion, task: s.task, ...(s.sealed ? { sealed: 1 as const } : {}) })),
    items: [],
    results: [],
  };
  for (const r of results) {
    const key = `${r.suite}\u0000${r.itemId}`;
    let item = itemIndex.get(key);
    if (item === undefined) {
      item = data.items.length;
      itemIndex.set(key, item);
      data.items.push([suites.get(r.suite) ?? -1, r.itemId, r.domain, r.prompt, r.expected]);
    }
    data.results.push([
      models.get(r.model) ?? -1, item, r.repeat, r.score, r.pass ? 1 : 0, r.extracted, r.refused === null ? null : r.refused ? 1 : 0,
      r.errorKind, r.error, r.output, r.judge?.reason ?? null, r.judge?.score ?? null,
    ]);
  }
  return data;
}

/**
 * JSON that can sit inside a `<script type="application/json">` element: nothing in it can close the element
 * or start markup, whatever the model wrote.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
