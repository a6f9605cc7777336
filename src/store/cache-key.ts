import { createHash } from "node:crypto";
import type { ChatMessage } from "../suites/schema.js";
import type { Provider, SamplingParams } from "../providers/types.js";

/**
 * The response cache key: a hash of what determines the answer (provider, model, base URL, messages,
 * sampling parameters, and the repeat index beyond the first). Never a secret: API keys are not in it.
 */
export function cacheKey(provider: Provider, messages: ChatMessage[], params: SamplingParams, repeat: number): string {
  const basis = JSON.stringify([provider.kind, provider.model, provider.baseURL ?? "", messages, params, repeat]);
  return createHash("sha256").update(basis).digest("hex");
}
