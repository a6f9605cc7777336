import { InputError } from "../../input-error.js";
import { providerFor } from "../../providers/registry.js";
import { DEFAULT_PARAMS } from "../../providers/types.js";
import { DEFAULT_RETRY } from "../../scheduler/retry.js";
import { Scheduler } from "../../scheduler/scheduler.js";
import { canaryProbes, completesCanary } from "../../suites/canary.js";
import { builtinSuiteIds, loadSuite } from "../../suites/load.js";
import { sealKeyFrom } from "../../suites/seal.js";

export interface CanaryFlags {
  model: string;
  suite?: string[];
  keyFile?: string;
  apiKeyEnv?: string;
  timeout?: number;
}

/** `vieval canary --model spec`: asks the model to complete each suite's canary; exit 1 when it can. */
export async function canaryCommand(flags: CanaryFlags): Promise<number> {
  const sealKey = sealKeyFrom(flags.keyFile);
  const suites = [];
  for (const ref of flags.suite?.length ? flags.suite : builtinSuiteIds()) suites.push(await loadSuite(ref, undefined, { sealKey }));
  const withCanary = suites.filter((s) => s.canary);
  if (!withCanary.length) throw new InputError("canary: none of these suites carries a canary string (canary: in suite.yaml)");
  const provider = await providerFor(flags.model, { env: process.env, apiKeyEnv: flags.apiKeyEnv, seed: 0 });
  const scheduler = new Scheduler({ concurrency: 8, timeoutMs: (flags.timeout ?? 120) * 1000, retry: DEFAULT_RETRY, signal: new AbortController().signal });
  let completed = 0;
  let failed = 0;
  const lines = await Promise.all(
    withCanary.map(async (suite) => {
      const probes = canaryProbes(suite.canary!);
      const answers = await Promise.all(
        probes.map((p, i) =>
          scheduler.request(provider, {
            messages: p.messages,
            params: { ...DEFAULT_PARAMS, max_tokens: 128 },
            context: { suiteId: suite.id, itemId: `canary-${i + 1}`, task: "open-ended", repeat: 0, gold: "" },
          }),
        ),
      );
      const errors = answers.filter((a) => !a.generation).length;
      const hit = answers.some((a, i) => a.generation && completesCanary(a.generation.output, probes[i].tail));
      if (hit) completed++;
      else if (errors === probes.length) failed++;
      const verdict = hit ? "COMPLETED: the model likely saw this suite in training" : errors === probes.length ? `not checked: ${answers[0].error?.message}` : "not completed";
      return `${suite.id.padEnd(28)} ${verdict}`;
    }),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  process.stdout.write(`${provider.spec}: completed ${completed} of ${withCanary.length} canaries${failed ? `; ${failed} could not be checked` : ""}.\n`);
  return completed > 0 ? 1 : failed > 0 ? 2 : 0;
}
