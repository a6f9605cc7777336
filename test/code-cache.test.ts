import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./support/cli.js";
import { BIN } from "./support/spawn.js";

const ROOT = join(__dirname, "..");
const DIR = join(ROOT, "dist", "cli-bundle");
const BUNDLE = join(DIR, "main.cjs");
/** The bundle's parts, loaded when first used: the charts of reports, the Hugging Face client. */
const PARTS = ["echarts.cjs", "hf.cjs"];

/** The cache file bin/vieval.js looks for: named by the build the bundle's last line names. */
function cacheName(bundle: string): string {
  const build = /\/\/ vieval build ([0-9a-f]{16})\n$/.exec(readFileSync(bundle, "utf8"))![1];
  return `${bundle}.${build}.cache`;
}

/** A copy of the installed package, with the same bundle and no cache (file times as a tarball leaves them). */
function packageCopy(): { bin: string; bundle: string } {
  const dir = tempDir("vieval-pkg-");
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "dist", "cli-bundle"), { recursive: true });
  copyFileSync(BIN, join(dir, "bin", "vieval.js"));
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  for (const shared of ["node_modules", "criteria", "benchmarks", "reports"]) symlinkSync(join(ROOT, shared), join(dir, shared));
  const bundle = join(dir, "dist", "cli-bundle", "main.cjs");
  copyFileSync(BUNDLE, bundle);
  for (const part of PARTS) copyFileSync(join(DIR, part), join(dir, "dist", "cli-bundle", part));
  const packed = new Date("1985-10-26T08:15:00Z");
  utimesSync(bundle, packed, packed);
  return { bin: join(dir, "bin", "vieval.js"), bundle };
}

/** `vieval list` through a bin, saying what became of the code cache. */
function list(bin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "list"], { env: { ...process.env, VIEVAL_DEBUG_CODE_CACHE: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the CLI bundle's V8 code cache", () => {
  it("is made by the build for exactly the bundle it ships, and used", async () => {
    // One cache for each file the build's run loads (the charts part, not the Hugging Face one): a rebuilt
    // bundle leaves no stale one behind.
    const charts = join(DIR, "echarts.cjs");
    expect(readdirSync(DIR).filter((f) => f.endsWith(".cache")).sort()).toEqual([cacheName(charts), cacheName(BUNDLE)].map((f) => f.slice(DIR.length + 1)).sort());
    // ASCII, so that node reads it as latin1 with no decoding, and holds it in one byte a character.
    for (const file of [BUNDLE, ...PARTS.map((p) => join(DIR, p))]) expect(readFileSync(file).every((byte) => byte < 0x80)).toBe(true);
    const run = await list(BIN);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("code cache: used");
    expect(run.stdout).toContain("vi-accuracy-mcq");
    // Strict mode throughout, as the ES modules it is built from.
    expect(readFileSync(BUNDLE, "utf8").startsWith('"use strict";\n')).toBe(true);
  });

  it("loads the charts of report.html from their own part, with its cache, and so does the bundle required without bin", async () => {
    const dir = tempDir();
    const args = ["run", "-m", "baseline:gold", "-s", "vi-accuracy-mcq", "--limit", "3", "--db", "v.db", "-q"];
    const run = (argv: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, argv, { cwd: dir, env: { ...process.env, VIEVAL_DEBUG_CODE_CACHE: "1" } });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const viaBin = await run([BIN, ...args, "-o", "bin"]);
    expect(viaBin.code).toBe(0);
    expect(viaBin.stderr).toContain(`code cache: used (${cacheName(join(DIR, "echarts.cjs"))})`);
    const plain = await run(["-e", `require(${JSON.stringify(BUNDLE)}).main(${JSON.stringify([...args, "-o", "plain"])}).then((c) => (process.exitCode = c))`]);
    expect(plain.code).toBe(0);
    for (const out of ["bin", "plain"]) {
      const html = readFileSync(join(dir, out, "report.html"), "utf8");
      // The radar and the bar charts, drawn by ECharts.
      expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    }
  });

  it("leaves a user's provider module loadable (import() from a cached script has no loader on Node 20)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "provider.mjs"), 'export default { model: "mine", async generate() { return { output: "Đáp án: A" }; } };\n');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const args = [BIN, "run", "-m", "module:provider.mjs", "-s", "vi-accuracy-mcq", "--limit", "3", "--db", "v.db", "-o", "out", "-q"];
      const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, VIEVAL_DEBUG_CODE_CACHE: "1" } });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(run.stderr).toContain("code cache: used");
    expect(run.stderr).not.toMatch(/cannot load provider module|Warning/);
    expect(run.code).toBe(0);
    const results = readFileSync(join(dir, "out", "results.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(results.map((r) => [r.model, r.extracted])).toEqual([["module:provider.mjs", "A"], ["module:provider.mjs", "A"], ["module:provider.mjs", "A"]]);
  });

  it("is left aside when there is none or it does not fit, and the CLI answers the same", async () => {
    const reference = await list(BIN);
    const { bin, bundle } = packageCopy();
    const none = await list(bin);
    expect(none.stderr).toContain("code cache: none");
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(reference.stdout);
    // A copy of the cache beside a copy of the bundle (as npm pack and install leave them, with other file times) is used.
    copyFileSync(cacheName(BUNDLE), cacheName(bundle));
    const copied = await list(bin);
    expect(copied.stderr).toContain("code cache: used");
    expect(copied.stdout).toBe(reference.stdout);
    // Bytes that are not a cache of this bundle (another V8, a damaged file): V8 refuses them.
    writeFileSync(cacheName(bundle), Buffer.alloc(4096, 7));
    const rejected = await list(bin);
    expect(rejected.stderr).toContain("code cache: rejected");
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toBe(reference.stdout);
  });
});
