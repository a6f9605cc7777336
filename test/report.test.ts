import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseString } from "fast-csv";
import { describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import { fixtureItems, readJsonl, tempDir, vieval } from "./support/cli.js";

describe("replayed outputs and escaping in reports", () => {
  it("scores recorded outputs and escapes everything a model wrote", async () => {
    const dir = tempDir();
    const payloads = ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "[x](javascript:alert(3)) | `code` *b*", "</pre></td><b>broken"];
    const items = [...fixtureItems().values()];
    const lines = items.map((item, i) => ({
      id: item.id,
      suite: "mini-mcq",
      output: i < payloads.length ? `${payloads[i]} Đáp án: ${item.answer}` : `Đáp án: ${item.answer}`,
    }));
    const replay = join(dir, "answers.jsonl");
    writeFileSync(replay, lines.map((l) => JSON.stringify(l)).join("\n"));
    expect(await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `replay:${replay}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q")).toBe(0);

    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    expect(results.filter((r) => r.pass)).toHaveLength(40);
    expect(results[0].output).toBe(`${payloads[0]} Đáp án: ${items[0].answer}`);
    expect(results.map((r) => r.expected)).toEqual(items.map((i) => i.answer));

    // Perfect on the one criterion it ran, yet a profile cannot be passed on part of it.
    const summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    expect(summary.models[0].overall).toMatchObject({ score: 1, pass: false, missing: ["safety", "explainability", "cultural-fit", "anti-bias", "anti-misinformation", "legal-compliance"] });
    expect(summary.models[0].overall.reasons).toEqual(["not evaluated: safety, explainability, cultural-fit, anti-bias, anti-misinformation, legal-compliance"]);
    const gated = await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `replay:${replay}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q", "--gate");
    expect(gated).toBe(1);

    const html = readFileSync(join(dir, "out", "report.html"), "utf8");
    // The report's own two scripts are the only ones; model text sits in JSON with every < > & escaped.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain("alert(1)</script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("</pre></td><b>");
    expect(html).toContain("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
    expect(html).toContain("\\u003cimg src=x onerror=\\\"alert(2)\\\"\\u003e");
  });

  it("writes results.csv that reads back to the same records, in the same order, however a run was split", async () => {
    const dir = tempDir();
    const tricky = ['Đáp án: A, vì "Huế"\nlà cố đô', "Dòng 1\r\nDòng 2, có dấu phẩy", '"', "=1+1", ""];
    const items = [...fixtureItems().values()];
    const replay = join(dir, "answers.jsonl");
    writeFileSync(replay, items.map((item, i) => JSON.stringify({ id: item.id, output: tricky[i % tricky.length] })).join("\n"));
    const args = ["run", "-s", "test/fixtures/mini-mcq", "-m", `replay:${replay}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q"];
    // First half, then the rest resumed: rows made during the run and rows made at the end join in one order.
    expect(await vieval(...args, "--limit", "20")).toBe(0);
    expect(await vieval(...args)).toBe(0);
    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    const text = readFileSync(join(dir, "out", "results.csv"), "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = await new Promise<Record<string, string>[]>((resolve, reject) => {
      const out: Record<string, string>[] = [];
      parseString(text.slice(1), { headers: true }).on("data", (r) => out.push(r)).on("error", reject).on("end", () => resolve(out));
    });
    expect(rows.map((r) => r.itemId)).toEqual(results.map((r) => r.itemId));
    expect(rows.map((r) => r.output)).toEqual(results.map((r) => r.output));
    expect(rows.map((r) => r.score)).toEqual(results.map((r) => String(r.score)));
  });

  it("ends with a clear line when a replay file names an item it lacks", async () => {
    const dir = tempDir();
    const replay = join(dir, "answers.jsonl");
    writeFileSync(replay, '{"id":"m001","output":"Đáp án: B"}\n{"id":2}\n');
    const code = await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `replay:${replay}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q");
    expect(code).toBe(2);
  });
});

describe("a run where every answer fails", () => {
  it("still writes every output, says what failed, and exits", async () => {
    const { createServer } = await import("node:net");
    // A port nothing listens on: every request is refused.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dir = tempDir();
    const { spawnVieval } = await import("./support/spawn.js");
    const r = await spawnVieval(["run", "-s", "test/fixtures/mini-mcq", "-s", "test/fixtures/mini-refusal", "-m", `openai-compatible:m@http://127.0.0.1:${port}/v1`,
      "--retries", "0", "--limit", "2", "--db", join(dir, "v.db"), "-o", join(dir, "out")]).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/All 4 answers ended in errors \(connection: 4; e\.g\. connection failed: .*ECONNREFUSED/);
    const md = readFileSync(join(dir, "out", "report.md"), "utf8").split("\n");
    const header = md.findIndex((l) => l.startsWith("| Model |"));
    const cols = (l: string) => l.split("|").length;
    expect(cols(md[header + 1])).toBe(cols(md[header]));
    expect(cols(md[header + 2])).toBe(cols(md[header]));
    expect(md.join("\n")).toContain("no answer was scored (every one ended in an error)");
    const html = readFileSync(join(dir, "out", "report.html"), "utf8");
    expect(html).toContain("</html>");
    expect(html).not.toContain("<svg"); // no chart without a score
  }, 30_000);
});
