import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import { fixtureItems, readJsonl, tempDir } from "./support/cli.js";
import { spawnVieval } from "./support/spawn.js";

/** Reports and the leaderboard, opened from disk in Debian's Chromium (installed by .ci/run). */
const dir = tempDir();
const db = join(dir, "v.db");
const PAYLOADS = [
  "<script>window.__pwned = 1</script>",
  '<img src=x onerror="window.__pwned = 2">',
  "[bấm vào đây](javascript:window.__pwned=3) <a href=\"javascript:window.__pwned=4\">link</a>",
  "</pre></td></tr></table><b>vỡ HTML</b>",
  "\u2028</script><script>window.__pwned = 5</script>",
];
let browser: Browser;
let results: ItemResult[];
const runIds: string[] = [];

async function run(...args: string[]) {
  const r = await spawnVieval(args).done;
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    if (!r.url().startsWith("file://")) problems.push(`network: ${r.url()}`);
  });
  await page.goto(`file://${file}`);
  return { page, problems };
}

beforeAll(async () => {
  // Two "models" replaying answers: one right with XSS payloads in its outputs, one always answering A.
  const items = [...fixtureItems().values()];
  const good = join(dir, "good.jsonl");
  writeFileSync(good, items.map((it, i) => JSON.stringify({ id: it.id, output: `${PAYLOADS[i % PAYLOADS.length]} Đáp án: ${it.answer}` })).join("\n"));
  const alwaysA = join(dir, "a.jsonl");
  writeFileSync(alwaysA, items.map((it) => JSON.stringify({ id: it.id, output: "Đáp án: A" })).join("\n"));
  await run("run", "-s", "test/fixtures/mini-mcq", "-m", `replay:${good}`, "-m", `replay:${alwaysA}`, "--db", db, "-o", join(dir, "out"), "-q");
  results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
  runIds.push(JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8")).run);
  await run("run", "-s", "test/fixtures/mini-mcq", "-m", "baseline:random", "--db", db, "-o", join(dir, "out2"), "-q");
  runIds.push(JSON.parse(readFileSync(join(dir, "out2", "summary.json"), "utf8")).run);
  await run("leaderboard", ...runIds, "--db", db, "-o", join(dir, "site"));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
}, 120_000);
afterAll(async () => browser?.close());

describe("report.html in a real browser", () => {
  it("runs no script a model wrote and shows its outputs as text", async () => {
    const { page, problems } = await open(join(dir, "out", "report.html"));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.fill("#f-search", "window.__pwned = 1");
    await expect.poll(() => page.textContent("#count")).toBe("8 / 80");
    await page.click("#items-body tr >> nth=0");
    const shown = await page.textContent("#details-body");
    expect(shown).toContain("<script>window.__pwned = 1</script>");
    expect(await page.locator("#details-body script, #details-body img, #items-body img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("switches language, filters, searches and opens an item", async () => {
    const { page, problems } = await open(join(dir, "out", "report.html"));
    expect(await page.locator("h1 .vi").isVisible()).toBe(true);
    expect(await page.locator("h1 .en").isVisible()).toBe(false);
    await page.click("#lang");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator("h1 .en").textContent()).toBe("vieval evaluation report");
    expect(await page.locator("h1 .en").isVisible()).toBe(true);

    expect(await page.textContent("#count")).toBe(`${results.length} / ${results.length}`);
    const failed = results.filter((r) => !r.pass && !r.error).length;
    await page.selectOption("#f-outcome", "fail");
    await expect.poll(() => page.textContent("#count")).toBe(`${failed} / ${results.length}`);
    expect(await page.locator("#items-body tr").count()).toBe(Math.min(50, failed));
    await page.selectOption("#f-outcome", "");
    await page.selectOption("#f-model", results[0].model);
    await page.fill("#f-search", results[5].itemId);
    await expect.poll(() => page.textContent("#count")).toBe(`1 / ${results.length}`);
    await page.click("#items-body tr >> nth=0");
    expect(await page.locator("#details").isVisible()).toBe(true);
    expect(await page.locator("#details-body pre").nth(1).textContent()).toBe(results[5].output);
    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the charts as SVG with the criteria named", async () => {
    const { page } = await open(join(dir, "out", "report.html"));
    expect(await page.locator("figure svg").count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator("figure .vi svg text", { hasText: "Độ chính xác" }).count()).toBeGreaterThan(0);
    await page.close();
  });
});

describe("the leaderboard in a real browser", () => {
  it("ranks the entries, sorts by a column and links each to its report", async () => {
    const { page, problems } = await open(join(dir, "site", "index.html"));
    const models = () => page.locator("#board tbody tr td:nth-child(2) b").allTextContents();
    const first = await models();
    expect(first).toHaveLength(3);
    expect(first[0]).toContain("good.jsonl");
    expect(await page.locator("#board tbody tr >> nth=0 >> td >> nth=0").textContent()).toMatch(/^1\[1–1\]/);
    await page.click("#board thead th:nth-child(3)"); // overall, highest first
    await page.click("#board thead th:nth-child(3)"); // then lowest first
    expect(await models()).toEqual([...first].reverse());
    expect(await page.locator(".badge").first().textContent()).toContain("tự công bố");
    await page.click("#board tbody tr >> nth=0 >> a");
    await page.waitForLoadState();
    expect(page.url()).toContain("/models/");
    expect(await page.locator("#overview tbody tr").count()).toBe(1);
    const shot = join(dir, "leaderboard.png");
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("works from a static web server too", async () => {
    const { createServer } = await import("node:http");
    const { readFile } = await import("node:fs/promises");
    const root = join(dir, "site");
    const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".js": "text/javascript" };
    const server = createServer(async (req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
      try {
        const body = await readFile(file);
        res.writeHead(200, { "content-type": types[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream" }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) problems.push(`network: ${r.url()}`);
    });
    try {
      await page.goto(`${base}/`);
      expect(await page.locator("#board tbody tr").count()).toBe(3);
      await page.click("#board tbody tr >> nth=0 >> a");
      await page.waitForLoadState();
      expect(page.url()).toMatch(new RegExp(`^${base}/models/`));
      expect(await page.locator("#overview tbody tr").count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      server.close();
    }
  });
});
