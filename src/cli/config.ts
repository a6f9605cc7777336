import { z } from "zod";
import { readYaml } from "../criteria/load.js";

const Params = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});

export const ModelEntry = z.strictObject({
  spec: z.string().min(3),
  name: z.string().min(1).optional(),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
  params: Params.optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

/** A run's configuration file (`--config vieval.yaml`); command-line flags override it. */
export const RunConfig = z.strictObject({
  models: z.array(z.union([z.string().min(3), ModelEntry])).optional(),
  suites: z.array(z.string().min(1)).optional(),
  profile: z.string().optional(),
  concurrency: z.number().int().positive().optional(),
  timeout: z.number().positive().optional(),
  retries: z.number().int().min(0).optional(),
  repeats: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  params: Params.optional(),
  out: z.string().optional(),
  db: z.string().optional(),
  /** The model that grades judged suites: a spec, or an entry with its key variable and parameters. */
  judge: z.union([z.string().min(3), ModelEntry]).optional(),
});
export type RunConfig = z.infer<typeof RunConfig>;

export const loadRunConfig = (file: string): RunConfig => readYaml(file, RunConfig);
