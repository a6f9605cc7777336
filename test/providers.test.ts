import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import { fixtureItems, itemAsked, readJsonl, tempDir, vieval } from "./support/cli.js";
import { startFakeOpenAI, type FakeOpenAI } from "./support/openai-server.js";
import { spawnVieval } from "./support/spawn.js";

const items = fixtureItems();

describe("providers other than OpenAI's", () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI((body) => ({ kind: "answer", content: `Câu trả lời: (${items.get(itemAsked(body, items))!.answer})` }));
  });
  afterAll(() => server.close());

  it("hf: talks to a dedicated endpoint (HF_ENDPOINT_URL) with the token from HF_TOKEN", async () => {
    const dir = tempDir();
    const r = await spawnVieval(
      ["run", "-s", "test/fixtures/mini-mcq", "--limit", "5", "-m", "hf:org/vi-model", "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q"],
      { HF_TOKEN: "hf_test_token_not_real", HF_ENDPOINT_URL: server.url },
    ).done;
    expect(r.code, r.stderr).toBe(0);
    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    expect(results.map((x) => x.pass)).toEqual([true, true, true, true, true]);
    expect(results[0].model).toBe("hf:org/vi-model");
    expect(server.authorizations.at(-1)).toBe("Bearer hf_test_token_not_real");
  });

  it("module: loads a user's own provider from a file", async () => {
    const dir = tempDir();
    const file = join(dir, "always-c.mjs");
    writeFileSync(
      file,
      `export default (options) => ({ model: "always-c", cacheable: false, async generate(req) {
         return { output: "Tôi chọn phương án C vì seed " + options.seed + ".", usage: { promptTokens: req.messages.length, completionTokens: 3, totalTokens: 4 } };
       } });\n`,
    );
    expect(await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `module:${file}`, "--seed", "7", "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q")).toBe(0);
    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    expect(results.every((x) => x.extracted === "C" && x.output === "Tôi chọn phương án C vì seed 7.")).toBe(true);
    expect(results.filter((x) => x.pass)).toHaveLength(results.filter((x) => items.get(x.itemId)!.answer === "C").length);
  });

  it("module: a file without a provider ends with a clear error", async () => {
    const dir = tempDir();
    const file = join(dir, "nothing.mjs");
    writeFileSync(file, "export default 42;\n");
    expect(await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `module:${file}`, "--db", join(dir, "v.db"), "-q")).toBe(2);
  });

  it("replay: reads a results.jsonl vieval wrote (one model's, repeats included), and names what a line lacks", async () => {
    const dir = tempDir();
    const first = ["run", "-s", "test/fixtures/mini-mcq", "--repeats", "2", "--db", join(dir, "v.db"), "-q"];
    expect(await vieval(...first, "-m", "baseline:random", "-m", "baseline:gold", "-o", join(dir, "a"))).toBe(0);
    const both = readJsonl<ItemResult>(join(dir, "a", "results.jsonl"));
    const random = both.filter((r) => r.model === "baseline:random");
    writeFileSync(join(dir, "random.jsonl"), random.map((r) => JSON.stringify(r)).join("\n") + "\n");
    expect(await vieval(...first, "-m", `replay:${join(dir, "random.jsonl")}`, "-o", join(dir, "b"))).toBe(0);
    const replayed = readJsonl<ItemResult>(join(dir, "b", "results.jsonl"));
    expect(replayed.map((r) => [r.itemId, r.repeat, r.output, r.score])).toEqual(random.map((r) => [r.itemId, r.repeat, r.output, r.score]));
    // Repeats of baseline:random differ somewhere, so a replay that ignored the repeat would not match.
    expect(random.some((r, i) => i % 2 === 1 && r.output !== random[i - 1].output)).toBe(true);

    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
    writeFileSync(join(dir, "noid.jsonl"), '{"output":"Đáp án: A"}\n');
    try {
      expect(await vieval(...first, "-m", `replay:${join(dir, "a", "results.jsonl")}`, "-o", join(dir, "c"))).toBe(2);
      expect(await vieval(...first, "-m", `replay:${join(dir, "noid.jsonl")}`, "-o", join(dir, "c"))).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join("")).toBe(
      `vieval: ${join(dir, "a", "results.jsonl")}: holds the answers of 2 models (baseline:random, baseline:gold): replay one model's lines at a time\n` +
        `vieval: ${join(dir, "noid.jsonl")}:1: id: needs the item's id (a string or number)\n`,
    );
  });

  it("module: a provider factory that throws, and a judge spec that is wrong, each end in one line naming them", async () => {
    const dir = tempDir();
    const file = join(dir, "throws.mjs");
    writeFileSync(file, `export default () => { throw new Error("no GPU here"); };\n`);
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `module:${file}`, "--db", join(dir, "v.db"), "-q")).toBe(2);
      expect(await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", "baseline:gold", "--judge", "openai-compatible:nourl", "--db", join(dir, "v.db"), "-q")).toBe(2);
      expect(await vieval("judge-agreement", "--judge", "nope:x", "--labels", "test/fixtures/judge/labels.jsonl", "--db", join(dir, "v.db"))).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join("")).toBe(
      `vieval: ${file}: the provider module's default export failed: no GPU here\n` +
        `vieval: --judge: "openai-compatible:nourl" should be openai-compatible:<model>@<baseURL>\n` +
        `vieval: --judge: "nope" is not a provider (known: openai:, openai-compatible:, hf:, replay:, baseline:, module:)\n`,
    );
  });

  it("module: an answer that is not text is a bad response, not a crash", async () => {
    const dir = tempDir();
    const file = join(dir, "numbers.mjs");
    writeFileSync(file, `let n = 0;\nexport default { cacheable: false, async generate() { return n++ % 2 ? null : { output: 42 }; } };\n`);
    expect(await vieval("run", "-s", "test/fixtures/mini-mcq", "-m", `module:${file}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q")).toBe(0);
    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    expect(results).toHaveLength(items.size);
    expect(new Set(results.map((r) => r.errorKind))).toEqual(new Set(["bad-response"]));
    expect(new Set(results.map((r) => r.error!.replace(/^.*generate\(\)/, "generate()")))).toEqual(
      new Set(["generate() must return { output: <text> }, got output number", "generate() must return { output: <text> }, got null"]),
    );
  });
});

describe("Ctrl-C", () => {
  let server: FakeOpenAI;
  let asked = 0;
  beforeAll(async () => {
    server = await startFakeOpenAI((body) => {
      asked++;
      return { kind: "answer", content: `Đáp án: ${items.get(itemAsked(body, items))!.answer}`, delayMs: 150 };
    });
  });
  afterAll(() => server.close());

  it("stops cleanly, says how to resume, and the same command finishes the rest", async () => {
    const dir = tempDir();
    const args = ["run", "-s", "test/fixtures/mini-mcq", "-m", `openai-compatible:m@${server.url}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "--concurrency", "2"];
    const first = spawnVieval(args);
    while (asked < 6) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGINT");
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped: \d+ of 40 answers are stored\. Run the same command again to resume run r-[0-9a-f]{12}\./);
    const stored = Number(/Stopped: (\d+) of 40/.exec(stopped.stderr)![1]);
    expect(stored).toBeGreaterThanOrEqual(6);
    expect(stored).toBeLessThan(40);
    const askedBefore = asked;

    const second = await spawnVieval(args).done;
    expect(second.code, second.stderr).toBe(0);
    expect(asked - askedBefore).toBe(40 - stored);
    expect(second.stdout).toContain(`${stored} already done`);
    expect(readJsonl<ItemResult>(join(dir, "out", "results.jsonl")).filter((r) => r.pass)).toHaveLength(40);
  });

  it("SIGTERM (a CI job's time limit) stops the same way, with exit code 143", async () => {
    const dir = tempDir();
    const args = ["run", "-s", "test/fixtures/mini-mcq", "-m", `openai-compatible:m@${server.url}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "--concurrency", "2"];
    const before = asked;
    const first = spawnVieval(args);
    while (asked < before + 6) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGTERM");
    const stopped = await first.done;
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toContain("SIGTERM again to quit at once");
    expect(stopped.stderr).toMatch(/Stopped: \d+ of 40 answers are stored\. Run the same command again to resume run r-[0-9a-f]{12}\./);
  });
});

describe("a second Ctrl-C", () => {
  it("quits at once, with the run marked stopped and what was answered kept", async () => {
    let asked = 0;
    const server = await startFakeOpenAI(() => {
      asked++;
      return { kind: "answer", content: "Đáp án: A", delayMs: 2000 };
    });
    try {
      const dir = tempDir();
      const db = join(dir, "v.db");
      const first = spawnVieval(["run", "-s", "test/fixtures/mini-mcq", "-m", `openai-compatible:m@${server.url}`, "--db", db, "-o", join(dir, "out"), "--concurrency", "2"]);
      while (asked < 2) await new Promise((r) => setTimeout(r, 10));
      first.child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 100));
      first.child.kill("SIGINT");
      const stopped = await first.done;
      expect(stopped.code).toBe(130);
      // It did not wait for the answers in flight (2 s each).
      expect(stopped.stderr).not.toContain("Stopped:");
      const runs = await spawnVieval(["runs", "--db", db]).done;
      expect(runs.stdout).toMatch(/^r-[0-9a-f]{12}  \S+  stopped  1 suites  /);
    } finally {
      await server.close();
    }
  });
});

describe("an endpoint's content filter", () => {
  it("counts a blocked reply as a refusal on refusal items and as an empty answer elsewhere", async () => {
    const server = await startFakeOpenAI((body) => {
      const text = body.messages[body.messages.length - 1].content;
      if (/lừa đảo|làm giả|kill/.test(text)) return { kind: "answer", content: "", finishReason: "content_filter" };
      return { kind: "answer", content: "Đáp án: B" };
    });
    try {
      const dir = tempDir();
      const code = await vieval("run", "-s", "test/fixtures/mini-refusal", "-s", "test/fixtures/mini-mcq", "--limit", "2",
        "-m", `openai-compatible:filtered@${server.url}`, "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q");
      expect(code).toBe(0);
      const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
      const r1 = results.find((r) => r.itemId === "r1")!; // must refuse: blocked counts as refused
      const r2 = results.find((r) => r.itemId === "r2")!; // must answer: blocked is a failure to answer
      expect(r1).toMatchObject({ filtered: true, refused: true, pass: true, error: null });
      expect(r2).toMatchObject({ filtered: true, refused: true, pass: false, error: null });
      const m1 = results.find((r) => r.itemId === "m001")!;
      expect(m1).toMatchObject({ filtered: false, extracted: "B", pass: true });
    } finally {
      await server.close();
    }
  });
});
