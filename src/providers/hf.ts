import { InferenceClient, InferenceClientProviderApiError, InferenceClientProviderOutputError } from "@huggingface/inference";
import { InputError } from "../input-error.js";
import { errorForStatus } from "./http-errors.js";
import { secretsOf, urlSecrets } from "./secrets.js";
import { ProviderError, type GenerateRequest, type Generation, type Provider, type ProviderFactory } from "./types.js";

class HuggingFaceChat implements Provider {
  readonly kind = "hf";
  readonly cacheable = true;
  private readonly client: InferenceClient;
  readonly secrets: string[];

  constructor(readonly model: string, token: string, readonly baseURL?: string) {
    this.secrets = secretsOf([token, ...urlSecrets(baseURL)]);
    // One retry layer: the scheduler's. The client's retry on 503 is off.
    this.client = new InferenceClient(token, { retry_on_error: false, ...(baseURL ? { endpointUrl: baseURL } : {}) });
  }

  get spec(): string {
    return `hf:${this.model}`;
  }

  async generate({ messages, params, timeoutMs }: GenerateRequest): Promise<Generation> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const reply = await this.client.chatCompletion(
        { model: this.model, messages, ...params },
        { signal: timeout },
      );
      const output = reply.choices?.[0]?.message?.content;
      if (typeof output !== "string") throw new ProviderError("bad-response", "reply has no choices[0].message.content");
      const u = reply.usage;
      return {
        output,
        model: reply.model,
        usage: u ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens } : undefined,
      };
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      if (timeout.aborted) throw new ProviderError("timeout", "request timed out");
      if (e instanceof InferenceClientProviderApiError) {
        throw errorForStatus(e.httpResponse.status, `HTTP ${e.httpResponse.status}: ${e.message.slice(0, 200)}`);
      }
      if (e instanceof InferenceClientProviderOutputError) throw new ProviderError("bad-response", e.message.slice(0, 200));
      throw new ProviderError("connection", e instanceof Error ? e.message.slice(0, 200) : String(e));
    }
  }
}

/** `hf:<model>`, token from HF_TOKEN; HF_ENDPOINT_URL points it at a dedicated Inference Endpoint or TGI. */
export const huggingFace: ProviderFactory = (model, { env }) => {
  if (!model) throw new InputError("model: hf:<model> needs a model id");
  const token = env.HF_TOKEN;
  if (!token) throw new InputError("model: hf:* needs the HF_TOKEN environment variable");
  return new HuggingFaceChat(model, token, env.HF_ENDPOINT_URL || undefined);
};
