/**
 * report.html at scale: 100,000 results (5 models × 20,000 items) rendered into one file, its size, and how long
 * Chromium takes to open it and to filter and search it. Targets: under 5 s to render, under 20 MB.
 *
 *   npx tsx bench/report.ts
 */
import { statSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { loadCriteria, loadProfile } from "../src/criteria/load.js";
import { renderHtml } from "../src/report/html.js";
import type { ItemResult, RunInfo } from "../src/run/types.js";
import { seededRandom } from "../src/stats/random.js";
import { summarize } from "../src/stats/summary.js";

const MODELS = 5;
const ITEMS = 20_000;
const criteria = loadCriteria();
const profile = loadProfile("national");
const ids = [...criteria.keys()];
const suites = ids.map((c, i) => ({ id: `bench-${c}`, version: "1.0.0", hash: "0".repeat(64), criterion: c, subcriterion: null, task: "multiple-choice" as const, items: ITEMS / ids.length, name: { vi: c, en: c } }));
const info: RunInfo = {
  id: "r-bench", vieval: "bench", node: process.version, startedAt: new Date().toISOString(), seed: 1, repeats: 1,
  models: Array.from({ length: MODELS }, (_, m) => ({ name: `model-${m}`, spec: `openai-compatible:model-${m}@http://127.0.0.1:8000/v1`, params: { temperature: 0 } })),
  suites,
};
const random = seededRandom(7);
const domains = ["law", "tax", "health", "history", "culture", "agriculture", "education", "public-services"];
const results: ItemResult[] = [];
for (let m = 0; m < MODELS; m++) {
  for (let i = 0; i < ITEMS; i++) {
    const suite = suites[i % suites.length];
    const pass = random() < 0.4 + m * 0.1;
    results.push({
      run: info.id, model: info.models[m].name, suite: suite.id, suiteVersion: "1.0.0", itemId: `i-${i}`, repeat: 0,
      criterion: suite.criterion, subcriterion: null, task: "multiple-choice", domain: domains[i % domains.length], tags: null,
      prompt: `Câu hỏi số ${i}: Theo quy định hiện hành, đâu là đáp án đúng cho tình huống được nêu dưới đây?\nA. Phương án một\nB. Phương án hai\nC. Phương án ba\nD. Phương án bốn`,
      expected: "B", output: pass ? `Xét từng phương án: A sai, C và D không phù hợp. Vậy đáp án là B.` : `Tôi chọn phương án C.`,
      score: pass ? 1 : 0, pass, extracted: pass ? "B" : "C", refused: null, filtered: false, error: null, errorKind: null,
      attempts: 1, latencyMs: 200, cached: false, usage: { promptTokens: 80, completionTokens: 20, totalTokens: 100 },
    });
  }
}

let t = performance.now();
const summary = summarize(info, results, profile);
const summarized = performance.now() - t;
t = performance.now();
const html = renderHtml(info, summary, results, criteria, profile);
const rendered = performance.now() - t;
const file = join(mkdtempSync(join(tmpdir(), "vieval-report-bench-")), "report.html");
writeFileSync(file, html);
const mb = statSync(file).size / 1e6;
console.log(`report.html for ${results.length.toLocaleString("en")} results (${MODELS} models × ${ITEMS.toLocaleString("en")} items):`);
console.log(`  summarize ${(summarized / 1000).toFixed(2)} s, render ${(rendered / 1000).toFixed(2)} s (target < 5 s), size ${mb.toFixed(1)} MB (target < 20 MB)`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-background-networking"] });
const page = await browser.newPage();
t = performance.now();
await page.goto(`file://${file}`);
await page.waitForFunction(() => document.getElementById("count")?.textContent?.includes("/"));
const opened = performance.now() - t;
t = performance.now();
await page.selectOption("#f-outcome", "fail");
await page.waitForFunction(() => !document.getElementById("count")!.textContent!.startsWith("100000"));
const filtered = performance.now() - t;
t = performance.now();
await page.fill("#f-search", "i-12345");
await page.waitForFunction(() => /^\d+ \//.test(document.getElementById("count")!.textContent!) && Number(document.getElementById("count")!.textContent!.split(" ")[0]) < 10);
const searched = performance.now() - t;
console.log(`  Chromium: open ${(opened / 1000).toFixed(2)} s, filter ${(filtered / 1000).toFixed(2)} s, first search ${(searched / 1000).toFixed(2)} s (includes the 150 ms typing pause)`);
await browser.close();
