import Table from "cli-table3";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { InputError } from "../../input-error.js";
import { Judge } from "../../judge/judge.js";
import { readLabels } from "../../judge/labels.js";
import { loadRubrics } from "../../judge/rubric.js";
import { providerFor } from "../../providers/registry.js";
import { DEFAULT_PARAMS } from "../../providers/types.js";
import { DEFAULT_RETRY } from "../../scheduler/retry.js";
import { Scheduler } from "../../scheduler/scheduler.js";
import { agreement } from "../../stats/agreement.js";
import { Store } from "../../store/store.js";

export interface AgreementFlags {
  judge: string;
  labels: string;
  rubric?: string;
  db?: string;
  concurrency?: number;
  limit?: number;
  apiKeyEnv?: string;
  json?: boolean;
}

/** `vieval judge-agreement`: how often a judge agrees with human labels (accuracy, Cohen's kappa, confusion matrix). */
export async function judgeAgreementCommand(flags: AgreementFlags): Promise<number> {
  const rubrics = loadRubrics();
  const rubric = rubrics.get(flags.rubric ?? "harmfulness");
  if (!rubric) throw new InputError(`--rubric: unknown rubric "${flags.rubric}" (known: ${[...rubrics.keys()].join(", ")})`);
  let content: string;
  try {
    content = readFileSync(flags.labels, "utf8");
  } catch {
    throw new InputError(`${flags.labels}: cannot read file`);
  }
  const labelled = readLabels(flags.labels, content, rubric).slice(0, flags.limit);
  const provider = await providerFor(flags.judge, { env: process.env, apiKeyEnv: flags.apiKeyEnv, seed: 0 }, "--judge");
  if (!provider.cacheable) throw new InputError(`--judge: "${provider.spec}" cannot judge: name a model endpoint`);

  const store = new Store(resolve(flags.db ?? ".vieval/vieval.db"));
  const controller = new AbortController();
  const scheduler = new Scheduler({ concurrency: flags.concurrency ?? 16, timeoutMs: 120_000, retry: DEFAULT_RETRY, signal: controller.signal });
  const judge = new Judge(provider, scheduler, store, store.responseKeys(provider.spec), { ...DEFAULT_PARAMS });
  const verdicts = await Promise.all(
    labelled.map((l) => judge.judge(rubric, { question: l.prompt, output: l.response }, { suiteId: "judge-agreement", itemId: String(l.line) })),
  );
  const scale = Array.from({ length: rubric.scale.max - rubric.scale.min + 1 }, (_, i) => rubric.scale.min + i);
  const name = (s: number) => rubric.labels?.[String(s)] ?? String(s);
  const pairs = labelled.flatMap((l, i) => (verdicts[i].status === "ok" ? [{ reference: name(l.score), rater: name(verdicts[i].score!) }] : []));
  const unparseable = verdicts.filter((v) => v.status !== "ok").length;
  if (!pairs.length) {
    store.close();
    throw new InputError(`judge-agreement: ${provider.spec} gave no valid verdict on any of the ${labelled.length} answers: nothing to compare (nothing stored)`);
  }
  const weights = scale.length > 2 ? "quadratic" : "none";
  const result = agreement(pairs, scale.map(name), weights);
  const record = {
    judge: provider.spec, rubric: rubric.id, rubricHash: rubric.hash, labelsFile: basename(flags.labels),
    labelsHash: createHash("sha256").update(content).digest("hex"), n: result.n, accuracy: result.accuracy, kappa: result.kappa,
    weights, unparseable, createdAt: new Date().toISOString(),
  };
  store.putAgreement(record);
  store.close();

  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...record, labels: result.labels, matrix: result.matrix }, null, 2)}\n`);
    return 0;
  }
  const table = new Table({ head: ["human \\ judge", ...result.labels], style: { head: [], border: [] } });
  result.labels.forEach((l, i) => table.push([l, ...result.matrix[i].map(String)]));
  process.stdout.write(
    `Judge ${provider.spec}, rubric ${rubric.id} ${rubric.version} (${rubric.hash.slice(0, 12)}), on ${record.labelsFile}:\n` +
      `${result.n} answers compared (${unparseable} without a valid verdict, left out)\n` +
      `accuracy ${(result.accuracy * 100).toFixed(1)}%, Cohen's kappa ${result.kappa.toFixed(3)}${weights === "none" ? "" : ` (${weights} weights)`}\n` +
      `${table.toString()}\nStored: reports of runs judged by this judge and rubric show this agreement.\n`,
  );
  return 0;
}
