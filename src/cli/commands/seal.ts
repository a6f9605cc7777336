import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { InputError } from "../../input-error.js";
import { loadSuite } from "../../suites/load.js";
import { readSealKey, sealSuite, writeSealKey, type SuiteFiles } from "../../suites/seal.js";

/** `vieval seal <suite> --key-file K`: the suite in one AES-256-GCM file that vieval opens in memory only. */
export async function sealCommand(ref: string, flags: { keyFile: string; out?: string }): Promise<number> {
  const suite = await loadSuite(ref);
  if (suite.sealed) throw new InputError(`${ref}: already sealed`);
  const out = resolve(flags.out ?? `${suite.id}.sealed`);
  if (existsSync(out)) throw new InputError(`${out}: already exists (a sealed suite is never overwritten)`);
  // The files the suite was loaded from, by the names suite.yaml gives them.
  const files: SuiteFiles = { "suite.yaml": readFileSync(suite.file, "utf8") };
  for (const name of [relative(suite.dir, suite.itemsFile), suite.prompt]) if (name) files[name] = readFileSync(join(suite.dir, name), "utf8");
  const made = !existsSync(flags.keyFile);
  const key = made ? writeSealKey(flags.keyFile) : readSealKey(flags.keyFile);
  writeFileSync(out, sealSuite({ id: suite.id, suiteVersion: suite.version, criterion: suite.criterion, task: suite.task, items: suite.items.length, hash: suite.hash }, files, key), { flag: "wx" });
  process.stdout.write(
    `${made ? `Made a new seal key ${flags.keyFile} (keep it secret). ` : ""}Sealed ${suite.id} ${suite.version} (${suite.items.length} items, hash ${suite.hash.slice(0, 12)}) into ${out}.\n` +
      `Run it with: vieval run -s ${out} --key-file ${flags.keyFile} … (its items never reach a file in clear). Keep or remove the clear folder ${suite.dir} as you see fit.\n`,
  );
  return 0;
}
