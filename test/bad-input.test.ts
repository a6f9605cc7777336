import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./support/cli.js";
import { spawnVieval } from "./support/spawn.js";

/** Every case: exit code 2, exactly one line on stderr, no stack trace. */
async function expectOneLine(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}) {
  const r = await spawnVieval(args, env).done;
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("bad input ends with exit code 2 and one clear line", () => {
  const dir = tempDir();
  const db = join(dir, "v.db");

  it("an unknown suite id", () => expectOneLine(["run", "-s", "no-such-suite", "--db", db], /^vieval: suite: unknown suite "no-such-suite"/));

  it("a path to a suite that is not there", () => expectOneLine(["run", "-s", "./no/such/dir", "--db", db], /^vieval: suite: no such file or folder: \.\/no\/such\/dir$/));

  it("a bad model spec in a config file, named by its line", () => {
    const cfg = join(dir, "bad-spec.yaml");
    writeFileSync(cfg, "models:\n  - baseline:gold\n  - spec: nope:x\n    name: x\n");
    return expectOneLine(["run", "-c", cfg, "--db", db], new RegExp(`^vieval: ${cfg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3: models\\.1\\.spec: "nope" is not a provider`));
  });

  it("a malformed model spec", () => expectOneLine(["run", "-m", "gpt4", "--db", db], /^vieval: model: "gpt4" is not a provider/));

  it("an unknown baseline", () => expectOneLine(["run", "-m", "baseline:oracle", "--db", db], /^vieval: model: unknown baseline "oracle"/));

  it("an openai-compatible spec without a URL", () =>
    expectOneLine(["run", "-m", "openai-compatible:qwen", "--db", db], /should be openai-compatible:<model>@<baseURL>/));

  it("a missing API key variable", () =>
    expectOneLine(["run", "-m", "openai:gpt-4o-mini", "--db", db], /OPENAI_API_KEY/, { OPENAI_API_KEY: "" }));

  it("a bad option value", () => expectOneLine(["run", "--concurrency", "zero", "--db", db], /concurrency.*whole number/));

  it("a malformed suite, naming file, line and field", () => {
    const suite = join(dir, "broken");
    mkdirSync(suite);
    copyFileSync("test/fixtures/mini-mcq/suite.yaml", join(suite, "suite.yaml"));
    writeFileSync(join(suite, "items.jsonl"), '{"id":"1","question":"Hỏi?","choices":["a","b"],"answer":"A"}\n{"id":"2","question":"Hỏi?","choices":["a","b"],"answer":"Z"}\n');
    return expectOneLine(["run", "-s", suite, "--db", db], new RegExp(`items\\.jsonl:2: answer: "Z" is not one of the 2 choices$`));
  });

  it("a malformed config file, naming file, line and field", () => {
    const config = join(dir, "vieval.yaml");
    writeFileSync(config, "models:\n  - spec: baseline:gold\n    temperature: 0.2\nconcurrency: 4\n");
    return expectOneLine(["run", "-c", config, "--db", db], new RegExp(`vieval\\.yaml:3: models\\.0\\.temperature: unknown field \\(misspelt\\?\\)$`));
  });

  it("YAML that ends unfinished, named on its last line, not on the empty line after it", () => {
    const config = join(dir, "unclosed.yaml");
    writeFileSync(config, "models:\n  - spec: baseline:gold\nsuites: [vi-accuracy-mcq\n\n");
    return expectOneLine(["run", "-c", config, "--db", db], /unclosed\.yaml:3: invalid YAML: .* \(at the end of the file\)$/);
  });

  it("a store that is not a SQLite file is left untouched", async () => {
    const notDb = join(dir, "notes.db");
    writeFileSync(notDb, "these are my notes, not a database\n".repeat(200));
    await expectOneLine(["run", "-s", "test/fixtures/mini-mcq", "-m", "baseline:gold", "--db", notDb, "-o", join(dir, "o")], /notes\.db: cannot open the store/);
    expect(readFileSync(notDb, "utf8")).toBe("these are my notes, not a database\n".repeat(200));
  });
});
