import { describe, expect, it } from "vitest";
import { bootstrapMean, pooledMean, stratifiedBootstrap } from "../src/stats/bootstrap.js";
import { seededRandom } from "../src/stats/random.js";
import { binomialSampler, StratumResampler } from "../src/stats/resample.js";

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

describe("resampling a stratum", () => {
  // Drawing counts per distinct value (a multinomial) must give the same distribution as drawing indices.
  const moments = (values: number[], draws: number) => {
    const random = seededRandom(5);
    const draw = binomialSampler(random);
    const sampler = new StratumResampler([Float64Array.from(values)]);
    const out = new Float64Array(1);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < draws; i++) {
      sampler.sums(random, draw, out);
      const m = out[0] / values.length;
      s += m;
      s2 += m * m;
    }
    const mean = s / draws;
    return { mean, variance: s2 / draws - mean * mean };
  };
  const theory = (values: number[]) => {
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    const v = values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length;
    return { mean: mu, variance: v / values.length };
  };

  it.each([
    ["few distinct values (multinomial counts)", Array.from({ length: 900 }, (_, i) => [0, 0.25, 0.5, 1][i % 4] * (i % 7 === 0 ? 0 : 1))],
    ["many distinct values (index draws)", Array.from({ length: 500 }, (_, i) => (i * 37) % 101 / 100)],
  ])("keeps the mean and the variance of the resampled mean: %s", (_, values) => {
    const got = moments(values, 20000);
    const want = theory(values);
    expect(got.mean).toBeCloseTo(want.mean, 3);
    expect(got.variance / want.variance).toBeGreaterThan(0.95);
    expect(got.variance / want.variance).toBeLessThan(1.05);
  });

  it("draws every item's value jointly across models", () => {
    const a = Float64Array.from({ length: 300 }, (_, i) => i % 3 === 0 ? 1 : 0);
    const sampler = new StratumResampler([a, a.map((x) => 1 - x)]);
    const random = seededRandom(2);
    const draw = binomialSampler(random);
    const out = new Float64Array(2);
    for (let i = 0; i < 200; i++) {
      sampler.sums(random, draw, out);
      expect(out[0] + out[1]).toBe(300);
    }
  });
});
