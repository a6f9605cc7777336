import { loadPublicKey } from "../../bundle/keys.js";
import { verifyBundle } from "../../bundle/verify.js";
import { loadProfile } from "../../criteria/load.js";
import { sealKeyFrom } from "../../suites/seal.js";
import { VERSION } from "../../version.js";

export interface VerifyFlags {
  key: string;
  suite?: string[];
  keyFile?: string;
  profile?: string;
  json?: boolean;
}

/** `vieval verify <bundle> --key pub`: signature, suites and items by hash, every score recomputed; exit 1 on any mismatch. */
export async function verifyCommand(bundle: string, flags: VerifyFlags): Promise<number> {
  const key = loadPublicKey(flags.key);
  const v = await verifyBundle(bundle, key, flags.suite ?? [], {
    sealKey: sealKeyFrom(flags.keyFile),
    ...(flags.profile ? { profile: loadProfile(flags.profile) } : {}),
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ verified: v.problems.length === 0, signedBy: v.signedBy, counts: v.counts, problems: v.problems, notes: v.notes }, null, 2)}\n`);
    return v.problems.length ? 1 : 0;
  }
  const m = v.payload?.manifest;
  if (m) {
    process.stdout.write(
      `Bundle of run ${m.run.id} (vieval ${m.vieval.version}${m.vieval.commit ? ` ${m.vieval.commit.slice(0, 10)}` : ""}), ` +
        `models: ${m.models.map((x) => `${x.name}${x.reported ? ` [${x.reported}]` : ""}`).join(", ")}; signed by key ${v.signedBy}.\n`,
    );
  }
  if (m && m.vieval.version !== VERSION) {
    process.stdout.write(`Note: made with vieval ${m.vieval.version}, checked with ${VERSION}: a scorer that changed between the two shows as score mismatches.\n`);
  }
  for (const n of v.notes) process.stdout.write(`NOTE ${n}\n`);
  for (const p of v.problems.slice(0, 200)) process.stdout.write(`MISMATCH ${p}\n`);
  if (v.problems.length > 200) process.stdout.write(`… and ${v.problems.length - 200} more (--json lists them all)\n`);
  const c = v.counts;
  if (v.problems.length) {
    process.stdout.write(`Not verified: ${v.problems.length} problem${v.problems.length === 1 ? "" : "s"}.\n`);
    return 1;
  }
  process.stdout.write(
    `Verified: signature good; ${c.suites} suites and ${c.items} items match the suites here; ` +
      `${c.rescored} of ${c.results} results rescored from their raw responses (${c.judged} from the judge's verdicts), every score equal.\n`,
  );
  return 0;
}
