import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ItemResult } from "../src/run/types.js";
import { readJsonl, tempDir } from "./support/cli.js";
import { spawnVieval } from "./support/spawn.js";

const MINI = join(__dirname, "fixtures", "mini-mcq");
const run = (...args: string[]) => spawnVieval(args).done;

/** Two-sided exact McNemar p, worked with BigInt binomial coefficients (independent of src/stats). */
function exactP(b: number, c: number): number {
  const n = BigInt(b + c);
  let tail = 0n;
  let coef = 1n;
  for (let i = 0n; i <= BigInt(Math.min(b, c)); i++) {
    if (i > 0n) coef = (coef * (n - i + 1n)) / i;
    tail += coef;
  }
  return Math.min(1, (2 * Number(tail)) / 2 ** (b + c));
}

describe("vieval compare", () => {
  it("pairs two models of one run on the same items with McNemar's exact test", async () => {
    const dir = tempDir();
    const db = join(dir, "v.db");
    expect((await run("run", "-s", MINI, "-m", "baseline:gold", "-m", "baseline:random", "--db", db, "-o", join(dir, "out"), "-q")).code).toBe(0);
    const runId = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8")).run;
    const results = readJsonl<ItemResult>(join(dir, "out", "results.jsonl"));
    const pass = (model: string) => new Map(results.filter((r) => r.model === model).map((r) => [r.itemId, r.pass]));
    const gold = pass("baseline:gold");
    const random = pass("baseline:random");
    const onlyA = [...gold].filter(([id, p]) => p && !random.get(id)).length;
    const onlyB = [...gold].filter(([id, p]) => !p && random.get(id)).length;

    const r = await run("compare", runId, "--db", db, "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.a.model).toBe("baseline:gold");
    const accuracy = c.rows.find((x: { criterion: string }) => x.criterion === "accuracy");
    expect(accuracy).toMatchObject({ n: 40, test: "mcnemar-exact", discordant: { onlyA, onlyB } });
    expect(accuracy.p).toBeCloseTo(exactP(onlyA, onlyB), 12);
    expect(accuracy.diff).toBeCloseTo((onlyA - onlyB) / 40, 12);
    expect(accuracy.significant).toBe(true);

    const text = await run("compare", runId, "--db", db);
    expect(text.stdout).toMatch(/accuracy\s*│\s*40\s*│\s*100\.0/);
    expect(text.stdout).toContain("A better");
  });

  it("says plainly when a difference is not significant", async () => {
    const dir = tempDir();
    const db = join(dir, "v.db");
    const ids: string[] = [];
    for (const seed of ["1", "2"]) {
      const out = join(dir, `out${seed}`);
      expect((await run("run", "-s", MINI, "-m", "baseline:random", "--seed", seed, "--db", db, "-o", out, "-q")).code).toBe(0);
      ids.push(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).run);
    }
    const r = await run("compare", ids[0], ids[1], "--db", db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no significant difference");
    expect(r.stdout).toContain("is not significant at α = 0.05");
  });

  it("names what is wrong with a bad request in one line and exit 2", async () => {
    const dir = tempDir();
    const r = await run("compare", "r-nope", "--db", join(dir, "v.db"));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`vieval: run: no run "r-nope" in ${join(dir, "v.db")}`);
  });
});
