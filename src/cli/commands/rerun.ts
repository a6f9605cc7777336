import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Table from "cli-table3";
import { pct } from "../../report/format.js";
import { readBundleFile, signatureProblem } from "../../bundle/file.js";
import { loadPublicKey } from "../../bundle/keys.js";
import { drift } from "../../bundle/rerun.js";
import { readPayload } from "../../bundle/verify.js";
import { InputError } from "../../input-error.js";
import type { ItemResult, RunInfo } from "../../run/types.js";
import { runInfoOf } from "../../bundle/payload.js";
import { loadProfile } from "../../criteria/load.js";
import { loadSuite } from "../../suites/load.js";
import { sealKeyFrom } from "../../suites/seal.js";
import { runCommand } from "./run.js";

export interface RerunFlags {
  model?: string;
  key?: string;
  suite?: string[];
  keyFile?: string;
  out?: string;
  db?: string;
  apiKeyEnv?: string;
  judge?: string;
  concurrency?: number;
  fresh?: boolean;
}

/** `vieval rerun <bundle> --model spec`: the same suites, prompts and parameters again; how far the new scores are. */
export async function rerunCommand(bundlePath: string, flags: RerunFlags): Promise<number> {
  if (flags.key) {
    const bad = signatureProblem(readBundleFile(bundlePath), loadPublicKey(flags.key));
    if (bad) throw new InputError(`${bundlePath}: ${bad}`);
  }
  const payload = readPayload(bundlePath);
  const { manifest } = payload;
  if (manifest.models.length !== 1 && !flags.model) throw new InputError("rerun: the bundle holds several models: name the endpoint with --model");
  const bundledModel = manifest.models[0];
  // The bundle's spec is the vendor's word: only an endpoint is asked without --model, never a file or module it names.
  if (!flags.model && !/^(openai|openai-compatible|hf):/.test(bundledModel.spec)) {
    throw new InputError(`rerun: the bundle's model spec "${bundledModel.spec}" is not an endpoint: name the endpoint to ask with --model`);
  }
  const spec = flags.model ?? bundledModel.spec;
  const sealKey = sealKeyFrom(flags.keyFile);
  const given = new Map<string, string>();
  for (const ref of flags.suite ?? []) given.set((await loadSuite(ref, undefined, { sealKey })).id, ref);
  const refs: string[] = [];
  for (const s of manifest.suites) {
    const ref = given.get(s.id) ?? s.id;
    const local = await loadSuite(ref, undefined, { sealKey }).catch(() => undefined);
    if (!local) throw new InputError(`rerun: suite ${s.id} is not available here (give it with --suite <path>${s.sealed ? " and its --key-file" : ""})`);
    if (local.hash !== s.hash) throw new InputError(`rerun: suite ${s.id} here (${local.version}) differs from the bundle's (${s.version}): the same items cannot be asked`);
    refs.push(ref);
  }
  const out = resolve(flags.out ?? "rerun");
  // The endpoint is asked again: not the cache, and not the bundled run, which has the same configuration and may
  // be in this store. A rerun is a run of its own, so a stopped one resumes; --fresh starts another.
  const code = await runCommand({
    suite: refs, model: [spec], out, db: flags.db, seed: manifest.run.seed, repeats: manifest.run.repeats, params: bundledModel.params,
    judge: flags.judge ?? manifest.judge?.spec, apiKeyEnv: flags.apiKeyEnv, concurrency: flags.concurrency, keyFile: flags.keyFile,
    cache: false, quiet: true, runIdSuffix: `rerun-of-${manifest.run.id}`, fresh: flags.fresh,
  });
  if (code !== 0) return code;
  const fresh = readFileSync(join(out, "results.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as ItemResult);
  const freshInfo = (JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { info: RunInfo }).info;
  const bundled = payload.results.filter((r) => r.model === bundledModel.name);
  const d = drift(
    { info: runInfoOf(manifest), results: bundled, model: bundledModel.name },
    { info: freshInfo, results: fresh, model: freshInfo.models[0].name },
    knownProfile(manifest.profile.id),
    manifest.run.seed,
  );
  const table = new Table({ head: ["criterion", "n", "bundled", "rerun", "rerun − bundled (95% CI)", "p", "same pass/fail"], style: { head: [], border: [] } });
  for (const c of d.criteria) {
    table.push([c.criterion, c.n, pct(c.bundled), pct(c.rerun), `${pct(c.diff)} [${pct(c.ci95[0])}, ${pct(c.ci95[1])}]`, c.p.toFixed(3), `${pct(c.agreement)}%`]);
  }
  process.stdout.write(`Rerun of ${bundledModel.name} (bundle run ${manifest.run.id}) against ${spec}:\n${table.toString()}\n`);
  process.stdout.write(`${d.paired} items paired, ${d.changed.length} scored differently, ${d.unpaired} without a pair (errors or missing).\n`);
  for (const c of d.changed.slice(0, 10)) {
    process.stdout.write(`  ${c.suite}/${c.itemId}${c.repeat ? ` #${c.repeat}` : ""}: ${pct(c.bundled.score)} → ${pct(c.rerun.score)}\n`);
  }
  writeFileSync(join(out, "rerun.json"), `${JSON.stringify({ bundle: bundlePath, run: manifest.run.id, model: spec, ...d }, null, 2)}\n`);
  process.stdout.write(`Item by item: ${join(out, "rerun.json")}\n`);
  const moved = d.criteria.filter((c) => c.significant).map((c) => c.criterion);
  if (d.paired < bundled.length / 2) {
    process.stdout.write(`Not reproduced: only ${d.paired} of ${bundled.length} items could be paired.\n`);
    return 1;
  }
  if (moved.length) {
    process.stdout.write(`Not reproduced: the scores differ significantly (Holm-corrected, α = 0.05) on ${moved.join(", ")}.\n`);
    return 1;
  }
  process.stdout.write("Reproduced: no criterion differs significantly from the bundle.\n");
  return 0;
}

/** The bundle's profile when it is known here; otherwise the default (it weighs only the overall row, not shown). */
function knownProfile(id: string) {
  try {
    return loadProfile(id);
  } catch {
    return loadProfile("national");
  }
}
