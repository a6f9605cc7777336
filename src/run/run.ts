import { setImmediate as nextTurn } from "node:timers/promises";
import { judgeAnswer, type Judging } from "../judge/apply.js";
import type { Provider } from "../providers/types.js";
import { ProviderError } from "../providers/types.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { expectation } from "../scoring/refusal.js";
import { scorerFor } from "../scoring/registry.js";
import type { Scorer, Verdict } from "../scoring/types.js";
import { cacheKey } from "../store/cache-key.js";
import { resultKey, type Store } from "../store/store.js";
import { itemHash } from "../suites/load.js";
import { lastUserPrompt, renderMessages } from "../suites/prompt.js";
import type { Item, Suite } from "../suites/schema.js";
import type { ItemResult, ModelInfo, RunInfo } from "./types.js";

export interface ModelUnderTest {
  info: ModelInfo;
  provider: Provider;
}

export interface RunOptions {
  info: RunInfo;
  suites: Suite[];
  models: ModelUnderTest[];
  store: Store;
  scheduler: Scheduler;
  signal: AbortSignal;
  /** Ask the endpoint even when the cache holds an answer. */
  noCache?: boolean;
  /** Ask again the items that ended with an error in an earlier invocation of this run. */
  retryErrors?: boolean;
  /** Each result as it is stored, with its JSON record. */
  onResult?: (result: ItemResult, record: string) => void;
  /** Called once the first requests have left (a turn after the last of them was built): what else a run
   * has to load can load while they are answered. */
  onUnderway?: () => void;
  /** Grades the answers of suites that name a rubric. */
  judging?: Judging;
}

export interface RunTally {
  total: number;
  /** Finished in an earlier invocation of the same run. */
  resumed: number;
  /** Answered from the response cache. */
  cached: number;
  errors: number;
  /** Left undone because the run was stopped. */
  stopped: number;
  /** The results this invocation produced (with `resumed` 0, every result of the run). */
  results: ItemResult[];
}

interface Job {
  model: ModelUnderTest;
  suite: Suite;
  scorer: Scorer;
  item: Item;
  repeat: number;
}

/** Every item × model × repeat not yet finished in this run: asked (or read from the cache), scored, stored. */
export async function executeRun(opts: RunOptions): Promise<RunTally> {
  const { info, suites, models, store, signal } = opts;
  const finished = store.finished(info.id, !opts.retryErrors);
  const tally: RunTally = { total: 0, resumed: 0, cached: 0, errors: 0, stopped: 0, results: [] };
  const jobs: Job[] = [];
  for (const model of models) {
    for (const suite of suites) {
      const scorer = scorerFor(suite);
      for (const item of suite.items) {
        for (let repeat = 0; repeat < info.repeats; repeat++) {
          tally.total++;
          if (finished.has(resultKey(model.info.name, suite.id, item.id, repeat))) tally.resumed++;
          else jobs.push({ model, suite, scorer, item, repeat });
        }
      }
    }
  }
  store.saveRun(info, "running");
  const cachedKeys = new Map(models.map((m) => [m.provider.spec, opts.noCache || !m.provider.cacheable ? new Set<string>() : store.responseKeys(m.provider.spec)]));
  const settle = async (job: Job) => {
    const result = await answerAndScore(job, opts, cachedKeys.get(job.model.provider.spec)!);
    if (!result) {
      tally.stopped++;
      return;
    }
    if (result.cached) tally.cached++;
    if (result.error) tally.errors++;
    const record = store.putResult(result);
    tally.results.push(result);
    opts.onResult?.(result, record);
  };
  // Each model's jobs are pulled by a window of workers a little wider than its endpoint's concurrency:
  // prompts are rendered just before they are sent, so the first requests leave at once and a run of any
  // size holds only the window in memory.
  const byModel = new Map<ModelUnderTest, { jobs: Job[]; next: number }>();
  for (const job of jobs) {
    const queue = byModel.get(job.model);
    if (queue) queue.jobs.push(job);
    else byModel.set(job.model, { jobs: [job], next: 0 });
  }
  const worker = async (queue: { jobs: Job[]; next: number }) => {
    while (queue.next < queue.jobs.length) await settle(queue.jobs[queue.next++]);
  };
  const workers: Promise<void>[] = [];
  const { concurrency } = opts.scheduler;
  for (let w = 0; w < concurrency * 2; w++) {
    for (const queue of byModel.values()) {
      if (w >= queue.jobs.length) continue;
      const started = worker(queue);
      // A worker that fails while others are still being started is not left unhandled until Promise.all.
      started.catch(() => undefined);
      workers.push(started);
    }
    // The first requests leave one by one, each in its own turn of the event loop as soon as it is built,
    // not all together once the last one is.
    if (w < concurrency) await nextTurn();
  }
  opts.onUnderway?.();
  await Promise.all(workers);
  // Done only once every result is committed: a store that cannot take them fails the run here.
  store.flush();
  store.saveRun({ ...info, finishedAt: new Date().toISOString() }, signal.aborted ? "stopped" : "done");
  return tally;
}

/** The rule scorer's verdict; a reply the endpoint's filter blocked is an empty answer, and a refusal on refusal tasks. */
export function ruleVerdict(scorer: Scorer, suite: Suite, item: Item, output: string, filtered: boolean): Verdict {
  const verdict = scorer.score(output, item, suite);
  if (filtered && verdict.refused !== undefined) {
    verdict.refused = true;
    verdict.pass = expectation(item, suite) === "refuse";
    verdict.score = verdict.pass ? 1 : 0;
  }
  return verdict;
}

const hashes = new WeakMap<Item, string>();
function hashOf(item: Item): string {
  let h = hashes.get(item);
  if (!h) hashes.set(item, (h = itemHash(item)));
  return h;
}

async function answerAndScore(job: Job, opts: RunOptions, cachedKeys: Set<string>): Promise<ItemResult | undefined> {
  const { model, suite, scorer, item, repeat } = job;
  const { info, store, scheduler, signal } = opts;
  const { provider } = model;
  const params = model.info.params;
  const messages = renderMessages(suite, item);
  const key = provider.cacheable ? cacheKey(provider, messages, params, repeat) : undefined;
  const hit = key && cachedKeys.has(key) ? store.getResponse(key) : undefined;

  let output = "";
  let error: ProviderError | undefined;
  let attempts = 0;
  let latencyMs = hit?.latencyMs ?? 0;
  let usage = hit?.usage;
  if (hit) output = hit.output;
  else {
    if (signal.aborted) return undefined;
    const context = {
      suiteId: suite.id,
      itemId: item.id,
      task: suite.task,
      repeat,
      choices: item.choices,
      expect: suite.task === "refusal" ? expectation(item, suite) : undefined,
      gold: scorer.gold(item, suite),
    };
    const attempted = await scheduler.request(provider, { messages, params, context });
    if (attempted.error?.kind === "aborted") return undefined;
    ({ attempts, latencyMs } = attempted);
    if (attempted.generation) {
      output = attempted.generation.output.normalize("NFC");
      usage = attempted.generation.usage;
      if (attempted.generation.model && !model.info.reported) model.info.reported = attempted.generation.model;
      if (key) store.putResponse(key, provider.spec, params, { ...attempted.generation, output }, latencyMs);
    } else error = attempted.error;
  }

  const filtered = error?.kind === "content-filter";
  let failed: { kind: ItemResult["errorKind"]; message: string } | undefined = error && !filtered ? error : undefined;
  const verdict = failed ? { score: 0, pass: false } : ruleVerdict(scorer, suite, item, output, filtered);
  const prompt = lastUserPrompt(messages);
  const judged = opts.judging && !failed && !filtered ? await judgeAnswer(opts.judging, suite, item, prompt, output) : undefined;
  if (judged?.error) {
    // No verdict: the answer is unscored like any other that ended in an error.
    failed = judged.error;
    Object.assign(verdict, { score: 0, pass: false });
  }
  else if (judged) Object.assign(verdict, { score: judged.score, pass: judged.pass });
  return {
    run: info.id,
    model: model.info.name,
    suite: suite.id,
    suiteVersion: suite.version,
    itemId: item.id,
    repeat,
    criterion: suite.criterion,
    subcriterion: suite.subcriterion ?? null,
    task: suite.task,
    domain: suite.sealed ? null : item.domain ?? null,
    tags: suite.sealed ? null : item.tags ?? null,
    itemHash: hashOf(item),
    // A sealed suite's items never reach a file in clear: results carry them by hash only.
    prompt: suite.sealed ? "" : prompt,
    expected: suite.sealed ? "" : scorer.expected(item, suite),
    output,
    score: verdict.score,
    pass: verdict.pass,
    extracted: verdict.extracted ?? null,
    chance: suite.task === "multiple-choice" && item.choices?.length ? 1 / item.choices.length : null,
    refused: verdict.refused ?? null,
    filtered,
    error: failed ? failed.message : null,
    errorKind: failed ? failed.kind : null,
    attempts,
    latencyMs,
    cached: Boolean(hit),
    usage: usage ?? null,
    ...(judged ? { judge: judged.judge, checks: judged.checks } : {}),
  };
}
