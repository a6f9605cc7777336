import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../canonical-json.js";
import type { Profile } from "../criteria/schema.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import { VERSION, vievalCommit } from "../version.js";

const Sampling = z.strictObject({ temperature: z.number(), top_p: z.number().optional(), max_tokens: z.number().optional(), seed: z.number().optional() });

const SuiteEntry = z.strictObject({
  id: z.string(),
  version: z.string(),
  hash: z.string(),
  criterion: z.string(),
  subcriterion: z.string().nullable(),
  task: z.string(),
  items: z.number().int(),
  name: z.strictObject({ vi: z.string(), en: z.string() }),
  templateHash: z.string().nullable(),
  sealed: z.boolean(),
  /** item id → sha256 of the item's canonical JSON. */
  itemHashes: z.record(z.string(), z.string()),
});

export const Manifest = z.strictObject({
  format: z.literal("vieval-bundle"),
  version: z.literal(1),
  vieval: z.strictObject({ version: z.string(), commit: z.string().nullable() }),
  node: z.string(),
  createdAt: z.string(),
  profile: z.strictObject({ id: z.string(), hash: z.string() }),
  run: z.strictObject({ id: z.string(), vieval: z.string(), node: z.string(), seed: z.number(), repeats: z.number().int(), startedAt: z.string(), finishedAt: z.string().nullable() }),
  models: z.array(z.strictObject({ name: z.string(), spec: z.string(), params: Sampling, reported: z.string().nullable() })).min(1),
  judge: z.strictObject({ spec: z.string(), params: Sampling, rubrics: z.array(z.strictObject({ id: z.string(), version: z.string(), hash: z.string() })) }).nullable(),
  suites: z.array(SuiteEntry).min(1),
});
export type Manifest = z.infer<typeof Manifest>;

/** A result as bundled: every raw response and every score; a sealed suite's prompt and gold left blank. */
const BundledResult = z.looseObject({
  model: z.string(),
  suite: z.string(),
  itemId: z.string(),
  itemHash: z.string(),
  repeat: z.number().int().min(0),
  output: z.string(),
  score: z.number().min(0).max(1),
  pass: z.boolean(),
  extracted: z.string().nullable(),
  refused: z.boolean().nullable(),
  filtered: z.boolean(),
  error: z.string().nullable(),
});

export const Payload = z.strictObject({ manifest: Manifest, results: z.array(BundledResult) });
export interface Payload {
  manifest: Manifest;
  results: ItemResult[];
}

export const profileHash = (profile: Profile): string => createHash("sha256").update(canonicalJson(profile)).digest("hex");

/** What a bundle holds for a stored run: the manifest and every result. */
export function buildPayload(info: RunInfo, results: ItemResult[], profile: Profile): Payload {
  const missing = results.find((r) => !r.itemHash);
  if (missing) throw new Error(`result ${missing.suite}/${missing.itemId} has no item hash (run made before vieval 0.2: run it again with --fresh)`);
  const suites = info.suites.map((s) => {
    const itemHashes: Record<string, string> = {};
    for (const r of results) if (r.suite === s.id) itemHashes[r.itemId] = r.itemHash!;
    return {
      id: s.id, version: s.version, hash: s.hash, criterion: s.criterion, subcriterion: s.subcriterion, task: s.task, items: s.items, name: s.name,
      templateHash: s.templateHash ?? null, sealed: Boolean(s.sealed), itemHashes,
    };
  });
  const sealed = new Set(suites.filter((s) => s.sealed).map((s) => s.id));
  return {
    manifest: {
      format: "vieval-bundle",
      version: 1,
      vieval: { version: VERSION, commit: vievalCommit() },
      node: process.version,
      createdAt: new Date().toISOString(),
      profile: { id: profile.id, hash: profileHash(profile) },
      run: { id: info.id, vieval: info.vieval, node: info.node, seed: info.seed, repeats: info.repeats, startedAt: info.startedAt, finishedAt: info.finishedAt ?? null },
      models: info.models.map((m) => ({ name: m.name, spec: m.spec, params: m.params, reported: m.reported ?? null })),
      judge: info.judge ?? null,
      suites,
    },
    results: results.map((r) => (sealed.has(r.suite) ? { ...r, prompt: "", expected: "" } : r)),
  };
}

/** The run a bundle describes, for reports and leaderboards. */
export function runInfoOf(m: Manifest): RunInfo {
  return {
    id: m.run.id,
    vieval: m.run.vieval,
    node: m.run.node,
    startedAt: m.run.startedAt,
    ...(m.run.finishedAt ? { finishedAt: m.run.finishedAt } : {}),
    seed: m.run.seed,
    repeats: m.run.repeats,
    models: m.models.map((x) => ({ name: x.name, spec: x.spec, params: x.params, ...(x.reported ? { reported: x.reported } : {}) })),
    suites: m.suites.map((s) => ({
      id: s.id, version: s.version, hash: s.hash, criterion: s.criterion as RunInfo["suites"][number]["criterion"], subcriterion: s.subcriterion,
      task: s.task as RunInfo["suites"][number]["task"], items: s.items, name: s.name, templateHash: s.templateHash ?? undefined, sealed: s.sealed,
    })),
    ...(m.judge ? { judge: m.judge as RunInfo["judge"] } : {}),
  };
}
