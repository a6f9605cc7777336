import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { loadPublicKey } from "../../bundle/keys.js";
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
  const keys = (flags.key ?? []).map(loadPublicKey);
  let failed = 0;
  for (const path of runs.filter(isBundle)) {
    let payload;
    let verified = false;
    let why = "";
    try {
      payload = readPayload(path);
      for (const key of keys) {
        const v = await verifyBundle(path, key, flags.suite ?? [], { sealKey: sealKeyFrom(flags.keyFile) });
        if (v.problems.length === 0) verified = true;
        else if (!why || !v.problems[0].startsWith("signature: the bundle was signed by key")) {
          why = `${v.problems[0]}${v.problems.length > 1 ? ` (and ${v.problems.length - 1} more: vieval verify)` : ""}`;
        }
        if (verified) break;
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      why = e.message;
    }
    // A bundle that cannot be read, or does not verify when keys are given, is left out with its reason.
    if (!payload || (keys.length && !verified)) {
      failed++;
      process.stderr.write(`${path}: left out: ${why || "it does not verify with any key given"}\n`);
      continue;
    }
    const info = runInfoOf(payload.manifest);
    for (const m of info.models) entries.push({ info, model: m.name, results: payload.results.filter((r) => r.model === m.name), verified });
  }
  const ids = runs.filter((r) => !isBundle(r));
  const store = ids.length ? new Store(resolve(flags.db ?? ".vieval/vieval.db")) : undefined;
  try {
    for (const id of ids) {
      if (!store) break;
      const run = store.getRun(id);
      if (!run) {
        const recent = store.runs().slice(0, 5).map((r) => r.id).join(", ");
        throw new InputError(`run: no run "${id}" in ${flags.db ?? ".vieval/vieval.db"}${recent ? ` (recent: ${recent})` : ""}`);
      }
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

/** A file that starts like a bundle (anything else is taken as a run id). */
function isBundle(ref: string): boolean {
  if (!existsSync(ref) || !statSync(ref).isFile()) return false;
  const head = Buffer.alloc(14);
  const fd = openSync(ref, "r");
  try {
    readSync(fd, head, 0, 14, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString("utf8") === "vieval-bundle ";
}
