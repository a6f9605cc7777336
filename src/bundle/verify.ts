import type { KeyObject } from "node:crypto";
import { InputError } from "../input-error.js";
import { rescoreJudged } from "../judge/apply.js";
import { loadRubrics } from "../judge/rubric.js";
import { ruleVerdict } from "../run/run.js";
import type { ItemResult } from "../run/types.js";
import { scorerFor } from "../scoring/registry.js";
import { builtinSuiteIds, itemHash, loadSuite, templateHash, type SuiteOptions } from "../suites/load.js";
import { loadProfile } from "../criteria/load.js";
import type { Profile } from "../criteria/schema.js";
import { lastUserPrompt, renderMessages } from "../suites/prompt.js";
import type { Suite } from "../suites/schema.js";
import { bundleJson, readBundleFile, signatureProblem } from "./file.js";
import { Payload, profileHash, type Manifest } from "./payload.js";

export interface Verification {
  /** Every way the bundle differs from what it claims; empty when it is verified. */
  problems: string[];
  /** What an evaluator should know that does not fail verification. */
  notes: string[];
  signedBy: string;
  payload?: Payload;
  counts: { suites: number; items: number; results: number; rescored: number; judged: number };
}

/** Reads a bundle's payload and checks its shape (after the signature, or unverified for display). */
export function readPayload(path: string): Payload {
  const file = readBundleFile(path);
  return parsePayload(path, bundleJson(file));
}

function parsePayload(path: string, json: unknown): Payload {
  const parsed = Payload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path}: not a valid bundle: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data as unknown as Payload;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;
const show = (score: number, pass: boolean) => `${Number(score.toFixed(4))} (${pass ? "pass" : "fail"})`;

/**
 * Verify a bundle: the signature with the evaluator's copy of the vendor's public key, every suite and item
 * against the suites here (by content hash), and every score recomputed from the raw response it bundles.
 */
export async function verifyBundle(
  path: string,
  key: KeyObject,
  suiteRefs: string[] = [],
  options: SuiteOptions & { profile?: Profile } = {},
): Promise<Verification> {
  const file = readBundleFile(path);
  const counts = { suites: 0, items: 0, results: 0, rescored: 0, judged: 0 };
  const bad = signatureProblem(file, key);
  if (bad) return { problems: [bad], notes: [], signedBy: file.signedBy, counts };
  const payload = parsePayload(path, bundleJson(file));
  const problems: string[] = [];
  const given = new Map<string, Suite>();
  for (const ref of suiteRefs) {
    const s = await loadSuite(ref, undefined, options);
    given.set(s.id, s);
  }
  const local = new Map<string, Suite>();
  for (const entry of payload.manifest.suites) {
    const suite = given.get(entry.id) ?? (await builtin(entry.id));
    if (!suite) {
      problems.push(`suite ${entry.id}: not available here${entry.sealed ? " (a sealed suite: give it with --suite <file> and its --key-file)" : " (give it with --suite <path>)"}`);
      continue;
    }
    if (suite.hash !== entry.hash) {
      problems.push(`suite ${entry.id}: content differs from the suite here (bundle: version ${entry.version}, hash ${entry.hash.slice(0, 12)}; here: version ${suite.version}, hash ${suite.hash.slice(0, 12)}); its items were not checked`);
      continue;
    }
    if (entry.version !== suite.version) problems.push(`suite ${entry.id}: the bundle calls it version ${entry.version}; with the same content it is ${suite.version} here`);
    if (entry.templateHash && entry.templateHash !== templateHash(suite)) problems.push(`suite ${entry.id}: prompt template differs from the one here`);
    if (entry.sealed !== suite.sealed) problems.push(`suite ${entry.id}: the bundle says it is ${entry.sealed ? "sealed" : "not sealed"}; here it is ${suite.sealed ? "sealed" : "not sealed"}`);
    local.set(entry.id, suite);
    counts.suites++;
  }
  // The suites a submission must hold: those the evaluator names, else every public suite the profile weighs.
  const required = suiteRefs.length ? [...given.keys()] : undefined;
  problems.push(...(await profileProblems(payload.manifest, options.profile, required)));
  problems.push(...checkResults(payload, local, counts));
  const notes = payload.manifest.models
    .filter((m) => /^(baseline|replay|module):/.test(m.spec))
    .map((m) => `model ${m.name}: ${m.spec} is not an endpoint: its answers came from ${m.spec.startsWith("baseline") ? "an offline baseline" : "a file or module the vendor chose"}`);
  return { problems, notes, signedBy: file.signedBy, payload, counts };
}

/**
 * A submission is made under a profile: its profile must be the one here (by content), and it must hold every
 * suite the evaluator names, or else every public suite of a criterion the profile weighs — a bundle cannot leave
 * out the suites it did badly on.
 */
async function profileProblems(manifest: Manifest, given?: Profile, required?: string[]): Promise<string[]> {
  let profile = given;
  if (!profile) {
    try {
      profile = loadProfile(manifest.profile.id);
    } catch {
      return [`profile ${manifest.profile.id}: not known here (give it with --profile <file>)`];
    }
    if (profileHash(profile) !== manifest.profile.hash) return [`profile ${manifest.profile.id}: differs from the one here (its weights or pass marks were changed)`];
  }
  const problems: string[] = [];
  const bundled = new Set(manifest.suites.map((s) => s.id));
  if (required) return required.filter((id) => !bundled.has(id)).map((id) => `suite ${id}: missing from the bundle`);
  for (const id of builtinSuiteIds()) {
    if (bundled.has(id)) continue;
    const suite = await builtin(id);
    if (suite && (profile.criteria[suite.criterion]?.weight ?? 0) > 0) {
      problems.push(`suite ${id}: missing from the bundle (profile ${profile.id} weighs ${suite.criterion})`);
    }
  }
  return problems;
}

async function builtin(id: string): Promise<Suite | undefined> {
  try {
    return await loadSuite(id);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

function checkResults(payload: Payload, local: Map<string, Suite>, counts: Verification["counts"]): string[] {
  const problems: string[] = [];
  const { manifest, results } = payload;
  const rubrics = manifest.judge ? loadRubrics() : new Map();
  const models = new Set(manifest.models.map((m) => m.name));
  const seen = new Set<string>();
  const byKey = new Map<string, ItemResult>();
  for (const r of results) {
    const key = `${r.model}\u0000${r.suite}\u0000${r.itemId}\u0000${r.repeat}`;
    if (byKey.has(key)) problems.push(`${where(r)}: more than one result`);
    byKey.set(key, r);
  }
  for (const [id, suite] of local) {
    const entry = manifest.suites.find((s) => s.id === id)!;
    const scorer = scorerFor(suite);
    for (const item of suite.items) {
      const hash = itemHash(item);
      counts.items++;
      if (entry.itemHashes[item.id] === undefined) problems.push(`suite ${id}: item ${item.id}: missing from the bundle`);
      else if (entry.itemHashes[item.id] !== hash) problems.push(`suite ${id}: item ${item.id}: content differs from the item here`);
      for (const model of models) {
        for (let repeat = 0; repeat < manifest.run.repeats; repeat++) {
          const r = byKey.get(`${model}\u0000${id}\u0000${item.id}\u0000${repeat}`);
          if (!r) {
            if (entry.itemHashes[item.id] !== undefined) problems.push(`suite ${id}: item ${item.id}: no result for ${model}${manifest.run.repeats > 1 ? ` (repeat ${repeat})` : ""}`);
            continue;
          }
          seen.add(`${model}\u0000${id}\u0000${item.id}\u0000${repeat}`);
          counts.results++;
          if (r.itemHash !== hash) problems.push(`${where(r)}: item hash differs from the item here`);
          const problem = rescore(r, suite, scorer, item, rubrics, manifest, counts);
          if (problem) problems.push(`${where(r)}: ${problem}`);
        }
      }
    }
    for (const itemId of Object.keys(entry.itemHashes)) {
      if (!suite.items.some((i) => i.id === itemId)) problems.push(`suite ${id}: item ${itemId}: in the bundle but not in the suite here`);
    }
  }
  for (const [key, r] of byKey) {
    // Checked above, or in a suite already reported as not available or changed.
    if (seen.has(key) || (!local.has(r.suite) && manifest.suites.some((s) => s.id === r.suite))) continue;
    if (!models.has(r.model)) problems.push(`${where(r)}: model not in the manifest`);
    else if (!manifest.suites.some((s) => s.id === r.suite)) problems.push(`${where(r)}: suite not in the manifest`);
    else if (r.repeat >= manifest.run.repeats) problems.push(`${where(r)}: repeat ${r.repeat} beyond the run's ${manifest.run.repeats} repeat(s)`);
    else problems.push(`${where(r)}: not an item of this suite`);
  }
  return problems;
}

const where = (r: ItemResult) => `${r.model} ${r.suite}/${r.itemId}${r.repeat ? ` (repeat ${r.repeat})` : ""}`;

/** Recomputes one score from its raw response; returns the mismatch, if any. */
function rescore(
  r: ItemResult,
  suite: Suite,
  scorer: ReturnType<typeof scorerFor>,
  item: Suite["items"][number],
  rubrics: Map<string, import("../judge/rubric.js").Rubric>,
  manifest: Manifest,
  counts: Verification["counts"],
): string | undefined {
  // A submission answers every item: an error left in would take a failed answer out of the score.
  if (r.error) return `ended in an error (${r.errorKind ?? "error"}): a submission answers every item (vieval run --retry-errors, then bundle again)`;
  if (r.filtered && r.output !== "") return "marked as blocked by the endpoint's filter, yet it has an output";
  const prompt = lastUserPrompt(renderMessages(suite, item));
  if (!suite.sealed) {
    if (r.prompt !== prompt) return "prompt differs from the item's prompt here";
    if (r.expected !== scorer.expected(item, suite)) return "expected answer differs from the item's here";
  }
  let want: { score: number; pass: boolean; extracted?: string | null; refused?: boolean } = ruleVerdict(scorer, suite, item, r.output, r.filtered);
  if (r.judge && suite.judge && manifest.judge) {
    const rubric = rubrics.get(suite.judge);
    if (!rubric) return `rubric ${suite.judge} is not available here`;
    if (r.judge.rubricHash !== rubric.hash) return `judged by rubric ${suite.judge} ${r.judge.rubricVersion}, which differs from the one here (${rubric.version})`;
    const judged = rescoreJudged(rubric, suite, item, prompt, r.output, r.judge);
    if (judged) {
      want = { ...want, ...judged };
      counts.judged++;
    }
  }
  counts.rescored++;
  if (!same(want.score, r.score) || want.pass !== r.pass) return `score in the bundle ${show(r.score, r.pass)}, recomputed ${show(want.score, want.pass)}`;
  if (want.extracted !== undefined && (want.extracted ?? null) !== r.extracted) return `extracted answer in the bundle ${r.extracted ?? "none"}, recomputed ${want.extracted ?? "none"}`;
  if (want.refused !== undefined && want.refused !== r.refused) return `refusal in the bundle ${r.refused}, recomputed ${want.refused}`;
  return undefined;
}
