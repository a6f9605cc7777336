import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CRITERIA_DIR, loadCriteria, readYaml } from "../../criteria/load.js";
import { Profile } from "../../criteria/schema.js";
import { InputError } from "../../input-error.js";
import { builtinSuiteIds, inspectSuite } from "../../suites/load.js";

/** `vieval validate [suite…]`: every problem in the criteria, profiles and suites, one `file:line: field: problem` a line. */
export async function validateCommand(refs: string[]): Promise<number> {
  const problems: string[] = [];
  const criteria = loadCriteria();
  for (const f of readdirSync(join(CRITERIA_DIR, "profiles")).filter((f) => f.endsWith(".yaml"))) {
    try {
      readYaml(join(CRITERIA_DIR, "profiles", f), Profile);
    } catch (e) {
      if (e instanceof InputError) problems.push(e.message);
      else throw e;
    }
  }
  let items = 0;
  const targets = refs.length ? refs : builtinSuiteIds();
  for (const ref of targets) {
    let found: Awaited<ReturnType<typeof inspectSuite>>;
    try {
      found = await inspectSuite(ref, criteria);
    } catch (e) {
      if (e instanceof InputError) {
        problems.push(e.message);
        continue;
      }
      throw e;
    }
    problems.push(...found.problems);
    if (found.suite && found.problems.length === 0) {
      items += found.suite.items.length;
      const n = found.suite.items.length;
      process.stdout.write(`ok  ${found.suite.id} (${n} item${n === 1 ? "" : "s"})\n`);
    }
  }
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (problems.length) {
    process.stderr.write(`${problems.length} problem${problems.length === 1 ? "" : "s"} found.\n`);
    return 2;
  }
  process.stdout.write(`${targets.length} suites, ${items} items, ${criteria.size} criteria: all valid.\n`);
  return 0;
}
