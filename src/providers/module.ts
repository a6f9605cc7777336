import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../input-error.js";
import type { Provider, ProviderFactory } from "./types.js";

/**
 * `module:<path.js>`: a user's own provider. The module's default export is either an object with
 * `generate(request)` or a function `(options) => provider` (sync or async).
 */
export const userModule: ProviderFactory = async (path, options) => {
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(resolve(path)).href);
  } catch (e) {
    throw new InputError(`${path}: cannot load provider module: ${(e as Error).message.split("\n")[0]}`);
  }
  const exported = typeof mod.default === "function" ? await (mod.default as (o: unknown) => unknown)(options) : mod.default;
  const candidate = exported as Partial<Provider> | undefined;
  if (!candidate || typeof candidate.generate !== "function") {
    throw new InputError(`${path}: the default export must be a provider with generate(request), or a function returning one`);
  }
  return {
    spec: `module:${path}`,
    kind: "module",
    model: candidate.model ?? path,
    cacheable: candidate.cacheable ?? true,
    baseURL: candidate.baseURL,
    generate: candidate.generate.bind(candidate),
  };
};
