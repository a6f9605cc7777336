import { InputError } from "../input-error.js";
import type { Provider, ProviderFactory, ProviderOptions } from "./types.js";

/**
 * Every provider, by the kind before the first colon of a model spec. Each loads on first use, so a run
 * on baselines never pays for the SDKs it does not call.
 */
export const PROVIDERS: Record<string, () => Promise<ProviderFactory>> = {
  openai: async () => (await import("./openai.js")).openai,
  "openai-compatible": async () => (await import("./openai.js")).openaiCompatible,
  hf: async () => (await import("./hf.js")).huggingFace,
  replay: async () => (await import("./replay.js")).replay,
  baseline: async () => (await import("./baselines.js")).baseline,
  module: async () => (await import("./module.js")).userModule,
};

/**
 * Build a provider from a model spec such as `openai:gpt-4o-mini` or `baseline:gold`. A bad spec is named by
 * `field`, where the user gave it: `model` (the default), `--judge`, or a config file's `file:line: models.0.spec`.
 */
export async function providerFor(spec: string, options: ProviderOptions, field = "model"): Promise<Provider> {
  const colon = spec.indexOf(":");
  const kind = colon > 0 ? spec.slice(0, colon) : spec;
  const load = Object.hasOwn(PROVIDERS, kind) ? PROVIDERS[kind] : undefined;
  if (!load || colon < 0) {
    throw new InputError(`${field}: "${kind}" is not a provider (known: ${Object.keys(PROVIDERS).map((k) => `${k}:`).join(", ")})`);
  }
  const factory = await load();
  try {
    return await factory(spec.slice(colon + 1), options);
  } catch (e) {
    // Factories name the spec's problems as the model's.
    if (e instanceof InputError && field !== "model") throw new InputError(e.message.replace(/^model: /, `${field}: `));
    throw e;
  }
}
