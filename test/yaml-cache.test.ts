import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CRITERIA_DIR, loadCriteria, loadProfile, parseYaml } from "../src/criteria/load.js";
import { Criterion } from "../src/criteria/schema.js";
import { packagePath } from "../src/package-path.js";
import { cachedYaml, YAML_CACHE_FILE } from "../src/yaml-cache.js";
import { tempDir } from "./support/cli.js";

// The build (npm test runs it first) writes dist/yaml-cache.json.
const cache = JSON.parse(readFileSync(YAML_CACHE_FILE, "utf8")) as Record<string, { sha256: string; json: string }>;
const never = () => {
  throw new Error("checked afresh");
};

describe("the build's cache of shipped YAML", () => {
  it("holds every criterion, the national profile and every built-in suite definition", () => {
    const keys = Object.keys(cache);
    expect(keys.filter((k) => /^criteria\/[a-z-]+\.yaml$/.test(k))).toHaveLength(7);
    expect(keys).toContain("criteria/profiles/national.yaml");
    expect(keys.filter((k) => /^benchmarks\/[^/]+\/suite\.yaml$/.test(k)).length).toBeGreaterThanOrEqual(16);
  });

  it("gives what parsing and checking the file gives", () => {
    const file = join(CRITERIA_DIR, "safety.yaml");
    const text = readFileSync(file, "utf8");
    const fromCache = cachedYaml(file, text, never);
    // The same text as a user's file is parsed and checked.
    expect(fromCache).toEqual(parseYaml(join(tempDir(), "safety.yaml"), text, Criterion));
    expect(loadCriteria().get("safety")).toEqual(fromCache);
    expect(loadProfile("national").id).toBe("national");
  });

  it("serves only the exact bytes it was made from, and a fresh copy each time", () => {
    const file = packagePath("criteria", "accuracy.yaml");
    const text = readFileSync(file, "utf8");
    const a = cachedYaml(file, text, never) as { id: string };
    a.id = "changed";
    expect((cachedYaml(file, text, never) as { id: string }).id).toBe("accuracy");
    expect(cachedYaml(file, text.replace("accuracy", "accuracy "), () => "checked afresh")).toBe("checked afresh");
  });

  it("never serves a user's file, even with a shipped file's text", () => {
    const dir = tempDir();
    const text = readFileSync(packagePath("criteria", "accuracy.yaml"), "utf8");
    writeFileSync(join(dir, "accuracy.yaml"), text);
    expect(cachedYaml(join(dir, "accuracy.yaml"), text, () => "checked afresh")).toBe("checked afresh");
    // An edited shipped file with a problem is reported, not hidden by the cache.
    expect(() => parseYaml(packagePath("criteria", "accuracy.yaml"), text.replace(/^weight:.*$/m, "weight: lots"), Criterion)).toThrow(/accuracy\.yaml:\d+: weight/);
  });
});
