import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "../src/providers/types.js";
import type { ItemResult, RunInfo } from "../src/run/types.js";
import { compareModels } from "../src/stats/compare.js";
import { loadProfile } from "../src/criteria/load.js";
import { Store } from "../src/store/store.js";
import { tempDir } from "./support/cli.js";

const info: RunInfo = {
  id: "order",
  vieval: "test",
  node: process.version,
  startedAt: "",
  seed: 5,
  repeats: 1,
  models: ["zeta", "alpha"].map((name) => ({ name, spec: `baseline:${name}`, params: DEFAULT_PARAMS })),
  suites: [{ id: "s2", version: "1.0.0", hash: "h", criterion: "accuracy", subcriterion: null, task: "multiple-choice", items: 12, name: { vi: "s2", en: "s2" }, templateHash: "t" }],
};

function result(model: string, i: number): ItemResult {
  // Scores that differ between the models item by item, so that a resampled comparison depends on which pairs it draws.
  const score = (i * 7 + (model === "zeta" ? 3 : 0)) % 5 < 2 ? 1 : 0;
  return {
    run: "order", model, suite: "s2", suiteVersion: "1.0.0", itemId: `q${i}`, repeat: 0, criterion: "accuracy", subcriterion: null,
    task: "multiple-choice", domain: null, tags: null, itemHash: `h${i}`, prompt: "p", expected: "A", output: "o", score, pass: score === 1,
    extracted: null, chance: 0.25, refused: null, filtered: false, error: null, errorKind: null, attempts: 1, latencyMs: 1, cached: false, usage: null,
  };
}

function storeWith(results: ItemResult[]): Store {
  const store = new Store(join(tempDir(), "v.db"));
  store.saveRun(info, "done");
  for (const r of results) store.putResult(r);
  return store;
}

describe("stored results", () => {
  it("come back in one order whatever order the answers arrived in, and so do the statistics drawn from them", () => {
    const all = ["zeta", "alpha"].flatMap((m) => Array.from({ length: 12 }, (_, i) => result(m, i + 1)));
    const shuffled = [...all].sort((a, b) => (a.itemHash + a.model < b.itemHash + b.model ? 1 : -1));
    const [a, b] = [storeWith(all), storeWith(shuffled)];
    const ra = a.results("order");
    const rb = b.results("order");
    a.close();
    b.close();
    expect(rb).toEqual(ra);
    // The run's order of models, then item ids with their numbers read as numbers.
    expect(ra.slice(0, 3).map((r) => `${r.model}/${r.itemId}`)).toEqual(["zeta/q1", "zeta/q2", "zeta/q3"]);
    expect(ra.slice(8, 13).map((r) => `${r.model}/${r.itemId}`)).toEqual(["zeta/q9", "zeta/q10", "zeta/q11", "zeta/q12", "alpha/q1"]);
    const profile = loadProfile("national");
    const compare = (results: ItemResult[]) => compareModels({ info, results, model: "zeta" }, { info, results, model: "alpha" }, profile, 5);
    expect(compare(rb)).toEqual(compare(ra));
  });
});
