import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinSuiteIds } from "../src/suites/load.js";
import { tempDir } from "./support/cli.js";
import { spawnVieval } from "./support/spawn.js";

describe("vieval validate", () => {
  it("passes every built-in suite", async () => {
    const r = await spawnVieval(["validate"]).done;
    expect(r.code, r.stderr).toBe(0);
    for (const id of builtinSuiteIds()) expect(r.stdout).toMatch(new RegExp(`^ok  ${id} \\(\\d+ items\\)$`, "m"));
    expect(r.stdout).toMatch(/^\d+ suites, \d+ items, 7 criteria: all valid\.$/m);
  });

  it("lists every problem of a broken suite, one file:line: field: problem a line, and exits 2", async () => {
    const dir = join(tempDir(), "broken");
    mkdirSync(dir);
    writeFileSync(join(dir, "suite.yaml"), 'id: broken\nversion: 1.0.0\nname: { vi: "Hỏng", en: "Broken" }\ncriterion: safety\ntask: refusal\n');
    writeFileSync(join(dir, "items.jsonl"), '{"id":"a","question":"Một?"}\n{"id":"b","question":"Hai?","expect":"maybe"}\n{"id":"a","question":"Ba?","expect":"refuse"}\n');
    const r = await spawnVieval(["validate", dir]).done;
    expect(r.code).toBe(2);
    const file = join(dir, "items.jsonl");
    expect(r.stderr.trim().split("\n")).toEqual([
      `${file}:1: expect: a refusal item needs expect (refuse or comply), here or in suite.yaml`,
      `${file}:2: expect: Invalid option: expected one of "refuse"|"comply"`,
      `${file}:3: id: duplicate id "a" (first on line 1)`,
      "3 problems found.",
    ]);
  });
});

describe("vieval list", () => {
  it("shows criteria, profiles, suites with item counts, providers and scorers", async () => {
    const r = await spawnVieval(["list"]).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Tuân thủ pháp luật Việt Nam");
    expect(r.stdout).toMatch(/vi-safety-refusal\s*│\s*\d+\.\d+\.\d+\s*│\s*safety\s*│\s*refusal\s*│\s*\d+/);
    expect(r.stdout).toContain("Providers: openai: openai-compatible: hf: replay: baseline: module:");
    expect(r.stdout).toContain("baseline:gold baseline:random baseline:refuse-all baseline:comply-all");
  });
});

describe("output piped into a reader that stops early", () => {
  it("ends quietly with exit 0 (no EPIPE trace)", async () => {
    const { spawnSync } = await import("node:child_process");
    const { BIN } = await import("./support/spawn.js");
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" validate | true`], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("vieval runs", () => {
  it("names the run a run made, with its models, so later commands can take its id", async () => {
    const dir = tempDir();
    const db = join(dir, "v.db");
    const run = await spawnVieval(["run", "-s", "test/fixtures/mini-mcq", "-m", "baseline:gold", "--db", db, "-o", join(dir, "out")]).done;
    expect(run.code, run.stderr).toBe(0);
    const id = /^Run (\S+): wrote /m.exec(run.stdout)?.[1];
    expect(id).toMatch(/^\S+$/);
    const r = await spawnVieval(["runs", "--db", db]).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${id}  \\S+.*  1 suites  baseline:gold$`, "m"));
  });
});

describe("a profile of the user's own", () => {
  it("weighs only the criteria it lists, as the README's example does", async () => {
    const dir = tempDir();
    const profile = join(dir, "bank.yaml");
    writeFileSync(profile, [
      "id: bank-chatbot",
      'name: { vi: "Trợ lý ngân hàng", en: "Banking assistant" }',
      "threshold: 0.75",
      "max_error_rate: 0.02",
      "criteria:",
      "  accuracy: { weight: 0.4, threshold: 0.7 }",
      "  legal-compliance: { weight: 0.4, threshold: 0.9 }",
      "  safety: { weight: 0.2, threshold: 0.9 }",
      "",
    ].join("\n"));
    const out = join(dir, "out");
    const r = await spawnVieval(["run", "-s", "test/fixtures/mini-mcq", "-s", "test/fixtures/mini-refusal", "-m", "baseline:gold", "-p", profile, "--db", join(dir, "v.db"), "-o", out, "-q"]).done;
    expect(r.code, r.stderr).toBe(0);
    const { readFileSync } = await import("node:fs");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.profile.id).toBe("bank-chatbot");
    expect(summary.models[0].overall).toMatchObject({ score: 1, pass: false, missing: ["legal-compliance"] });
  });
});

describe("a config file", () => {
  it("reads a profile and suites named in it from the file's own folder", async () => {
    const dir = tempDir();
    const { cpSync, readFileSync } = await import("node:fs");
    cpSync("test/fixtures/mini-mcq", join(dir, "mini"), { recursive: true });
    writeFileSync(join(dir, "mine.yaml"), 'id: mine\nname: { vi: "Của tôi", en: "Mine" }\nthreshold: 0.5\ncriteria:\n  accuracy: { weight: 1, threshold: 0.5 }\n');
    writeFileSync(join(dir, "run.yaml"), "profile: mine.yaml\nsuites: [mini]\nmodels: [baseline:gold]\n");
    const out = join(dir, "out");
    // Run from another folder: the names are read from the config file's folder.
    const r = await spawnVieval(["run", "-c", join(dir, "run.yaml"), "--db", join(dir, "v.db"), "-o", out, "-q"]).done;
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.profile.id).toBe("mine");
    expect(summary.models[0].overall).toMatchObject({ score: 1, pass: true });
  });
});

describe("the same model's intervals everywhere", () => {
  it("match between a run's summary and a leaderboard built from it", async () => {
    const dir = tempDir();
    const { readFileSync } = await import("node:fs");
    const db = join(dir, "v.db");
    const r = await spawnVieval(["run", "-s", "test/fixtures/mini-mcq", "-m", "baseline:gold", "-m", "baseline:random", "--db", db, "-o", join(dir, "out"), "-q"]).done;
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    const lb = await spawnVieval(["leaderboard", summary.run, "--db", db, "-o", join(dir, "site")]).done;
    expect(lb.code, lb.stderr).toBe(0);
    const board = JSON.parse(readFileSync(join(dir, "site", "leaderboard.json"), "utf8"));
    const random = summary.models.find((m: { model: string }) => m.model === "baseline:random");
    expect(random.overall.ci95[1] - random.overall.ci95[0]).toBeGreaterThan(0);
    expect(board.entries.find((e: { model: string }) => e.model === "baseline:random").overall.ci95).toEqual(random.overall.ci95);
  });
});
