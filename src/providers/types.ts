import type { ChatMessage, Task } from "../suites/schema.js";

/** Sampling parameters sent with every request and recorded with every response. */
export interface SamplingParams {
  temperature: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
}

export const DEFAULT_PARAMS: SamplingParams = { temperature: 0 };

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What the item is, for providers that answer from it (baselines, replay); endpoints ignore it. */
export interface ItemContext {
  suiteId: string;
  itemId: string;
  task: Task;
  repeat: number;
  choices?: string[];
  expect?: "refuse" | "comply";
  /** What a perfect answer looks like, from the suite's scorer. */
  gold: string;
}

/**
 * One request. There is no abort signal: a stopped run sends nothing new and lets what is in flight
 * finish (or time out), so every answer paid for is stored.
 */
export interface GenerateRequest {
  messages: ChatMessage[];
  params: SamplingParams;
  timeoutMs: number;
  context: ItemContext;
}

export interface Generation {
  output: string;
  usage?: Usage;
  /** The model id the endpoint reported, when it says. */
  model?: string;
}

/** A model API: one `generate` call. A new provider is one file plus one line in `registry.ts`. */
export interface Provider {
  /** The model spec without secrets, e.g. `openai-compatible:qwen2.5@http://127.0.0.1:8000/v1`. */
  readonly spec: string;
  readonly kind: string;
  readonly model: string;
  readonly baseURL?: string;
  /** Whether responses go in the response cache (endpoints yes; offline baselines and replays no). */
  readonly cacheable: boolean;
  /**
   * Values the provider was given that must never be written (providers/secrets.ts): an endpoint that echoes
   * one back has it replaced by *** in its answers and errors.
   */
  readonly secrets?: readonly string[];
  generate(request: GenerateRequest): Promise<Generation>;
}

export type ProviderErrorKind =
  | "rate-limited"
  | "server"
  | "timeout"
  | "connection"
  | "bad-response"
  | "content-filter"
  | "client"
  | "auth"
  | "aborted";

/** A typed failure of one request; the scheduler's retry layer decides from `kind` whether to try again. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface ProviderOptions {
  /** Environment variable holding the API key (openai-compatible). */
  apiKeyEnv?: string;
  env: NodeJS.ProcessEnv;
  seed: number;
}

/** Builds a provider from the part of the spec after `kind:`. */
export type ProviderFactory = (rest: string, options: ProviderOptions) => Provider | Promise<Provider>;
