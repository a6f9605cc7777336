import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import { fixtureItems, itemAsked, readJsonl, tempDir } from "./support/cli.js";
import { startFakeOpenAI, type FakeOpenAI } from "./support/openai-server.js";
import { spawnVieval } from "./support/spawn.js";

const items = fixtureItems();

describe("a run killed with SIGKILL part-way, then run again", () => {
  let server: FakeOpenAI;
  const asked: string[][] = [[], []];
  let phase = 0;
  beforeAll(async () => {
    server = await startFakeOpenAI((body) => {
      const id = itemAsked(body, items);
      asked[phase].push(id);
      return { kind: "answer", content: `Đáp án: ${items.get(id)!.answer}`, delayMs: 100 };
    });
  });
  afterAll(() => server.close());

  it("scores every item exactly once and repeats no request for an item that had finished", async () => {
    const dir = tempDir();
    const db = join(dir, "vieval.db");
    const args = ["run", "-s", "test/fixtures/mini-mcq", "-m", `openai-compatible:m@${server.url}`, "--db", db, "--out", join(dir, "out"), "--concurrency", "4", "-q"];

    const first = spawnVieval(args);
    while (asked[0].length < 16) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");

    const store = new Database(db, { readonly: true });
    const finishedBefore = (store.prepare("SELECT item_id FROM results").all() as { item_id: string }[]).map((r) => r.item_id);
    store.close();
    expect(finishedBefore.length).toBeGreaterThan(0);
    expect(finishedBefore.length).toBeLessThan(40);

    phase = 1;
    const second = await spawnVieval(args).done;
    expect(second.code).toBe(0);
    for (const id of finishedBefore) expect(asked[1]).not.toContain(id);
    expect(new Set(asked[1]).size).toBe(asked[1].length);

    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    expect(results).toHaveLength(40);
    expect(new Set(results.map((r) => r.itemId)).size).toBe(40);
    expect(results.every((r) => r.pass && r.error === null)).toBe(true);
  });
});
