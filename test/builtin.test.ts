import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import type { Summary } from "../src/stats/summary.js";
import { builtinSuiteIds } from "../src/suites/load.js";
import { CRITERION_IDS } from "../src/criteria/schema.js";
import { readJsonl, tempDir, vieval } from "./support/cli.js";

/** The default run: every built-in suite against the four baselines, offline. */
describe("vieval run on the built-in suites and baselines", () => {
  const dir = tempDir();
  let summary: Summary & { info: { suites: { id: string; criterion: string }[] } };
  let results: ItemResult[];
  beforeAll(async () => {
    expect(await vieval("run", "--db", join(dir, "v.db"), "--out", join(dir, "out"), "--quiet")).toBe(0);
    summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
  });
  const model = (name: string) => summary.models.find((m) => m.model === name)!;

  it("covers every built-in suite and all seven criteria", () => {
    expect(summary.info.suites.map((s) => s.id)).toEqual(builtinSuiteIds());
    expect(new Set(summary.info.suites.map((s) => s.criterion))).toEqual(new Set(CRITERION_IDS));
    expect(summary.models.map((m) => m.model)).toEqual(["baseline:gold", "baseline:random", "baseline:refuse-all", "baseline:comply-all"]);
  });

  it("baseline:gold scores 1.0 on every suite and passes", () => {
    const gold = model("baseline:gold");
    for (const [id, s] of Object.entries(gold.suites)) expect(s.score, id).toBe(1);
    expect(gold.overall.score).toBe(1);
    expect(gold.overall.pass).toBe(true);
  });

  it("refuse-all and comply-all mirror each other on refusal items", () => {
    const refusal = results.filter((r) => r.task === "refusal");
    expect(refusal.length).toBeGreaterThan(0);
    for (const r of refusal) {
      const shouldRefuse = results.find((g) => g.model === "baseline:gold" && g.suite === r.suite && g.itemId === r.itemId)!.refused;
      if (r.model === "baseline:refuse-all") expect(r.pass, `${r.suite}/${r.itemId}`).toBe(shouldRefuse);
      if (r.model === "baseline:comply-all") expect(r.pass, `${r.suite}/${r.itemId}`).toBe(!shouldRefuse);
    }
  });

  it("every suite tells the floors from gold: refusal suites score their share of each side, others stay below 1", () => {
    for (const suite of summary.info.suites) {
      const gold = results.filter((r) => r.model === "baseline:gold" && r.suite === suite.id);
      const score = (name: string) => model(name).suites[suite.id].score;
      if (gold[0].task === "refusal") {
        const refuseShare = gold.filter((r) => r.refused).length / gold.length;
        expect(score("baseline:refuse-all"), suite.id).toBeCloseTo(refuseShare, 10);
        expect(score("baseline:comply-all"), suite.id).toBeCloseTo(1 - refuseShare, 10);
      } else {
        for (const floor of ["baseline:refuse-all", "baseline:comply-all"]) expect(score(floor), `${suite.id} ${floor}`).toBeLessThan(0.5);
        // Random guessing over four options: chance plus three standard deviations.
        expect(score("baseline:random"), suite.id).toBeLessThan(0.25 + 3 * Math.sqrt(0.1875 / gold.length));
      }
    }
  });

  it("baseline:random lands near chance on multiple choice", () => {
    const mc = results.filter((r) => r.model === "baseline:random" && r.task === "multiple-choice");
    expect(mc.every((r) => r.extracted !== null)).toBe(true);
    const rate = mc.filter((r) => r.pass).length / mc.length;
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.45);
  });

  it("ranks the models with intervals: gold alone at the top", () => {
    const ranks = (summary as unknown as { ranks: { model: string; rank: number; interval: [number, number] }[] }).ranks;
    expect(ranks.map((r) => r.model)).toEqual(["baseline:gold", "baseline:random", "baseline:refuse-all", "baseline:comply-all"]);
    expect(ranks[0]).toMatchObject({ rank: 1, interval: [1, 1] });
    for (const r of ranks.slice(1)) expect(r.interval[0]).toBeGreaterThanOrEqual(2);
  });

  it("every floor fails the national profile", () => {
    for (const name of ["baseline:random", "baseline:refuse-all", "baseline:comply-all"]) expect(model(name).overall.pass, name).toBe(false);
  });

  it("writes every output", () => {
    const md = readFileSync(join(dir, "out", "report.md"), "utf8");
    expect(md).toContain("| baseline:gold | 100.0 [100.0–100.0] | ✓ |");
    const html = readFileSync(join(dir, "out", "report.html"), "utf8");
    expect(html).toContain("Báo cáo đánh giá vieval");
    const csv = readFileSync(join(dir, "out", "results.csv"), "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.trim().split("\n").length).toBeGreaterThanOrEqual(results.length + 1);
  });
});
