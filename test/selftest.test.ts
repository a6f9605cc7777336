import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleJson, readBundleFile } from "../src/bundle/file.js";
import type { Payload } from "../src/bundle/payload.js";
import { canaryProbes } from "../src/suites/canary.js";
import type { ItemResult } from "../src/run/types.js";
import { fixtureItems, readJsonl, tempDir } from "./support/cli.js";
import { startFakeOpenAI } from "./support/openai-server.js";
import { spawnVieval } from "./support/spawn.js";

const cli = (...args: string[]) => spawnVieval(args).done;

describe("vieval selftest", () => {
  it("runs the profile's public suites, passes the gold answers and writes a bundle the evaluator verifies", async () => {
    const dir = tempDir("vieval-selftest-");
    const r = await cli("selftest", "--profile", "national", "--model", "baseline:gold", "--db", join(dir, ".vieval", "v.db"), "-o", join(dir, "st"));
    expect(r.code, r.stderr).toBe(0);
    for (const c of ["accuracy", "safety", "explainability", "cultural-fit", "anti-bias", "anti-misinformation", "legal-compliance", "overall"]) {
      expect(r.stdout).toMatch(new RegExp(`│ ${c}\\s*│ 100\\.0 \\[100\\.0, 100\\.0\\]\\s*│ \\d+\\.\\d\\s*│ PASS\\s*│`));
    }
    const bundle = /Bundle ready to submit: (\S+) \(/.exec(r.stdout)?.[1];
    expect(bundle && existsSync(bundle)).toBe(true);
    const key = join(dir, ".vieval", "keys", "selftest.key");
    expect(r.stdout).toContain(`Made a signing key for you: ${key}; give the evaluator ${key}.pub`);
    const payload = bundleJson(readBundleFile(bundle!)) as Payload;
    expect(payload.manifest.suites.length).toBe(16);
    expect(payload.manifest.profile.id).toBe("national");
    const v = await cli("verify", bundle!, "--key", `${key}.pub`, "--json");
    expect(v.code, v.stdout).toBe(0);
    const counts = JSON.parse(v.stdout).counts;
    expect(counts.rescored).toBe(payload.results.length);
    expect(counts.items).toBe(payload.results.length);
  }, 120_000);

  it("exits 1 and says which marks a model misses", async () => {
    const dir = tempDir("vieval-selftest-");
    const r = await cli("selftest", "--model", "baseline:refuse-all", "--limit", "3", "--db", join(dir, "v.db"), "-o", join(dir, "st"), "--sign", "nope.key");
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("vieval: nope.key: key file not found");
    expect((await cli("keygen", join(dir, "k"))).code).toBe(0);
    const f = await cli("selftest", "--model", "baseline:refuse-all", "--limit", "3", "--db", join(dir, "v.db"), "-o", join(dir, "st"), "--sign", join(dir, "k"));
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/│ accuracy\s*│ 0\.0 \[0\.0, 0\.0\]\s*│ 60\.0\s*│ FAIL\s*│/);
    expect(f.stdout).toMatch(/^FAIL: .*accuracy/m);
    expect(f.stdout).toContain("a partial self-test");
  }, 60_000);
});

describe("vieval canary", () => {
  const canary = "VIEVAL TEST DATA — do not train. vieval-canary:mini-mcq:5d0c9a52-8f7e-4b8e-9a51-3c2b7e0f6a14";

  async function withCanary() {
    const dir = tempDir("vieval-canary-");
    cpSync("test/fixtures/mini-mcq", join(dir, "mini-mcq"), { recursive: true });
    writeFileSync(join(dir, "mini-mcq", "suite.yaml"), `${readFileSync(join(dir, "mini-mcq", "suite.yaml"), "utf8")}canary: "${canary}"\n`);
    return join(dir, "mini-mcq");
  }

  it("flags a model that completes the canary, and passes one that cannot", async () => {
    const suite = await withCanary();
    const head = canary.slice(0, canary.length - canaryProbes(canary)[0].tail.length);
    // One server has "memorised" the suite file; the other has not.
    const memorised = await startFakeOpenAI((body) => {
      const asked = body.messages.at(-1)!.content;
      return { kind: "answer", content: asked.includes(head) ? canary : "Không rõ." };
    });
    const clean = await startFakeOpenAI(() => ({ kind: "answer", content: "Tôi không biết chuỗi này tiếp theo là gì: vieval-canary:mini-mcq:5d0c9a52" }));
    try {
      const seen = await cli("canary", "-m", `openai-compatible:m@${memorised.url}`, "-s", suite);
      expect(seen.code, seen.stderr).toBe(1);
      expect(seen.stdout).toMatch(/^mini-mcq\s+COMPLETED: the model likely saw this suite in training$/m);
      expect(memorised.requests).toHaveLength(2);
      expect(memorised.requests[0].messages[0].content).not.toContain(canaryProbes(canary)[0].tail);
      const unseen = await cli("canary", "-m", `openai-compatible:m@${clean.url}`, "-s", suite);
      expect(unseen.code).toBe(0);
      expect(unseen.stdout).toMatch(/^mini-mcq\s+not completed$/m);
      expect(unseen.stdout).toContain("completed 0 of 1 canaries");
    } finally {
      await memorised.close();
      await clean.close();
    }
    const none = await cli("canary", "-m", "baseline:gold", "-s", "test/fixtures/mini-mcq");
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe("vieval: canary: none of these suites carries a canary string (canary: in suite.yaml)");
  }, 60_000);
});

describe("vieval rerun", () => {
  it("asks the same items again and reports how far the new scores are, item by item and per criterion", async () => {
    const dir = tempDir("vieval-rerun-");
    expect((await cli("keygen", join(dir, "k"))).code).toBe(0);
    const db = join(dir, "v.db");
    const run = await cli("run", "-s", "test/fixtures/mini-mcq", "-m", "baseline:random", "--seed", "7", "--db", db, "-o", join(dir, "out"), "-q");
    expect(run.code, run.stderr).toBe(0);
    const bundle = join(dir, "b.vieval-bundle");
    expect((await cli("bundle", "--sign", join(dir, "k"), "--db", db, "-o", bundle)).code).toBe(0);
    const bundled = (bundleJson(readBundleFile(bundle)) as Payload).results;

    // The same seeded baseline again: nothing moves.
    const same = await cli("rerun", bundle, "-m", "baseline:random", "--key", join(dir, "k.pub"), "-s", "test/fixtures/mini-mcq", "--db", db, "-o", join(dir, "re1"));
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain("40 items paired, 0 scored differently, 0 without a pair");
    expect(same.stdout).toContain("Reproduced: no criterion differs significantly from the bundle.");
    // The bundle's own spec is asked only when it is an endpoint.
    const baselineSpec = await cli("rerun", bundle, "-s", "test/fixtures/mini-mcq", "--db", db, "-o", join(dir, "re0"));
    expect(baselineSpec.code).toBe(2);
    expect(baselineSpec.stderr.trim()).toBe('vieval: rerun: the bundle\'s model spec "baseline:random" is not an endpoint: name the endpoint to ask with --model');

    // An endpoint that always answers B: the items whose score changes are exactly those where random and B differ.
    const items = fixtureItems();
    const server = await startFakeOpenAI(() => ({ kind: "answer", content: "Đáp án: B" }));
    try {
      const r = await cli("rerun", bundle, "-m", `openai-compatible:m@${server.url}`, "-s", "test/fixtures/mini-mcq", "--db", db, "-o", join(dir, "re2"));
      expect(r.stderr).toBe("");
      expect(server.requests.every((q) => q.temperature === 0)).toBe(true);
      const report = JSON.parse(readFileSync(join(dir, "re2", "rerun.json"), "utf8"));
      const bScore = (id: string) => (items.get(id)!.answer === "B" ? 1 : 0);
      const changed = bundled.filter((b) => b.score !== bScore(b.itemId)).map((b) => b.itemId).sort();
      expect(report.changed.map((c: { itemId: string }) => c.itemId).sort()).toEqual(changed);
      const acc = report.criteria[0];
      const bundledMean = bundled.reduce((s, b) => s + b.score, 0) / 40;
      const rerunMean = [...items.values()].filter((i) => i.answer === "B").length / 40;
      expect(acc).toMatchObject({ criterion: "accuracy", n: 40 });
      expect(acc.bundled).toBeCloseTo(bundledMean, 12);
      expect(acc.rerun).toBeCloseTo(rerunMean, 12);
      expect(acc.diff).toBeCloseTo(rerunMean - bundledMean, 12);
      expect(acc.agreement).toBeCloseTo(1 - changed.length / 40, 12);
      expect(r.stdout).toContain(`40 items paired, ${changed.length} scored differently`);
      // Exit 1 exactly when the difference is significant.
      expect(r.code).toBe(acc.significant ? 1 : 0);
      expect(r.stdout).toContain(acc.significant ? "Not reproduced: the scores differ significantly" : "Reproduced: no criterion differs significantly");
    } finally {
      await server.close();
    }
  }, 60_000);

  it("asks the endpoint again even when the bundled run, made against the same endpoint, is in the same store", async () => {
    const dir = tempDir("vieval-rerun-same-");
    const db = join(dir, "v.db");
    let answer = "B";
    const server = await startFakeOpenAI(() => ({ kind: "answer", content: `Đáp án: ${answer}` }));
    try {
      const spec = `openai-compatible:m@${server.url}`;
      expect((await cli("run", "-s", "test/fixtures/mini-mcq", "-m", spec, "--db", db, "-o", join(dir, "out"), "-q")).code).toBe(0);
      const bundle = join(dir, "b.vieval-bundle");
      expect((await cli("keygen", join(dir, "k"))).code).toBe(0);
      expect((await cli("bundle", "--sign", join(dir, "k"), "--db", db, "-o", bundle)).code).toBe(0);
      const original = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"))[0].run;
      // The endpoint now answers otherwise: a rerun that read the store would not see it.
      answer = "A";
      const before = server.requests.length;
      const r = await cli("rerun", bundle, "-s", "test/fixtures/mini-mcq", "--db", db, "-o", join(dir, "re"));
      expect(r.stderr).toBe("");
      expect(server.requests.length - before).toBe(40);
      const rerun = readJsonl<ItemResult>(join(dir, "re", "results.jsonl"));
      expect(rerun.every((x) => x.extracted === "A" && !x.cached)).toBe(true);
      expect(rerun[0].run).toBe(`${original}-rerun-of-${original}`);
      const items = fixtureItems();
      const changed = [...items.values()].filter((i) => i.answer === "A" || i.answer === "B").length;
      expect(r.stdout).toContain(`40 items paired, ${changed} scored differently`);
      // The same command again finds its own finished rerun; --fresh asks again.
      const again = await cli("rerun", bundle, "-s", "test/fixtures/mini-mcq", "--db", db, "-o", join(dir, "re"));
      expect(again.stdout).toContain(`40 items paired, ${changed} scored differently`);
      expect(server.requests.length - before).toBe(40);
      expect((await cli("rerun", bundle, "-s", "test/fixtures/mini-mcq", "--db", db, "-o", join(dir, "re"), "--fresh")).stderr).toBe("");
      expect(server.requests.length - before).toBe(80);
    } finally {
      await server.close();
    }
  }, 60_000);
});
