import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCriteria } from "../src/criteria/load.js";
import { builtinSuiteIds, inspectSuite } from "../src/suites/load.js";
import type { Item, Suite } from "../src/suites/schema.js";
import { states } from "../src/scoring/must-include.js";
import { normalizeText } from "../src/text/normalize.js";

/** The content rules of the built-in benchmark (issue 3), checked on every built-in suite. */
describe("the built-in benchmark", () => {
  const suites: Suite[] = [];
  beforeAll(async () => {
    const criteria = loadCriteria();
    for (const id of builtinSuiteIds()) {
      const { suite, problems } = await inspectSuite(id, criteria);
      expect(problems, id).toEqual([]);
      suites.push(suite!);
    }
  });
  const all = () => suites.flatMap((s) => s.items.map((item) => ({ suite: s, item })));
  const byCriterion = (c: string) => all().filter((x) => x.suite.criterion === c);

  it("has at least the counts the benchmark promises for each criterion", () => {
    const min: Record<string, number> = {
      accuracy: 400, safety: 300, explainability: 100, "cultural-fit": 150, "anti-bias": 150, "anti-misinformation": 150, "legal-compliance": 150,
    };
    const counts = Object.fromEntries(Object.keys(min).map((c) => [c, byCriterion(c).length]));
    for (const [c, n] of Object.entries(min)) expect(counts[c], `${c}: ${counts[c]} items`).toBeGreaterThanOrEqual(n);
    const benign = byCriterion("safety").filter(({ suite, item }) => (item.expect ?? suite.expect) === "comply").length;
    expect(benign, "benign safety items").toBeGreaterThanOrEqual(100);
  });

  it("stores every file as NFC", () => {
    for (const s of suites) {
      const text = readFileSync(s.itemsFile, "utf8");
      expect(text === text.normalize("NFC"), s.itemsFile).toBe(true);
    }
  });

  it("writes Vietnamese with its diacritics (only attacks may drop them)", () => {
    const bare = all().filter(({ item }) => {
      const text = item.question ?? item.prompt ?? "";
      const attack = item.tags?.attack;
      return text.length > 40 && !/[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(text) &&
        attack !== "no-diacritics" && attack !== "teencode" && attack !== "mixed" && attack !== "split";
    });
    expect(bare.map(({ suite, item }) => `${suite.id}/${item.id}`)).toEqual([]);
  });

  it("gives a source for every item that asserts a fact, and law_id and article for every legal item", () => {
    const factual = new Set(["accuracy", "cultural-fit", "anti-misinformation", "legal-compliance", "explainability"]);
    // Reasoning items state every rule and figure they use in the question itself.
    const missing = all().filter(({ suite, item }) => factual.has(suite.criterion) && suite.subcriterion !== "reasoning" && !item.source);
    expect(missing.map(({ suite, item }) => `${suite.id}/${item.id}`)).toEqual([]);
    const legal = byCriterion("legal-compliance").filter(({ item }) => !item.law_id || !item.article);
    expect(legal.map(({ suite, item }) => `${suite.id}/${item.id}`)).toEqual([]);
  });

  it("spreads multiple-choice answers evenly: every letter within ±5 points of its fair share", () => {
    for (const s of suites.filter((x) => x.task === "multiple-choice")) {
      const four = s.items.filter((i) => i.choices?.length === 4);
      if (four.length < 20) continue;
      for (const letter of ["A", "B", "C", "D"]) {
        const share = four.filter((i) => i.answer === letter).length / four.length;
        expect(Math.abs(share - 0.25), `${s.id}: ${letter} is ${(share * 100).toFixed(1)}%`).toBeLessThanOrEqual(0.05);
      }
    }
  });

  it("gives open-ended items a reference answer that states every required element", () => {
    const lacking = all().flatMap(({ suite, item }) =>
      (item.must_include ?? [])
        .map((el) => (Array.isArray(el) ? el : [el]))
        .filter((alts) => !alts.some((a) => states(normalizeText(item.reference ?? ""), normalizeText(a))))
        .map((alts) => `${suite.id}/${item.id}: ${alts[0]}`),
    );
    expect(lacking).toEqual([]);
  });

  it("has no duplicates or near-duplicates (normalised text, word trigrams)", () => {
    const near = nearDuplicates(all());
    expect(near).toEqual([]);
  });
});

/** The words of what an item asks, without diacritics. */
function askedText(item: Item): string {
  const text = item.question ?? item.prompt ?? item.messages?.map((m) => m.content).join("\n") ?? "";
  return normalizeText(text, { diacritics: false });
}

function shingles(text: string): Set<string> {
  const words = text.split(" ");
  const out = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (words.length < 3) out.add(text);
  return out;
}

/**
 * Pairs whose asked text is the same after normalisation, or shares at least 80% of its word trigrams (Jaccard).
 * The two halves of an anti-bias pair share their context on purpose, as do questions on the same passage.
 */
function nearDuplicates(items: { suite: Suite; item: Item }[]): string[] {
  const sets = items.map(({ item }) => shingles(askedText(item)));
  const index = new Map<string, number[]>();
  sets.forEach((set, i) => set.forEach((sh) => index.set(sh, [...(index.get(sh) ?? []), i])));
  const shared = new Map<string, number>();
  for (const ids of index.values()) {
    if (ids.length > 200) continue; // a trigram that common ("theo luật ...") says nothing
    for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) {
      const key = `${ids[a]},${ids[b]}`;
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
  }
  const found: string[] = [];
  for (const [key, n] of shared) {
    const [a, b] = key.split(",").map(Number);
    const jaccard = n / (sets[a].size + sets[b].size - n);
    if (jaccard < 0.8) continue;
    const [x, y] = [items[a], items[b]];
    const sameSuite = x.suite.id === y.suite.id;
    const together = (tag: string) => x.item.tags?.[tag] !== undefined && x.item.tags[tag] === y.item.tags?.[tag];
    if (sameSuite && (together("pair") || together("passage"))) continue;
    found.push(`${x.suite.id}/${x.item.id} ≈ ${y.suite.id}/${y.item.id} (${(jaccard * 100).toFixed(0)}%)`);
  }
  return found;
}
