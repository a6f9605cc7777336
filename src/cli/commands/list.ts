import Table from "cli-table3";
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { CRITERIA_DIR, loadCriteria, loadProfile } from "../../criteria/load.js";
import { BASELINES } from "../../providers/baselines.js";
import { PROVIDERS } from "../../providers/registry.js";
import { IMPORTERS } from "../../importers/registry.js";
import { SCORERS } from "../../scoring/registry.js";
import { builtinSuiteIds, loadSuite } from "../../suites/load.js";

const table = (head: string[]) => new Table({ head, style: { head: [], border: [] } });

/** `vieval list`: criteria, profiles, built-in suites with item counts, providers and scorers. */
export async function listCommand(): Promise<number> {
  const criteria = loadCriteria();
  const c = table(["criterion", "tên", "name", "weight", "threshold"]);
  for (const x of criteria.values()) c.push([x.id, x.name.vi, x.name.en, x.weight, x.threshold]);
  const profiles = readdirSync(join(CRITERIA_DIR, "profiles")).filter((f) => f.endsWith(".yaml")).map((f) => basename(f, ".yaml"));
  const p = table(["profile", "name", "pass mark"]);
  for (const id of profiles) {
    const prof = loadProfile(id);
    p.push([prof.id, prof.name.vi, prof.threshold]);
  }
  const s = table(["suite", "version", "criterion", "task", "items", "name"]);
  for (const id of builtinSuiteIds()) {
    const suite = await loadSuite(id, criteria);
    s.push([suite.id, suite.version, suite.criterion, suite.task, suite.items.length, suite.name.vi]);
  }
  const out = [
    "Criteria", c.toString(), "", "Profiles", p.toString(), "", "Suites", s.toString(), "",
    `Providers: ${Object.keys(PROVIDERS).map((k) => `${k}:`).join(" ")}`,
    `Baselines: ${BASELINES.map((b) => `baseline:${b}`).join(" ")}`,
    `Scorers:   ${Object.keys(SCORERS).join(" ")}`,
    `Importers: ${IMPORTERS.map((i) => i.format).join(" ")} (vieval import <format> <file> --out <dir>)`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
