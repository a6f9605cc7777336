import { resolve } from "node:path";
import { writeBundleFile } from "../../bundle/file.js";
import { fingerprint, loadPrivateKey } from "../../bundle/keys.js";
import { buildPayload } from "../../bundle/payload.js";
import { loadProfile } from "../../criteria/load.js";
import { InputError } from "../../input-error.js";
import { Store } from "../../store/store.js";

export interface BundleFlags {
  sign: string;
  out?: string;
  db?: string;
  profile?: string;
}

/** Writes a signed bundle of a stored run; returns its path. */
export function writeRunBundle(runId: string | undefined, flags: BundleFlags): { path: string; results: number; key: string } {
  const key = loadPrivateKey(flags.sign);
  const store = new Store(resolve(flags.db ?? ".vieval/vieval.db"));
  try {
    const run = store.run(runId);
    const id = run.id;
    if (run.status !== "done") throw new InputError(`run ${id}: not finished (${run.status}): run the same command again to finish it, then bundle it`);
    const results = store.results(id);
    let payload;
    try {
      payload = buildPayload(run.info, results, loadProfile(flags.profile ?? "national"));
    } catch (e) {
      throw new InputError(`run ${id}: ${(e as Error).message}`);
    }
    const path = resolve(flags.out ?? `${id}.vieval-bundle`);
    writeBundleFile(path, payload, key);
    return { path, results: results.length, key: fingerprint(key) };
  } finally {
    store.close();
  }
}

/** `vieval bundle [run] --sign key`: one signed file with the manifest, every raw response and every score. */
export async function bundleCommand(runId: string | undefined, flags: BundleFlags): Promise<number> {
  const b = writeRunBundle(runId, flags);
  process.stdout.write(`Wrote ${b.path}: ${b.results} results, signed with key ${b.key}.\n`);
  return 0;
}
