import { describe, expect, it } from "vitest";
import { bootstrapMean, pooledMean, stratifiedBootstrap } from "../src/stats/bootstrap.js";
import { seededRandom } from "../src/stats/random.js";

describe("bootstrap confidence intervals", () => {
  const scores = Array.from({ length: 400 }, (_, i) => (i % 10 < 7 ? 1 : 0)); // p = 0.7, n = 400

  it("is reproducible from its seed and changes with it", () => {
    const a = bootstrapMean(scores, 42);
    expect(bootstrapMean(scores, 42)).toEqual(a);
    expect(bootstrapMean(scores, 43).ci95).not.toEqual(a.ci95);
  });

  it("matches the normal approximation for a proportion", () => {
    const { score, ci95, n } = bootstrapMean(scores, 7, 4000);
    expect(score).toBe(0.7);
    expect(n).toBe(400);
    const half = 1.96 * Math.sqrt((0.7 * 0.3) / 400); // 0.0449
    expect(ci95[0]).toBeCloseTo(0.7 - half, 1.5);
    expect(ci95[1]).toBeCloseTo(0.7 + half, 1.5);
    expect(Math.abs(ci95[1] - ci95[0] - 2 * half)).toBeLessThan(0.01);
  });

  it("has zero width when every item scores the same", () => {
    expect(bootstrapMean([1, 1, 1, 1], 1)).toEqual({ score: 1, ci95: [1, 1], n: 4 });
  });

  it("resamples within strata, keeping each stratum's size", () => {
    // stratum sizes are fixed, so the pooled mean of {all 0} ∪ {all 1} never moves
    const est = stratifiedBootstrap([[0, 0, 0], [1, 1, 1, 1, 1, 1, 1]], pooledMean, 3);
    expect(est).toEqual({ score: 0.7, ci95: [0.7, 0.7], n: 10 });
  });

  it("covers the true mean in about 95% of simulated draws", () => {
    const random = seededRandom(99);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const draw = Array.from({ length: 200 }, () => (random() < 0.6 ? 1 : 0));
      const { ci95 } = bootstrapMean(draw, t, 500);
      if (ci95[0] <= 0.6 && 0.6 <= ci95[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.99);
  });
});
