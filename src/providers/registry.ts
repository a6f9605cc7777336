import { InputError } from "../input-error.js";
import { baseline } from "./baselines.js";
import { huggingFace } from "./hf.js";
import { userModule } from "./module.js";
import { openai, openaiCompatible } from "./openai.js";
import { replay } from "./replay.js";
import type { Provider, ProviderFactory, ProviderOptions } from "./types.js";

/** Every provider, by the kind before the first colon of a model spec. */
export const PROVIDERS: Record<string, ProviderFactory> = {
  openai,
  "openai-compatible": openaiCompatible,
  hf: huggingFace,
  replay,
  baseline,
  module: userModule,
};

/** Build a provider from a model spec such as `openai:gpt-4o-mini` or `baseline:gold`. */
export async function providerFor(spec: string, options: ProviderOptions): Promise<Provider> {
  const colon = spec.indexOf(":");
  const kind = colon > 0 ? spec.slice(0, colon) : spec;
  const factory = PROVIDERS[kind];
  if (!factory || colon < 0) {
    throw new InputError(`model: "${kind}" is not a provider (known: ${Object.keys(PROVIDERS).map((k) => `${k}:`).join(", ")})`);
  }
  return factory(spec.slice(colon + 1), options);
}
