import type { Provider, SamplingParams, Usage } from "../providers/types.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { cacheKey } from "../store/cache-key.js";
import type { Store } from "../store/store.js";
import type { ChatMessage } from "../suites/schema.js";
import { judgedScore, type Rubric, type RubricContext } from "./rubric.js";
import { readVerdict } from "./verdict.js";

/** What the judge said about one answer, as stored with the result. */
export interface JudgeVerdict {
  model: string;
  rubric: string;
  rubricVersion: string;
  rubricHash: string;
  /** ok: a valid verdict; unparseable: none after one retry; error: the judge's endpoint failed; decided: a rule settled it. */
  status: "ok" | "unparseable" | "error" | "decided";
  /** The score on the rubric's scale, when there is one. */
  score: number | null;
  reason: string | null;
  requests: number;
  cached: boolean;
  usage: Usage | null;
}

const RETRY = "Câu trả lời của bạn chưa kết thúc bằng một dòng <verdict> hợp lệ. Hãy trả lời lại chỉ bằng đúng một dòng theo mẫu: <verdict>{\"score\": <số>, \"reason\": \"<lý do>\"}</verdict>";

const addUsage = (a: Usage | null, b: Usage | undefined): Usage | null =>
  b ? { promptTokens: (a?.promptTokens ?? 0) + b.promptTokens, completionTokens: (a?.completionTokens ?? 0) + b.completionTokens, totalTokens: (a?.totalTokens ?? 0) + b.totalTokens } : a;

/**
 * A model that grades answers against a rubric. Its requests go through the run's scheduler (its own
 * endpoint queue), its replies into the same response cache; an unparseable verdict is asked for once more,
 * then recorded as unparseable, never scored.
 */
export class Judge {
  constructor(
    readonly provider: Provider,
    private readonly scheduler: Scheduler,
    private readonly store: Store,
    private readonly cachedKeys: Set<string>,
    readonly params: SamplingParams = { temperature: 0 },
  ) {}

  async judge(rubric: Rubric, context: RubricContext, ids: { suiteId: string; itemId: string }): Promise<JudgeVerdict> {
    const verdict: JudgeVerdict = {
      model: this.provider.spec, rubric: rubric.id, rubricVersion: rubric.version, rubricHash: rubric.hash,
      status: "unparseable", score: null, reason: null, requests: 0, cached: true, usage: null,
    };
    const messages: ChatMessage[] = [{ role: "user", content: rubric.render(context) }];
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await this.ask(messages, ids, verdict);
      if (reply === undefined) return { ...verdict, status: "error" };
      const read = readVerdict(reply, rubric);
      if (read) return { ...verdict, status: "ok", score: read.score, reason: read.reason };
      messages.push({ role: "assistant", content: reply }, { role: "user", content: RETRY });
    }
    return verdict;
  }

  /** One judge request, from the cache when it holds the answer. */
  private async ask(messages: ChatMessage[], ids: { suiteId: string; itemId: string }, verdict: JudgeVerdict): Promise<string | undefined> {
    const key = this.provider.cacheable ? cacheKey(this.provider, messages, this.params, 0) : undefined;
    const hit = key && this.cachedKeys.has(key) ? this.store.getResponse(key) : undefined;
    if (hit) {
      verdict.usage = addUsage(verdict.usage, hit.usage);
      return hit.output;
    }
    const attempted = await this.scheduler.request(this.provider, {
      messages,
      params: this.params,
      context: { suiteId: ids.suiteId, itemId: ids.itemId, task: "open-ended", repeat: 0, gold: "" },
    });
    verdict.requests += attempted.attempts;
    verdict.cached = false;
    if (!attempted.generation) return undefined;
    verdict.usage = addUsage(verdict.usage, attempted.generation.usage);
    const output = attempted.generation.output.normalize("NFC");
    if (key) {
      this.store.putResponse(key, this.provider.spec, this.params, { ...attempted.generation, output }, attempted.latencyMs);
      this.cachedKeys.add(key);
    }
    return output;
  }
}

export { judgedScore };
