import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Criterion, CriterionId, Profile } from "../criteria/schema.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import type { Summary } from "../stats/summary.js";
import { CsvRows, resultsCsv } from "./csv.js";
import { renderHtml, WARM_UP } from "./html.js";
import { renderMarkdown } from "./markdown.js";

/** Write a file whole or not at all: a stopped write never leaves half a report behind. */
function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/**
 * Each result's results.jsonl and results.csv lines, made while requests are in flight so that
 * writing the outputs at the end only joins them in order. The work is done only when the event loop has room
 * (under 75% busy over the last 25 ms): a run that keeps the CPU busy sending requests is not slowed by it,
 * and whatever is left is made at the end.
 */
export class PreparedLines {
  readonly csv = new CsvRows();
  readonly csvRows = new WeakMap<ItemResult, string>();
  readonly json = new WeakMap<ItemResult, string>();
  private readonly waiting: ItemResult[] = [];
  private readonly warmUp = [...WARM_UP];
  private readonly timer: NodeJS.Timeout;
  private busy = performance.eventLoopUtilization();

  constructor() {
    this.timer = setInterval(() => this.idleWork(), 25);
    this.timer.unref();
  }

  /** A result to prepare when there is room, with its JSON line when the store has made it already. */
  queue(r: ItemResult, json?: string): void {
    if (json !== undefined) this.json.set(r, json);
    this.waiting.push(r);
  }

  add(r: ItemResult): void {
    if (!this.json.has(r)) this.json.set(r, JSON.stringify(r));
    this.csvRows.set(r, this.csv.row(r));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private idleWork(): void {
    const since = performance.eventLoopUtilization(this.busy);
    this.busy = performance.eventLoopUtilization();
    if (since.utilization > 0.75) return;
    // One warm-up step at a time, when nothing is waiting to be prepared.
    if (!this.waiting.length && this.warmUp.length) {
      this.warmUp.shift()!();
      return;
    }
    const until = performance.now() + 8;
    while (this.waiting.length && performance.now() < until) this.add(this.waiting.shift()!);
  }
}

/** results.jsonl, summary.json, results.csv, report.md and report.html in `dir`. */
export async function writeOutputs(
  dir: string,
  info: RunInfo,
  results: ItemResult[],
  summary: Summary,
  criteria: Map<CriterionId, Criterion>,
  options: { lines?: PreparedLines; profile?: Profile } = {},
): Promise<string[]> {
  const prepared = options.lines ?? new PreparedLines();
  prepared.stop();
  mkdirSync(dir, { recursive: true });
  const files = ["results.jsonl", "summary.json", "results.csv", "report.md", "report.html"].map((f) => join(dir, f));
  writeAtomic(files[0], results.map((r) => prepared.json.get(r) ?? JSON.stringify(r)).join("\n") + (results.length ? "\n" : ""));
  writeAtomic(files[1], JSON.stringify({ ...summary, info }, null, 2) + "\n");
  writeAtomic(files[2], resultsCsv(results, prepared.csv, prepared.csvRows));
  writeAtomic(files[3], renderMarkdown(info, summary, criteria));
  writeAtomic(files[4], renderHtml(info, summary, results, criteria, options.profile));
  return files;
}
