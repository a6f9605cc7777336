import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import { startFakeOpenAI, type FakeOpenAI, type Reply } from "./support/openai-server.js";
import { fixtureItems, itemAsked, readJsonl, tempDir, vieval } from "./support/cli.js";
import { spawnVieval } from "./support/spawn.js";
import { redact, secretsOf, urlSecrets } from "../src/providers/secrets.js";

const SECRET = "sk-vieval-test-secret-0123456789abcdef";
const items = fixtureItems();
const wrong = (gold: string) => "ABCD"[("ABCD".indexOf(gold) + 1) % 4];

/** Per item: m005 is rate-limited once, m006 gets a 500 once, m009 a reset once, m007 always malformed JSON, m008 always hangs. */
function behaviour(id: string, attempt: number): Reply {
  const item = items.get(id)!;
  if (id === "m005" && attempt === 1) return { kind: "status", status: 429, headers: { "retry-after": "1" } };
  if (id === "m006" && attempt === 1) return { kind: "status", status: 500 };
  if (id === "m009" && attempt === 1) return { kind: "reset" };
  if (id === "m007") return { kind: "raw", body: '{"id": "x", "choices": [' };
  if (id === "m008") return { kind: "hang" };
  const n = Number(id.slice(1));
  return { kind: "answer", content: n % 2 === 0 ? `Tôi chọn phương án ${item.answer}.` : `Đáp án: ${wrong(item.answer)}` };
}

/** The key is in none of the bytes of the store (and its log) or of the outputs. */
function expectNoSecret(db: string, out: string): void {
  for (const f of [db, `${db}-wal`, ...readdirSync(out).map((f) => join(out, f))]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(f);
    } catch {
      continue;
    }
    expect(bytes.includes(SECRET), f).toBe(false);
  }
}

describe("a run against a real OpenAI-compatible server on 127.0.0.1", () => {
  let server: FakeOpenAI;
  const attempts = new Map<string, number>();
  const dir = tempDir();
  const db = join(dir, "vieval.db");
  const out = join(dir, "out");
  let args: string[];

  beforeAll(async () => {
    server = await startFakeOpenAI((body) => {
      const id = itemAsked(body, items);
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      return behaviour(id, n);
    });
    process.env.VIEVAL_TEST_KEY = SECRET;
    args = ["run", "--suite", "test/fixtures/mini-mcq", "--model", `openai-compatible:test-model@${server.url}`,
      "--api-key-env", "VIEVAL_TEST_KEY", "--db", db, "--out", out, "--timeout", "1", "--retries", "2", "--concurrency", "8", "--quiet"];
  });
  afterAll(async () => {
    delete process.env.VIEVAL_TEST_KEY;
    await server.close();
  });

  it("finishes with every item scored or carrying its typed error, retries counted", async () => {
    expect(await vieval(...args)).toBe(0);
    const results = readJsonl<ItemResult>(join(out, "results.jsonl"));
    expect(results).toHaveLength(40);
    const byId = new Map(results.map((r) => [r.itemId, r]));
    expect(byId.get("m005")).toMatchObject({ error: null, attempts: 2, pass: false, extracted: wrong(items.get("m005")!.answer) });
    expect(byId.get("m006")).toMatchObject({ error: null, attempts: 2, pass: true, extracted: items.get("m006")!.answer });
    expect(byId.get("m009")).toMatchObject({ error: null, attempts: 2 });
    expect(byId.get("m007")).toMatchObject({ errorKind: "bad-response", attempts: 1, score: 0, pass: false });
    expect(byId.get("m008")).toMatchObject({ errorKind: "timeout", attempts: 3 });
    for (const r of results) {
      if (r.error) continue;
      const gold = items.get(r.itemId)!.answer;
      const n = Number(r.itemId.slice(1));
      expect(r.extracted).toBe(n % 2 === 0 ? gold : wrong(gold));
      expect(r.pass).toBe(n % 2 === 0);
      expect(r.usage).toEqual({ promptTokens: 10, completionTokens: 5, totalTokens: 15 });
    }
    expect(server.requests.length).toBe(40 + 1 + 1 + 1 + 2); // first tries, three retried once, m008 twice more
    expect(server.requests.every((b) => b.temperature === 0 && b.model === "test-model")).toBe(true);

    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    const suite = summary.models[0].suites["mini-mcq"];
    expect(suite.n).toBe(38);
    expect(suite.errors).toBe(2);
    expect(suite.score).toBeCloseTo(19 / 38, 10); // the even items pass; m008 (even) errored
    expect(suite.ci95[0]).toBeLessThan(suite.score);
    expect(suite.ci95[1]).toBeGreaterThan(suite.score);
    expect(summary.models[0].errors.byKind).toEqual({ "bad-response": 1, timeout: 1 });
    expect(summary.info.models[0].reported).toBe("test-model-served");
  });

  it("sends zero requests when the same command runs again", async () => {
    const before = server.requests.length;
    expect(await vieval(...args)).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(readJsonl(join(out, "results.jsonl"))).toHaveLength(40);
    // The model id the endpoint reported is still known, though nothing was asked this time.
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).info.models[0].reported).toBe("test-model-served");
  });

  it("answers a new run with other items' order from the cache, asking nothing already answered", async () => {
    const before = server.requests.length;
    const out2 = join(dir, "out2");
    expect(await vieval(...args.map((a) => (a === out ? out2 : a)), "--fresh")).toBe(0);
    const results = readJsonl<ItemResult>(join(out2, "results.jsonl"));
    expect(results.filter((r) => r.cached)).toHaveLength(38);
    // only the two items that failed are asked again (m007 once, m008 three times)
    expect(server.requests.length - before).toBe(4);
  });

  it("never writes the API key into any file", () => {
    expect(server.authorizations.every((a) => a === `Bearer ${SECRET}`)).toBe(true);
    expectNoSecret(db, out);
  });
});

describe("an endpoint that echoes the API key back", () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI((body) => {
      const id = itemAsked(body, items);
      // As OpenAI's own 401 does: "Incorrect API key provided: sk-…"; and a reply that quotes it, as a broken proxy might.
      if (id === "m001") return { kind: "status", status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${SECRET}.` } }) };
      return { kind: "answer", content: `Đáp án: ${items.get(id)!.answer} (khoá của bạn: ${SECRET})` };
    });
  });
  afterAll(() => server.close());

  it("has it replaced by *** in everything vieval prints, stores and reports", async () => {
    const dir = tempDir();
    const out = join(dir, "out");
    const db = join(dir, "v.db");
    const r = await spawnVieval(
      ["run", "-s", "test/fixtures/mini-mcq", "--limit", "4", "-m", `openai-compatible:echo@${server.url}`, "--api-key-env", "ECHO_KEY", "--db", db, "-o", out],
      { ECHO_KEY: SECRET },
    ).done;
    expect(r.code, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    const results = readJsonl<ItemResult>(join(out, "results.jsonl"));
    expect(results.find((x) => x.itemId === "m001")).toMatchObject({ errorKind: "auth", error: expect.stringContaining("Incorrect API key provided: ***") });
    expect(results.find((x) => x.itemId === "m002")?.output).toBe(`Đáp án: ${items.get("m002")!.answer} (khoá của bạn: ***)`);
    // The key went to the endpoint, and nowhere else.
    expect(server.authorizations.at(-1)).toBe(`Bearer ${SECRET}`);
    expectNoSecret(db, out);
  });
});

describe("the secrets a provider holds", () => {
  it("are its key and the credentials of its base URL, looked for as they are and URL-encoded", () => {
    const secrets = secretsOf(["sk-a+b/c=0123456789", undefined, "short", ...urlSecrets("https://vendor:p%40ss-word-123@host.example/v1?api_key=k-0123456789&v=1")]);
    expect(secrets).toEqual(expect.arrayContaining(["sk-a+b/c=0123456789", "sk-a%2Bb%2Fc%3D0123456789", "p@ss-word-123", "k-0123456789"]));
    // Values too short to tell from ordinary text are not secrets: "vendor", "1", "short".
    expect(secrets.some((s) => ["vendor", "1", "short"].includes(s))).toBe(false);
    expect(redact("key sk-a%2Bb%2Fc%3D0123456789 and p@ss-word-123, twice: p@ss-word-123", secrets)).toBe("key *** and ***, twice: ***");
  });
});
