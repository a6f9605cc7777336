import { resolve } from "node:path";
import { loadCriteria, loadProfile } from "../../criteria/load.js";
import { writeOutputs } from "../../report/write.js";
import { summarize } from "../../stats/summary.js";
import { Store } from "../../store/store.js";
import { scoreTable } from "../table.js";
import { judgeAgreements } from "./run.js";

/** `vieval report [run]`: write a stored run's outputs again (for example under another profile). */
export async function reportCommand(runId: string | undefined, flags: { db?: string; out?: string; profile?: string }): Promise<number> {
  const store = new Store(resolve(flags.db ?? ".vieval/vieval.db"));
  let run;
  try {
    run = store.run(runId);
  } catch (e) {
    store.close();
    throw e;
  }
  const id = run.id;
  const criteria = loadCriteria();
  const profile = loadProfile(flags.profile ?? "national");
  const results = store.results(id);
  const summary = summarize(run.info, results, profile);
  if (run.info.judge) summary.judge = judgeAgreements(store, run.info.judge);
  store.close();
  const out = resolve(flags.out ?? "out");
  await writeOutputs(out, run.info, results, summary, criteria, { profile });
  process.stdout.write(`${scoreTable(summary, criteria)}\nWrote ${out}/ for run ${id} (${run.status}).\n`);
  return 0;
}
