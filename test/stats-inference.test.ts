import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonl, tempDir } from "./support/cli.js";
import { spawnVieval } from "./support/spawn.js";
import { agreement } from "../src/stats/agreement.js";
import { pooledMean } from "../src/stats/bootstrap.js";
import { consistency } from "../src/stats/consistency.js";
import { holm, mcnemarExact, pairedBootstrap } from "../src/stats/paired.js";
import { seededRandom } from "../src/stats/random.js";
import { rankIntervals } from "../src/stats/ranks.js";

describe("McNemar's exact test", () => {
  it("matches the binomial tail worked by hand", () => {
    // b = 1, c = 7: 2 · (C(8,0) + C(8,1)) / 2^8 = 18/256
    expect(mcnemarExact(1, 7)).toBeCloseTo(18 / 256, 12);
    expect(mcnemarExact(7, 1)).toBeCloseTo(18 / 256, 12);
    // b = 0, c = 5: 2 / 2^5
    expect(mcnemarExact(0, 5)).toBeCloseTo(1 / 16, 12);
    // b = 10, c = 20: 2 · Σ_{i≤10} C(30,i) / 2^30 = 0.0987371467…
    expect(mcnemarExact(10, 20)).toBeCloseTo(0.09873714670538902, 10);
    expect(mcnemarExact(4, 4)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
  });
});

describe("Holm's adjustment", () => {
  it("steps down and stays monotone", () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });
});

describe("Cohen's kappa", () => {
  it("gives the textbook value for two raters on yes/no", () => {
    // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o = 0.7, p_e = 0.5, κ = 0.4
    const pairs = [
      ...Array(20).fill({ reference: "yes", rater: "yes" }),
      ...Array(5).fill({ reference: "yes", rater: "no" }),
      ...Array(10).fill({ reference: "no", rater: "yes" }),
      ...Array(15).fill({ reference: "no", rater: "no" }),
    ];
    const a = agreement(pairs, ["yes", "no"]);
    expect(a.accuracy).toBeCloseTo(0.7, 12);
    expect(a.kappa).toBeCloseTo(0.4, 12);
    expect(a.matrix).toEqual([[20, 5], [10, 15]]);
  });

  it("weights disagreements by distance on an ordinal scale", () => {
    // matrix [[2,1,0],[0,2,1],[0,0,2]]: unweighted 27/43, linear 5/7, quadratic 33/41 (worked with fractions)
    const cells: [number, number, number][] = [[0, 0, 2], [0, 1, 1], [1, 1, 2], [1, 2, 1], [2, 2, 2]];
    const pairs = cells.flatMap(([i, j, n]) => Array(n).fill({ reference: String(i + 1), rater: String(j + 1) }));
    expect(agreement(pairs, ["1", "2", "3"], "none").kappa).toBeCloseTo(27 / 43, 12);
    expect(agreement(pairs, ["1", "2", "3"], "linear").kappa).toBeCloseTo(5 / 7, 12);
    expect(agreement(pairs, ["1", "2", "3"], "quadratic").kappa).toBeCloseTo(33 / 41, 12);
  });

  it("rejects a label outside the scale", () => {
    expect(() => agreement([{ reference: "yes", rater: "maybe" }], ["yes", "no"])).toThrow(/"maybe" is not one of yes, no/);
  });
});

describe("bootstrap intervals", () => {
  it("pairs the items: a constant gap of 0.2 has a tight interval and a small p-value", () => {
    const random = seededRandom(7);
    const b = Array.from({ length: 200 }, () => random());
    const a = b.map((x) => x + 0.2);
    const d = pairedBootstrap([{ a, b }], 99);
    expect(d.diff).toBeCloseTo(0.2, 12);
    expect(d.ci95[0]).toBeCloseTo(0.2, 12);
    expect(d.p).toBeLessThanOrEqual(0.002);
    expect(pairedBootstrap([{ a: b, b }], 99).p).toBe(1);
  });

  it("gives McNemar's exact p on pass/fail items, where a bootstrap share beyond zero would be liberal", () => {
    // 40 items: A alone passes 4, B alone passes 11, both pass 10, neither 15.
    const a = [...Array(4).fill(1), ...Array(11).fill(0), ...Array(10).fill(1), ...Array(15).fill(0)];
    const b = [...Array(4).fill(0), ...Array(11).fill(1), ...Array(10).fill(1), ...Array(15).fill(0)];
    const d = pairedBootstrap([{ a, b }], 5, 1000, pooledMean, 40000);
    expect(d.diff).toBeCloseTo(-7 / 40, 12);
    expect(d.p).toBeCloseTo(mcnemarExact(4, 11), 2); // 0.118
    expect(d.ci95[1]).toBeLessThan(0); // the bootstrap interval alone would have called it
  });

  it("finds no difference where there is none, most of the time", () => {
    const random = seededRandom(2024);
    let significant = 0;
    for (let t = 0; t < 100; t++) {
      const a = Array.from({ length: 80 }, () => (random() < 0.6 ? 1 : 0));
      const b = Array.from({ length: 80 }, () => (random() < 0.6 ? 1 : 0));
      if (pairedBootstrap([{ a, b }], t, 400).p < 0.05) significant++;
    }
    expect(significant).toBeLessThanOrEqual(12);
  });
});

describe("repeats", () => {
  it("reports agreement, stability and the variance sampling adds", () => {
    const c = consistency([
      [{ score: 1, pass: true }, { score: 1, pass: true }, { score: 1, pass: true }],
      [{ score: 1, pass: true }, { score: 0, pass: false }, { score: 1, pass: true }],
      [{ score: 0, pass: false }],
    ])!;
    expect(c.items).toBe(2);
    expect(c.agreement).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(c.stable).toBe(0.5);
    // variances across repeats: 0 and 1/3 (sample variance of 1,0,1) → mean 1/6
    expect(c.withinItemVariance).toBeCloseTo(1 / 6, 12);
    expect(consistency([[{ score: 1, pass: true }]])).toBeUndefined();
    // Per item: which items' repeats disagreed, and how much.
    const named = consistency([
      [{ itemId: "a", score: 1, pass: true }, { itemId: "a", score: 1, pass: true }],
      [{ itemId: "b", score: 1, pass: true }, { itemId: "b", score: 0, pass: false }, { itemId: "b", score: 1, pass: true }],
      [{ itemId: "c", score: 0, pass: false }, { itemId: "c", score: 1, pass: true }],
    ])!;
    expect(named.unstable).toEqual([{ itemId: "c", agreement: 0.5 }, { itemId: "b", agreement: 2 / 3 }]);
  });
});

describe("rank intervals", () => {
  it("separates clearly different models and ties close ones", () => {
    const random = seededRandom(5);
    const base = Array.from({ length: 300 }, () => random());
    const models = [
      { model: "strong", strata: [base.map((x) => (x < 0.9 ? 1 : 0))] },
      { model: "weak", strata: [base.map((x) => (x < 0.3 ? 1 : 0))] },
      { model: "weak-twin", strata: [base.map((x, i) => (x < 0.3 ? (i % 50 === 0 ? 0 : 1) : i % 60 === 0 ? 1 : 0))] },
    ];
    const ranks = rankIntervals(models, (m, s) => pooledMean(m, s), 11, 400);
    expect(ranks.find((r) => r.model === "strong")).toMatchObject({ rank: 1, interval: [1, 1] });
    const weak = ranks.filter((r) => r.model !== "strong");
    for (const r of weak) expect(r.interval).toEqual([2, 3]);
  });
});

describe("summary statistics of a run", () => {
  it("normalises multiple-choice scores for chance and reports repeat consistency", async () => {
    const dir = tempDir();
    const args = ["run", "-s", join(__dirname, "fixtures", "mini-mcq"), "-m", "baseline:random", "--repeats", "3", "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q"];
    expect((await spawnVieval(args).done).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    const suite = summary.models[0].suites["mini-mcq"];
    expect(suite.chanceNormalized.chance).toBeCloseTo(0.25, 12);
    expect(suite.chanceNormalized.score).toBeCloseTo((suite.score - 0.25) / 0.75, 12);
    expect(suite.chanceNormalized.ci95[0]).toBeCloseTo((suite.ci95[0] - 0.25) / 0.75, 12);
    const results = readJsonl<{ itemId: string; pass: boolean }>(join(dir, "out", "results.jsonl"));
    const byItem = new Map<string, boolean[]>();
    for (const r of results) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r.pass]);
    const stable = [...byItem.values()].filter((ps) => ps.every((p) => p === ps[0])).length / byItem.size;
    expect(suite.consistency).toMatchObject({ repeats: 3, items: 40 });
    expect(suite.consistency.stable).toBeCloseTo(stable, 12);
    // Per item: every item whose repeats disagreed is named, in the summary and in report.md.
    const changing = [...byItem].filter(([, ps]) => !ps.every((p) => p === ps[0])).map(([id]) => id).sort();
    expect(suite.consistency.unstable.map((u: { itemId: string }) => u.itemId).sort()).toEqual(changing);
    const md = readFileSync(join(dir, "out", "report.md"), "utf8");
    expect(md).toContain("## Consistency across 3 repeats");
    expect(md).toMatch(new RegExp(`\\| mini-mcq \\| baseline:random \\| \\d+\\.\\d% \\| ${(100 * stable).toFixed(1)}% \\|`));
  });
});
