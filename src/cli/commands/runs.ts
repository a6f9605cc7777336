import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Store } from "../../store/store.js";

/** `vieval runs`: the runs a store holds, newest first, with the ids other commands take. */
export async function runsCommand(flags: { db?: string }): Promise<number> {
  const path = resolve(flags.db ?? ".vieval/vieval.db");
  if (!existsSync(path)) {
    process.stdout.write(`No store at ${path} yet: \`vieval run\` makes one.\n`);
    return 0;
  }
  const store = new Store(path);
  try {
    for (const r of store.runs()) {
      const info = store.getRun(r.id)?.info;
      const models = info?.models.map((m) => m.name).join(", ") ?? "";
      process.stdout.write(`${r.id}  ${r.updated_at}  ${r.status}  ${info?.suites.length ?? 0} suites  ${models}\n`);
    }
  } finally {
    store.close();
  }
  return 0;
}
