import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Table from "cli-table3";
import { pct } from "../../report/format.js";
import { keygen, loadPrivateKey } from "../../bundle/keys.js";
import { loadProfile } from "../../criteria/load.js";
import type { Summary } from "../../stats/summary.js";
import { builtinSuiteIds, loadSuite } from "../../suites/load.js";
import { writeRunBundle } from "./bundle.js";
import { runCommand } from "./run.js";

export interface SelftestFlags {
  model: string;
  profile?: string;
  sign?: string;
  out?: string;
  db?: string;
  concurrency?: number;
  apiKeyEnv?: string;
  judge?: string;
  limit?: number;
  quiet?: boolean;
}

/**
 * `vieval selftest --profile national --model spec`: the profile's public suites, pass or fail against each
 * pass mark (exit 1 on a fail), and a signed bundle ready to submit.
 */
export async function selftestCommand(flags: SelftestFlags): Promise<number> {
  // The signing key is checked before anything is asked: a wrong key must not cost a whole run.
  if (flags.sign) loadPrivateKey(flags.sign);
  const profile = loadProfile(flags.profile ?? "national");
  const suites: string[] = [];
  for (const id of builtinSuiteIds()) {
    const s = await loadSuite(id);
    if ((profile.criteria[s.criterion]?.weight ?? 0) > 0) suites.push(id);
  }
  const out = resolve(flags.out ?? "selftest");
  const db = flags.db ?? ".vieval/vieval.db";
  const signKey = flags.sign ?? join(dirname(resolve(db)), "keys", "selftest.key");
  const code = await runCommand({
    suite: suites, model: [flags.model], profile: flags.profile, out, db, concurrency: flags.concurrency, apiKeyEnv: flags.apiKeyEnv,
    judge: flags.judge, limit: flags.limit, cache: true, gate: true, quiet: true,
  });
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Summary;
  const m = summary.models[0];
  const table = new Table({ head: ["criterion", "score (95% CI)", "pass mark", "result"], style: { head: [], border: [] } });
  for (const id of Object.keys(profile.criteria) as (keyof typeof m.criteria)[]) {
    const c = m.criteria[id];
    if (!c || !c.weight) continue;
    table.push([id, `${pct(c.score)} [${pct(c.ci95[0])}, ${pct(c.ci95[1])}]`, pct(c.threshold), c.pass ? "PASS" : "FAIL"]);
  }
  table.push(["overall", `${pct(m.overall.score)} [${pct(m.overall.ci95[0])}, ${pct(m.overall.ci95[1])}]`, pct(m.overall.threshold), m.overall.pass ? "PASS" : "FAIL"]);
  process.stdout.write(`Self-test of ${m.model} against profile ${summary.profile.id}:\n${table.toString()}\n`);
  if (!m.overall.pass) process.stdout.write(`FAIL: ${m.overall.reasons.join("; ")}\n`);
  if (flags.limit !== undefined) process.stdout.write(`(--limit ${flags.limit}: a partial self-test; an evaluator's verify will list the items left out)\n`);

  let made = "";
  if (!flags.sign && !existsSync(signKey)) {
    mkdirSync(dirname(signKey), { recursive: true });
    made = keygen(signKey).publicFile;
  }
  const bundle = writeRunBundle(summary.run, { sign: signKey, out: join(out, `${summary.run}.vieval-bundle`), db, profile: flags.profile });
  process.stdout.write(
    `Bundle ready to submit: ${bundle.path} (${bundle.results} results, signed with key ${bundle.key}).\n` +
      `${made ? `Made a signing key for you: ${signKey}; give the evaluator ${made}.\n` : ""}` +
      `The evaluator checks it with your public key: vieval verify ${bundle.path} --key ${flags.sign ? `${flags.sign}.pub` : `${signKey}.pub`}\n`,
  );
  return code === 0 && m.overall.pass ? 0 : code === 0 || code === 1 ? 1 : code;
}
