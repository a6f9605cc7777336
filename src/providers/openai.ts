import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { InputError } from "../input-error.js";
import { errorForStatus, retryAfterMs } from "./http-errors.js";
import { nodeFetch } from "./node-fetch.js";
import { secretsOf, urlSecrets } from "./secrets.js";
import { ProviderError, type GenerateRequest, type Generation, type Provider, type ProviderFactory } from "./types.js";

/** Strip credentials and query strings from a URL so it can be shown and stored. */
export function publicURL(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  u.search = "";
  return u.toString().replace(/\/$/, "");
}

class OpenAIChat implements Provider {
  readonly cacheable = true;
  private readonly client: OpenAI;
  /** The endpoint without credentials or query: what is shown, stored and hashed. */
  readonly baseURL?: string;
  readonly spec: string;
  readonly secrets: string[];

  constructor(
    readonly kind: string,
    readonly model: string,
    apiKey: string,
    rawBaseURL?: string,
  ) {
    this.baseURL = rawBaseURL ? publicURL(rawBaseURL) : undefined;
    this.spec = kind === "openai" ? `openai:${model}` : `${kind}:${model}@${this.baseURL ?? ""}`;
    this.secrets = secretsOf([apiKey === NO_KEY ? undefined : apiKey, ...urlSecrets(rawBaseURL)]);
    // One retry layer: the scheduler's. The SDK's own retries are off.
    this.client = new OpenAI({ apiKey, baseURL: rawBaseURL, maxRetries: 0, fetch: nodeFetch });
  }

  async generate({ messages, params, timeoutMs }: GenerateRequest): Promise<Generation> {
    let reply: OpenAI.ChatCompletion;
    try {
      reply = await this.client.chat.completions.create(
        { model: this.model, messages, ...params },
        { timeout: timeoutMs, maxRetries: 0 },
      );
    } catch (e) {
      throw toProviderError(e);
    }
    const choice = reply?.choices?.[0];
    if (!choice || typeof choice.message?.content !== "string") {
      if (choice?.finish_reason === "content_filter") throw new ProviderError("content-filter", "blocked by the endpoint's content filter");
      throw new ProviderError("bad-response", "reply has no choices[0].message.content");
    }
    if (choice.finish_reason === "content_filter" && choice.message.content === "") {
      throw new ProviderError("content-filter", "blocked by the endpoint's content filter");
    }
    const u = reply.usage;
    return {
      output: choice.message.content,
      model: typeof reply.model === "string" ? reply.model : undefined,
      usage: u ? { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0, totalTokens: u.total_tokens ?? 0 } : undefined,
    };
  }
}

function toProviderError(e: unknown): ProviderError {
  if (e instanceof APIUserAbortError) return new ProviderError("aborted", "request aborted");
  if (e instanceof APIConnectionTimeoutError) return new ProviderError("timeout", "request timed out");
  if (e instanceof APIConnectionError) return new ProviderError("connection", `connection failed: ${e.cause instanceof Error ? e.cause.message : e.message}`);
  if (e instanceof APIError && e.status !== undefined) {
    if (e.code === "content_filter") return new ProviderError("content-filter", "blocked by the endpoint's content filter", e.status);
    return errorForStatus(e.status, `HTTP ${e.status}: ${e.message.slice(0, 200)}`, retryAfterMs(e.headers));
  }
  if (e instanceof SyntaxError) return new ProviderError("bad-response", `malformed JSON in reply: ${e.message.slice(0, 120)}`);
  return new ProviderError("bad-response", e instanceof Error ? e.message.slice(0, 200) : String(e));
}

/** `openai:<model>`, key from OPENAI_API_KEY. */
export const openai: ProviderFactory = (model, { env }) => {
  if (!model) throw new InputError("model: openai:<model> needs a model name");
  const key = env.OPENAI_API_KEY;
  if (!key) throw new InputError("model: openai:* needs the OPENAI_API_KEY environment variable");
  return new OpenAIChat("openai", model, key, env.OPENAI_BASE_URL || undefined);
};

/** `openai-compatible:<model>@<baseURL>` for vLLM, Ollama, TGI, LM Studio, llama.cpp…; key from `--api-key-env NAME`. */
export const openaiCompatible: ProviderFactory = (rest, { env, apiKeyEnv }) => {
  const at = rest.lastIndexOf("@http");
  if (at <= 0) throw new InputError(`model: "openai-compatible:${rest}" should be openai-compatible:<model>@<baseURL>`);
  const model = rest.slice(0, at);
  const baseURL = rest.slice(at + 1);
  try {
    new URL(baseURL);
  } catch {
    throw new InputError(`model: "${publicURLOrRaw(baseURL)}" is not a valid base URL`);
  }
  let key = NO_KEY;
  if (apiKeyEnv) {
    const value = env[apiKeyEnv];
    if (!value) throw new InputError(`--api-key-env: environment variable ${apiKeyEnv} is not set`);
    key = value;
  }
  return new OpenAIChat("openai-compatible", model, key, baseURL);
};

/** What an openai-compatible endpoint without a key is sent as its key. */
const NO_KEY = "not-needed";

const publicURLOrRaw = (s: string): string => s.replace(/\/\/[^@/]*@/, "//").replace(/[?#].*$/, "");
