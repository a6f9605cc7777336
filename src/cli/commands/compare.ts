import Table from "cli-table3";
import { resolve } from "node:path";
import { loadProfile } from "../../criteria/load.js";
import { InputError } from "../../input-error.js";
import { pct } from "../../report/format.js";
import { compareModels, type Comparison } from "../../stats/compare.js";
import { Store } from "../../store/store.js";

export interface CompareFlags {
  db?: string;
  profile?: string;
  a?: string;
  b?: string;
  seed?: number;
  json?: boolean;
}

const points = (x: number) => `${x >= 0 ? "+" : ""}${pct(x)}`;
const pValue = (p: number) => (p <= 0.001 ? "≤ 0.001" : p.toFixed(3));

/** A comparison as a person reads it: one row per criterion and a sentence saying what holds. */
export function comparisonText(c: Comparison): string {
  const A = `${c.a.model} (${c.a.run})`;
  const B = `${c.b.model} (${c.b.run})`;
  const table = new Table({ head: ["criterion", "n", "A", "B", "A − B (95% CI)", "test", "p", "p (Holm)", "verdict"], style: { head: [], border: [] } });
  for (const r of c.rows) {
    const verdict = !r.significant ? "no significant difference" : r.diff > 0 ? "A better" : "B better";
    table.push([
      r.criterion, r.n, pct(r.a), pct(r.b), `${points(r.diff)} [${points(r.ci95[0])}, ${points(r.ci95[1])}]`,
      r.test === "mcnemar-exact" ? `McNemar (${r.discordant!.onlyA}/${r.discordant!.onlyB})` : "sign-flip permutation",
      pValue(r.p), r.criterion === "overall" ? "–" : pValue(r.pAdjusted), verdict,
    ]);
  }
  const overall = c.rows.find((r) => r.criterion === "overall");
  const lines = [`A = ${A}\nB = ${B}`, table.toString()];
  if (c.skippedSuites.length) lines.push(`Left out (different suite content in the two runs): ${c.skippedSuites.join(", ")}`);
  if (!overall) lines.push("The two runs share no items: nothing to compare.");
  else if (!overall.significant) lines.push(`Overall, the difference (${points(overall.diff)} points) is not significant at α = ${c.alpha}: these results do not show that one model is better.`);
  else lines.push(`Overall, ${overall.diff > 0 ? "A" : "B"} scores higher by ${pct(Math.abs(overall.diff))} points (p ${pValue(overall.p)}).`);
  return lines.join("\n");
}

/** `vieval compare <runA> [runB]`: are two models' scores really different, item by item? */
export async function compareCommand(runA: string, runB: string | undefined, flags: CompareFlags): Promise<number> {
  const store = new Store(resolve(flags.db ?? ".vieval/vieval.db"));
  try {
    const load = (id: string) => {
      const run = store.run(id);
      return { info: run.info, results: store.results(id) };
    };
    const first = load(runA);
    const second = runB ? load(runB) : first;
    const pick = (run: typeof first, wanted: string | undefined, which: string, fallback: number) => {
      const names = run.info.models.map((m) => m.name);
      if (wanted) {
        if (!names.includes(wanted)) throw new InputError(`--${which}: run ${run.info.id} has no model "${wanted}" (it has ${names.join(", ")})`);
        return wanted;
      }
      if (runB && names.length === 1) return names[0];
      if (!runB && names.length === 2) return names[fallback];
      throw new InputError(
        runB
          ? `--${which}: run ${run.info.id} has ${names.length} models (${names.join(", ")}); name one with --${which}`
          : `run ${run.info.id} has ${names.length} models (${names.join(", ")}); name the two to compare: --a <model> --b <model>`,
      );
    };
    const a = pick(first, flags.a, "a", 0);
    const b = pick(second, flags.b, "b", 1);
    const profile = loadProfile(flags.profile ?? "national");
    const comparison = compareModels({ ...first, model: a }, { ...second, model: b }, profile, flags.seed ?? first.info.seed);
    process.stdout.write(flags.json ? `${JSON.stringify(comparison, null, 2)}\n` : `${comparisonText(comparison)}\n`);
    return 0;
  } finally {
    store.close();
  }
}
