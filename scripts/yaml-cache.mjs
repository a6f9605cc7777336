// The parsed, checked YAML of every shipped criteria, profile and built-in suite definition (src/yaml-cache.ts),
// recorded while the same checks a run makes read them.
import { readdirSync } from "node:fs";
import { CRITERIA_DIR, loadCriteria, loadProfile } from "../dist/criteria/load.js";
import { builtinSuiteIds, inspectSuite } from "../dist/suites/load.js";
import { writeYamlCache } from "../dist/yaml-cache.js";

const files = await writeYamlCache(async () => {
  const criteria = loadCriteria();
  for (const f of readdirSync(`${CRITERIA_DIR}/profiles`).filter((f) => f.endsWith(".yaml"))) loadProfile(f.replace(/\.yaml$/, ""));
  for (const id of builtinSuiteIds()) await inspectSuite(id, criteria);
});
if (files === 0) throw new Error("yaml cache: no shipped YAML file was read");
