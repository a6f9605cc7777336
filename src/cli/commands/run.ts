import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { CRITERIA_DIR, loadCriteria, loadProfile } from "../../criteria/load.js";
import { InputError, located } from "../../input-error.js";
import { BASELINES } from "../../providers/baselines.js";
import { providerFor } from "../../providers/registry.js";
import { DEFAULT_PARAMS, type Provider, type SamplingParams } from "../../providers/types.js";
import { Judge } from "../../judge/judge.js";
import { loadRubrics, type Rubric } from "../../judge/rubric.js";
import { runIdFor } from "../../run/run-id.js";
import { ordered } from "../../run/order.js";
import { executeRun, type ModelUnderTest } from "../../run/run.js";
import type { ItemResult, RunInfo, SuiteInfo } from "../../run/types.js";
import { DEFAULT_RETRY } from "../../scheduler/retry.js";
import { Scheduler } from "../../scheduler/scheduler.js";
import type { Summary } from "../../stats/summary.js";
import { Store } from "../../store/store.js";
import { BENCHMARKS_DIR, builtinSuiteIds, loadSuite, templateHash } from "../../suites/load.js";
import { sealKeyFrom } from "../../suites/seal.js";
import type { Suite } from "../../suites/schema.js";
import { VERSION } from "../../version.js";
import { loadRunConfig, type ModelEntry, type RunConfig } from "../config.js";
import { progressBar } from "../progress.js";

export interface RunFlags {
  suite?: string[];
  model?: string[];
  config?: string;
  out?: string;
  db?: string;
  profile?: string;
  concurrency?: number;
  timeout?: number;
  retries?: number;
  repeats?: number;
  seed?: number;
  temperature?: number;
  maxTokens?: number;
  apiKeyEnv?: string;
  judge?: string;
  limit?: number;
  cache: boolean;
  fresh?: boolean;
  retryErrors?: boolean;
  gate?: boolean;
  quiet?: boolean;
  /** The key that opens sealed suites. */
  keyFile?: string;
  /** Added to the run's id by another command (rerun), so that it is a run of its own, not the run it repeats. */
  runIdSuffix?: string;
  /** Sampling parameters set by another command (rerun), over the config's and the defaults. */
  params?: Partial<SamplingParams>;
}

/** A name in a config file: a built-in one stays a name; anything else is a path from the config file's folder. */
const fromConfigPath = (config: string | undefined, ref: string, builtin: (name: string) => boolean = () => false): string =>
  config && !isAbsolute(ref) && !builtin(ref) ? resolve(dirname(config), ref) : ref;
const builtinProfile = (name: string) => existsSync(join(CRITERIA_DIR, "profiles", `${name}.yaml`));
const builtinSuite = (name: string) => /^[a-z0-9][a-z0-9._-]*$/.test(name) && existsSync(join(BENCHMARKS_DIR, name, "suite.yaml"));

const DEFAULT_MODELS = BASELINES.map((b) => `baseline:${b}`);

/** The run's judge with, for each rubric, the newest agreement with human labels stored for that exact rubric text. */
export function judgeAgreements(store: Store, judge: NonNullable<RunInfo["judge"]>): NonNullable<Summary["judge"]> {
  return {
    spec: judge.spec,
    rubrics: judge.rubrics.map((r) => {
      const a = store.agreements(judge.spec, r.hash)[0];
      return { ...r, agreement: a ? { n: a.n, accuracy: a.accuracy, kappa: a.kappa, labelsFile: a.labelsFile } : null };
    }),
  };
}

/** `vieval run`: evaluate models on suites, store every result, write the outputs, print the scores. */
export async function runCommand(flags: RunFlags): Promise<number> {
  const config: RunConfig = flags.config ? loadRunConfig(flags.config) : {};
  const criteria = loadCriteria();
  const profile = loadProfile(flags.profile ?? (config.profile ? fromConfigPath(flags.config, config.profile, builtinProfile) : "national"));
  const params: SamplingParams = { ...DEFAULT_PARAMS, ...config.params };
  Object.assign(params, flags.params);
  if (flags.temperature !== undefined) params.temperature = flags.temperature;
  if (flags.maxTokens !== undefined) params.max_tokens = flags.maxTokens;
  const seed = flags.seed ?? config.seed ?? 20251210;
  const repeats = flags.repeats ?? config.repeats ?? 1;

  // Paths in a config file are read relative to the file, wherever the command is run from.
  const fromConfig = (ref: string) => fromConfigPath(flags.config, ref, builtinSuite);
  const suiteRefs = flags.suite?.length ? flags.suite : config.suites?.length ? config.suites.map(fromConfig) : builtinSuiteIds();
  const suites: Suite[] = [];
  const sealKey = sealKeyFrom(flags.keyFile);
  for (const ref of suiteRefs) {
    const suite = await loadSuite(ref, criteria, { sealKey });
    if (flags.limit !== undefined) suite.items = suite.items.slice(0, flags.limit);
    if (suites.some((s) => s.id === suite.id)) throw new InputError(`suite: "${suite.id}" is named twice`);
    suites.push(suite);
  }

  const entries: ModelEntry[] = (flags.model?.length ? flags.model : config.models?.length ? config.models : DEFAULT_MODELS).map(
    (m) => (typeof m === "string" ? { spec: m } : m),
  );
  const models: ModelUnderTest[] = [];
  const fromFile = !flags.model?.length && Boolean(config.models?.length) && flags.config;
  for (const [i, entry] of entries.entries()) {
    // A spec from the config file is named by its place there.
    const field = fromFile ? located(flags.config!, lineOf(flags.config!, entry.spec), undefined, `models.${i}.spec`) : "model";
    const provider = await providerFor(entry.spec, { env: process.env, apiKeyEnv: entry.apiKeyEnv ?? flags.apiKeyEnv, seed }, field);
    const name = entry.name ?? provider.spec;
    if (models.some((m) => m.info.name === name)) throw new InputError(`model: "${name}" is named twice`);
    models.push({ provider, info: { name, spec: provider.spec, params: { ...params, ...entry.params } } });
  }

  const judgeEntry = flags.judge ? { spec: flags.judge } : typeof config.judge === "string" ? { spec: config.judge } : config.judge;
  const rubrics = judgeEntry || suites.some((s) => s.judge) ? loadRubrics() : new Map<string, Rubric>();
  for (const s of suites) {
    if (s.judge && !rubrics.has(s.judge)) throw new InputError(`${s.file}: judge: unknown rubric "${s.judge}" (known: ${[...rubrics.keys()].join(", ")})`);
  }
  let judgeProvider: Provider | undefined;
  if (judgeEntry) {
    judgeProvider = await providerFor(judgeEntry.spec, { env: process.env, apiKeyEnv: judgeEntry.apiKeyEnv ?? flags.apiKeyEnv, seed }, "--judge");
    if (!judgeProvider.cacheable) throw new InputError(`--judge: "${judgeProvider.spec}" cannot judge: name a model endpoint`);
  }
  const judgeParams: SamplingParams = { ...DEFAULT_PARAMS, ...(judgeEntry && typeof judgeEntry !== "string" ? judgeEntry.params : {}) };
  const judgedRubrics = [...new Set(suites.map((s) => s.judge).filter((x): x is string => Boolean(x)))].map((r) => rubrics.get(r)!);

  const suiteInfos: SuiteInfo[] = suites.map((s) => ({
    id: s.id,
    version: s.version,
    hash: s.hash,
    criterion: s.criterion,
    subcriterion: s.subcriterion ?? null,
    task: s.task,
    items: s.items.length,
    name: s.name,
    templateHash: templateHash(s),
    ...(s.sealed ? { sealed: true } : {}),
    ...(s.canary ? { canary: true } : {}),
    ...(s.judge ? { judge: s.judge } : {}),
  }));
  const judgeInfo = judgeProvider
    ? { spec: judgeProvider.spec, params: judgeParams, rubrics: judgedRubrics.map((r) => ({ id: r.id, version: r.version, hash: r.hash })) }
    : undefined;
  let id = runIdFor(models.map((m) => m.info), suiteInfos, repeats, seed, judgeInfo);
  if (flags.runIdSuffix) id = `${id}-${flags.runIdSuffix}`;
  if (flags.fresh) id = `${id}-${Date.now().toString(36)}`;
  const store = new Store(resolve(flags.db ?? config.db ?? ".vieval/vieval.db"));
  const previous = store.getRun(id);
  // What an endpoint said it was stays known when the run resumes, even if this invocation asks it nothing.
  for (const m of models) m.info.reported ??= previous?.info.models.find((p) => p.name === m.info.name)?.reported;
  const info: RunInfo = {
    id,
    vieval: VERSION,
    node: process.version,
    startedAt: previous?.info.startedAt ?? new Date().toISOString(),
    seed,
    repeats,
    models: models.map((m) => m.info),
    suites: suiteInfos,
    ...(judgeInfo ? { judge: judgeInfo } : {}),
  };

  // Ctrl-C, or SIGTERM (a CI job's time limit, a container stopping), stops the run cleanly; a second one at once.
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onStop = (signal: NodeJS.Signals) => {
    const code = signal === "SIGTERM" ? 143 : 130;
    if (stoppedBy) {
      // Quitting at once: what is answered is committed and the run is marked stopped, as after the first signal.
      try {
        store.flush();
        store.saveRun(info, "stopped");
      } catch {
        // a store that cannot be written keeps what it had; the run shows as it was
      }
      process.exit(code);
    }
    stoppedBy = signal;
    process.stderr.write(`\nStopping: finishing what is in flight (${signal === "SIGINT" ? "Ctrl-C" : signal} again to quit at once)…\n`);
    controller.abort();
  };
  process.on("SIGINT", onStop);
  process.on("SIGTERM", onStop);

  const scheduler = new Scheduler({
    concurrency: flags.concurrency ?? config.concurrency ?? 16,
    timeoutMs: (flags.timeout ?? config.timeout ?? 120) * 1000,
    retry: { ...DEFAULT_RETRY, maxRetries: flags.retries ?? config.retries ?? DEFAULT_RETRY.maxRetries },
    signal: controller.signal,
  });
  const total = suites.reduce((s, x) => s + x.items.length, 0) * models.length * repeats;
  const quiet = Boolean(flags.quiet);
  if (!quiet) process.stderr.write(`vieval ${VERSION}: run ${id}: ${suites.length} suite${suites.length === 1 ? "" : "s"} × ${models.length} model${models.length === 1 ? "" : "s"}, ${total} answers\n`);
  // The report writers load while the first requests are in flight: not before they leave, nor after the
  // last answer is back.
  let reporting: Promise<typeof import("../../report/write.js")> | undefined;
  let prepared: import("../../report/write.js").PreparedLines | undefined;
  const pending: [ItemResult, string][] = [];
  const loadReporting = () =>
    (reporting ??= import("../../report/write.js").then((m) => {
      prepared = new m.PreparedLines();
      for (const [r, record] of pending.splice(0)) prepared.queue(r, record);
      return m;
    }));
  const finishedBefore = store.finished(id, !flags.retryErrors).size;
  const bar = progressBar(total - finishedBefore, quiet);
  // A run that cannot go on (the store stopped taking writes) sends nothing more: queued requests drain unsent.
  const tally = await executeRun({
    info,
    suites,
    models,
    store,
    scheduler,
    signal: controller.signal,
    noCache: !flags.cache,
    retryErrors: flags.retryErrors,
    judging: judgeProvider
      ? { judge: new Judge(judgeProvider, scheduler, store, store.responseKeys(judgeProvider.spec), judgeParams), rubrics }
      : undefined,
    onUnderway: () => void loadReporting(),
    onResult: (r, record) => {
      loadReporting();
      if (prepared) prepared.queue(r, record);
      else pending.push([r, record]);
      bar.tick(Boolean(r.error));
    },
  }).catch((e) => {
    bar.stop();
    controller.abort();
    throw e;
  });
  bar.stop();
  process.off("SIGINT", onStop);
  process.off("SIGTERM", onStop);

  if (controller.signal.aborted) {
    const done = tally.total - tally.stopped;
    store.close();
    process.stderr.write(`Stopped: ${done} of ${tally.total} answers are stored. Run the same command again to resume run ${id}.\n`);
    return stoppedBy === "SIGTERM" ? 143 : 130;
  }

  const { writeOutputs } = await loadReporting();
  const results = tally.resumed > 0 ? store.results(id) : ordered(info, tally.results);
  const finalInfo = store.getRun(id)?.info ?? info;
  // Statistics and tables load once the answers are in: nothing the first requests wait for.
  const [{ summarize }, { scoreTable }] = await Promise.all([import("../../stats/summary.js"), import("../table.js")]);
  const summary = summarize(finalInfo, results, profile);
  if (finalInfo.judge) summary.judge = judgeAgreements(store, finalInfo.judge);
  store.close();
  const out = resolve(flags.out ?? config.out ?? "out");
  await writeOutputs(out, finalInfo, results, summary, criteria, { lines: prepared, profile });

  if (!quiet) {
    process.stdout.write(`${scoreTable(summary, criteria)}\n`);
    process.stdout.write(
      `${tally.total} answers: ${tally.total - tally.resumed - tally.cached - tally.stopped} asked, ${tally.cached} from the cache, ` +
        `${tally.resumed} already done; ${scheduler.requests} requests, ${scheduler.retries} retries; ` +
        `${errorLine(summary, results)}\n`,
    );
    process.stdout.write(`Run ${id}: wrote ${out}/ (results.jsonl, summary.json, results.csv, report.md, report.html)\n`);
  }
  const failed = summary.models.some((m) => !m.overall.pass);
  return flags.gate && failed ? 1 : 0;
}

/** How many answers ended in errors, of which kinds, with one message of the commonest kind. */
function errorLine(summary: Summary, results: ItemResult[]): string {
  const total = summary.models.reduce((n, m) => n + m.errors.total, 0);
  if (!total) return "0 answers ended in errors.";
  const kinds = new Map<string, number>();
  for (const m of summary.models) for (const [k, n] of Object.entries(m.errors.byKind)) kinds.set(k, (kinds.get(k) ?? 0) + n);
  const [top] = [...kinds].sort((a, b) => b[1] - a[1]);
  const example = results.find((r) => r.errorKind === top[0])?.error;
  const all = total === results.length ? `All ${total} answers` : `${total} answers`;
  return `${all} ended in errors (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(", ")}${example ? `; e.g. ${example}` : ""}); they are left out of scores, and --retry-errors asks them again.`;
}

/** The first line of a file that holds `text` (1-based), if any. */
function lineOf(file: string, text: string): number | undefined {
  const content = readFileSync(file, "utf8");
  const at = content.indexOf(text);
  return at < 0 ? undefined : content.slice(0, at).split("\n").length;
}
