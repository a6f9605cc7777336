import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../input-error.js";
import { ProviderError, type GenerateRequest, type Generation, type Provider, type ProviderFactory } from "./types.js";

/**
 * How a user's module is imported: `import()` itself, unless the program running vieval hands over its own.
 * bin/vieval.js does: the CLI bundle runs from a V8 code cache, and on Node 20 `import()` in a script compiled
 * from a code cache has no loader.
 */
let importModule: (url: string) => Promise<unknown> = (url) => import(url);
export function useModuleLoader(load: (url: string) => Promise<unknown>): void {
  importModule = load;
}

/**
 * `module:<path.js>`: a user's own provider. The module's default export is either an object with
 * `generate(request)` or a function `(options) => provider` (sync or async).
 */
export const userModule: ProviderFactory = async (path, options) => {
  let mod: { default?: unknown };
  try {
    mod = (await importModule(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (e) {
    throw new InputError(`${path}: cannot load provider module: ${(e as Error).message.split("\n")[0]}`);
  }
  let exported: unknown = mod.default;
  if (typeof exported === "function") {
    try {
      exported = await (exported as (o: unknown) => unknown)(options);
    } catch (e) {
      throw new InputError(`${path}: the provider module's default export failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
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
    // What the module answers is checked like a server's reply: no text is a bad response, not a crash.
    generate: async (request: GenerateRequest): Promise<Generation> => {
      const g = (await candidate.generate!(request)) as Partial<Generation> | null | undefined;
      if (!g || typeof g.output !== "string") {
        const got = g === null || typeof g !== "object" ? String(g) : `output ${g.output === null ? "null" : typeof g.output}`;
        throw new ProviderError("bad-response", `${path}: generate() must return { output: <text> }, got ${got}`);
      }
      return g as Generation;
    },
  };
};
