import { resolve } from "node:path";
import { loadCriteria, loadProfile } from "../../criteria/load.js";
import { InputError } from "../../input-error.js";
import { writeLeaderboard, type Entry } from "../../report/leaderboard.js";
import { Store } from "../../store/store.js";

/** `vieval leaderboard <run…> --out site/`: a static ranked site of the models those runs evaluated. */
export async function leaderboardCommand(runs: string[], flags: { db?: string; out?: string; profile?: string }): Promise<number> {
  const store = new Store(resolve(flags.db ?? ".vieval/vieval.db"));
  const entries: Entry[] = [];
  try {
    for (const id of runs) {
      const run = store.getRun(id);
      if (!run) {
        const recent = store.runs().slice(0, 5).map((r) => r.id).join(", ");
        throw new InputError(`run: no run "${id}" in ${flags.db ?? ".vieval/vieval.db"}${recent ? ` (recent: ${recent})` : ""}`);
      }
      const results = store.results(id);
      for (const m of run.info.models) entries.push({ info: run.info, model: m.name, results: results.filter((r) => r.model === m.name), verified: false });
    }
  } finally {
    store.close();
  }
  if (!entries.length) throw new InputError("leaderboard: name at least one run");
  const out = resolve(flags.out ?? "site");
  const { suites, left } = writeLeaderboard(out, entries, loadProfile(flags.profile ?? "national"), loadCriteria());
  process.stdout.write(`Ranked ${entries.length} entries on ${suites.length} shared suites${left.length ? ` (not on: ${left.join(", ")})` : ""}: wrote ${out}/index.html\n`);
  return 0;
}
