import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import Database from "better-sqlite3";
import { loadCriteria } from "../src/criteria/load.js";
import { InputError } from "../src/input-error.js";
import { providerFor } from "../src/providers/registry.js";
import { DEFAULT_PARAMS } from "../src/providers/types.js";
import { executeRun } from "../src/run/run.js";
import { DEFAULT_RETRY, Scheduler } from "../src/scheduler/scheduler.js";
import { Checkpointer } from "../src/store/checkpointer.js";
import { Store } from "../src/store/store.js";
import { loadSuite } from "../src/suites/load.js";
import { tempDir } from "./support/cli.js";

function result(i: number): ItemResult {
  return {
    run: "ckpt", model: "m", suite: "s", suiteVersion: "1.0.0", itemId: `q${i}`, repeat: 0, criterion: "accuracy", subcriterion: null,
    task: "multiple-choice", domain: null, tags: null, itemHash: `h${i}`, prompt: "p", expected: "A",
    // Long answers, so that the log grows by megabytes.
    output: `Đáp án: A. ${"Lời giải thích dài. ".repeat(1000)}${i}`, score: 1, pass: true,
    extracted: "A", chance: 0.25, refused: null, filtered: false, error: null, errorKind: null, attempts: 1, latencyMs: 1, cached: false, usage: null,
  };
}

/** The store's file stops growing where it is now, as on a full disk. */
function fillDisk(store: Store): void {
  const db = (store as unknown as { db: Database.Database }).db;
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true })}`);
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("the store's checkpoints", () => {
  it("move to a worker thread once a run has committed a while: the database file fills without the run's commits checkpointing, and nothing is lost", async () => {
    const path = join(tempDir(), "v.db");
    const store = new Store(path, { backgroundCheckpointAfter: 3 });
    const initial = statSync(path).size;
    let n = 0;
    // Each batch is written in its own turn, so each is its own commit.
    const batch = async () => {
      for (let k = 0; k < 10; k++) store.putResult(result(n++));
      await sleep(5);
    };
    for (let i = 0; i < 2; i++) await batch();
    expect(store.checkpointing).toBe("commits");
    await batch();
    expect(store.checkpointing).toBe("worker");
    // About 8 MB of log. The run's own connection no longer checkpoints (wal_autocheckpoint = 0), so only the
    // worker can have copied pages into the database file.
    for (let i = 0; i < 40; i++) await batch();
    await until(() => statSync(path).size > initial + 4_000_000, "the worker's checkpoint");
    store.close();
    // The worker closes its connection after the store's: the last to close checkpoints the rest and removes the log.
    await until(() => !existsSync(`${path}-wal`), "the log to be removed");
    const again = new Store(path);
    const stored = again.finished("ckpt");
    again.close();
    expect(stored.size).toBe(n);
    expect(n).toBe(430);
  });

  it("report a worker that cannot open the store, so that the commits checkpoint again", async () => {
    const failure = await new Promise<Error>((resolve) => new Checkpointer(join(tempDir(), "missing", "v.db"), 50, resolve));
    expect(failure.message).toMatch(/directory does not exist|unable to open|SQLITE_CANTOPEN|no such file/i);
  });
});

describe("a store that stops taking writes (a full disk)", () => {
  it("says so in one line naming the store at the next write, and keeps what it held before", async () => {
    const path = join(tempDir(), "v.db");
    const store = new Store(path);
    for (let i = 0; i < 5; i++) store.putResult(result(i));
    await sleep(5);
    fillDisk(store);
    for (let i = 5; i < 40; i++) store.putResult(result(i));
    await sleep(5);
    const next = () => store.putResult(result(99));
    expect(next).toThrow(InputError);
    expect(next).toThrow(`${path}: cannot write the store: database or disk is full; what it held before is kept`);
    expect(() => store.close()).toThrow(/database or disk is full/);
    const again = new Store(path);
    expect(again.finished("ckpt").size).toBe(5);
    expect((again as unknown as { db: Database.Database }).db.pragma("integrity_check", { simple: true })).toBe("ok");
    again.close();
  });

  it("ends a run with that line", async () => {
    const suite = await loadSuite(join(__dirname, "fixtures", "mini-mcq"), loadCriteria());
    const provider = await providerFor("baseline:gold", { env: {}, seed: 1 });
    const store = new Store(join(tempDir(), "v.db"));
    // Room for the run's record, not for its answers.
    store.saveRun({ id: "full", vieval: "test", node: process.version, startedAt: "", seed: 1, repeats: 1, models: [], suites: [] }, "running");
    fillDisk(store);
    const controller = new AbortController();
    const run = executeRun({
      info: { id: "full", vieval: "test", node: process.version, startedAt: "", seed: 1, repeats: 5, models: [], suites: [] },
      suites: [suite],
      models: [{ provider, info: { name: "gold", spec: provider.spec, params: DEFAULT_PARAMS } }],
      store,
      scheduler: new Scheduler({ concurrency: 4, timeoutMs: 10_000, retry: DEFAULT_RETRY, signal: controller.signal }),
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow(/cannot write the store: database or disk is full/);
  });
});
