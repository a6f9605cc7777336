import { createHash } from "node:crypto";
import type { ModelInfo, RunInfo, SuiteInfo } from "./types.js";

/**
 * A run is named by what it evaluates, so the same command run again after a crash or Ctrl-C finds
 * the same run and resumes it.
 */
export function runIdFor(models: ModelInfo[], suites: SuiteInfo[], repeats: number, seed: number, judge?: RunInfo["judge"]): string {
  const basis = JSON.stringify({
    models: models.map((m) => [m.name, m.spec, m.params]),
    suites: suites.map((s) => [s.id, s.hash]),
    repeats,
    seed,
    // A judged run is another run (older ids stay the same when there is no judge).
    ...(judge ? { judge } : {}),
  });
  return `r-${createHash("sha256").update(basis).digest("hex").slice(0, 12)}`;
}
