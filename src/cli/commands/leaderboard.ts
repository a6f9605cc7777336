import { resolve } from "node:path";
import { isBundleFile, readBundleFile } from "../../bundle/file.js";
import { fingerprint, loadPublicKey } from "../../bundle/keys.js";
import { runInfoOf } from "../../bundle/payload.js";
import { readPayload, verifyBundle } from "../../bundle/verify.js";
import { sealKeyFrom } from "../../suites/seal.js";
import { loadCriteria, loadProfile } from "../../criteria/load.js";
import { InputError } from "../../input-error.js";
import { writeLeaderboard, type Entry } from "../../report/leaderboard.js";
import { Store } from "../../store/store.js";

/** `vieval leaderboard <run…> --out site/`: a static ranked site of the models those runs evaluated. */
export async function leaderboardCommand(
  runs: string[],
  flags: { db?: string; out?: string; profile?: string; key?: string[]; suite?: string[]; keyFile?: string },
): Promise<number> {
  const entries: Entry[] = [];
  // Each bundle is checked once, with the given key whose fingerprint it names.
  const keys = new Map((flags.key ?? []).map((file) => {
    const key = loadPublicKey(file);
    return [fingerprint(key), key] as const;
  }));
  const sealKey = keys.size ? sealKeyFrom(flags.keyFile) : undefined;
  let failed = 0;
  for (const path of runs.filter(isBundleFile)) {
    let payload;
    let why = "";
    try {
      if (!keys.size) payload = readPayload(path);
      else {
        const { signedBy } = readBundleFile(path);
        const key = keys.get(signedBy);
        if (!key) why = `signed by key ${signedBy}, not by any key given`;
        else {
          const v = await verifyBundle(path, key, flags.suite ?? [], { sealKey });
          if (v.problems.length === 0) payload = v.payload;
          else why = `${v.problems[0]}${v.problems.length > 1 ? ` (and ${v.problems.length - 1} more: vieval verify)` : ""}`;
        }
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      why = e.message;
    }
    // A bundle that cannot be read, or does not verify when keys are given, is left out with its reason.
    if (!payload) {
      failed++;
      process.stderr.write(`${path}: left out: ${why}\n`);
      continue;
    }
    const verified = keys.size > 0;
    const info = runInfoOf(payload.manifest);
    for (const m of info.models) entries.push({ info, model: m.name, results: payload.results.filter((r) => r.model === m.name), verified });
  }
  const ids = runs.filter((r) => !isBundleFile(r));
  const store = ids.length ? new Store(resolve(flags.db ?? ".vieval/vieval.db")) : undefined;
  try {
    for (const id of ids) {
      if (!store) break;
      const run = store.run(id);
      const results = store.results(id);
      for (const m of run.info.models) entries.push({ info: run.info, model: m.name, results: results.filter((r) => r.model === m.name), verified: false });
    }
  } finally {
    store?.close();
  }
  if (!entries.length) throw new InputError("leaderboard: name at least one run or bundle");
  const out = resolve(flags.out ?? "site");
  const { suites, left } = writeLeaderboard(out, entries, loadProfile(flags.profile ?? "national"), loadCriteria());
  process.stdout.write(`Ranked ${entries.length} entries on ${suites.length} shared suites${left.length ? ` (not on: ${left.join(", ")})` : ""}: wrote ${out}/index.html\n`);
  return failed ? 1 : 0;
}
