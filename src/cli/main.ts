import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { InputError } from "../input-error.js";
import { VERSION } from "../version.js";

const integer = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
  return n;
};
const number = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

function program(setCode: (code: number) => void): Command {
  const cli = new Command("vieval")
    .description("Evaluate large language models in Vietnamese: accuracy, safety, explainability, cultural fit, anti-bias, anti-misinformation, legal compliance")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.split("\n")[0] + "\n") });

  cli
    .command("run")
    .description("run suites against models and write results, summary and reports (default: every built-in suite, the four baselines)")
    .option("-s, --suite <id|path>", "a suite by built-in id or path (repeatable; default: all built-in)", collect)
    .option("-m, --model <spec>", "a model spec, e.g. openai:gpt-4o-mini, openai-compatible:qwen@http://127.0.0.1:8000/v1, hf:<id>, baseline:gold (repeatable)", collect)
    .option("-c, --config <file>", "a YAML run configuration (models with names and parameters, suites, profile…)")
    .option("-o, --out <dir>", "where to write results and reports", "out")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("-p, --profile <name|path>", "weights and pass marks (built-in: national)")
    .option("--concurrency <n>", "requests in flight per endpoint (default 16)", integer(1))
    .option("--timeout <seconds>", "per-request timeout (default 120)", number(0.001, 86400))
    .option("--retries <n>", "retries per request on 429, 5xx, timeouts and resets (default 4)", integer(0))
    .option("--repeats <n>", "ask each item n times", integer(1))
    .option("--seed <n>", "seed for baselines and bootstrap intervals", integer(0))
    .option("--temperature <t>", "sampling temperature (default 0)", number(0, 2))
    .option("--max-tokens <n>", "maximum tokens per answer", integer(1))
    .option("--api-key-env <NAME>", "environment variable holding the API key for openai-compatible endpoints")
    .option("--judge <spec>", "a model that grades the suites that name a rubric (explanations, harmfulness, legal correctness…)")
    .option("--limit <n>", "only the first n items of each suite (a quick check)", integer(1))
    .option("--no-cache", "ask the endpoints again even when the cache holds an answer")
    .option("--retry-errors", "ask again the items that ended with an error when this run last ran")
    .option("--fresh", "start a new run instead of resuming the one with the same configuration")
    .option("--gate", "exit with code 1 when a model fails the profile's pass marks")
    .addOption(new Option("-q, --quiet", "no progress bar or score table"))
    .action(async (flags) => setCode(await (await import("./commands/run.js")).runCommand(flags)));

  cli
    .command("validate")
    .description("check suites (default: all built-in), criteria and profiles; every problem as file:line: field: problem")
    .argument("[suites...]", "suite ids or paths")
    .action(async (suites: string[]) => setCode(await (await import("./commands/validate.js")).validateCommand(suites)));

  cli
    .command("list")
    .description("list criteria, profiles, built-in suites with item counts, providers and scorers")
    .action(async () => setCode(await (await import("./commands/list.js")).listCommand()));

  cli
    .command("report")
    .description("write a stored run's results and reports again (default: the latest run)")
    .argument("[run]", "run id")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("-o, --out <dir>", "where to write", "out")
    .option("-p, --profile <name|path>", "weights and pass marks", "national")
    .action(async (run: string | undefined, flags) => setCode(await (await import("./commands/report.js")).reportCommand(run, flags)));

  cli
    .command("runs")
    .description("list the runs in the store, newest first, with their ids")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .action(async (flags) => setCode(await (await import("./commands/runs.js")).runsCommand(flags)));

  cli
    .command("compare")
    .description("pair two models on the same items: McNemar's exact test or a sign-flip permutation test per criterion, Holm-corrected")
    .argument("<runA>", "a run id (with one model, or two models to compare within it)")
    .argument("[runB]", "a second run id")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("--a <model>", "the model of run A to compare")
    .option("--b <model>", "the model of run B to compare")
    .option("-p, --profile <name|path>", "weights for the overall difference", "national")
    .option("--seed <n>", "seed for the bootstrap", integer(0))
    .option("--json", "print the comparison as JSON")
    .action(async (runA: string, runB: string | undefined, flags) =>
      setCode(await (await import("./commands/compare.js")).compareCommand(runA, runB, flags)),
    );

  cli
    .command("leaderboard")
    .description("build a static leaderboard site from stored runs: ranks with intervals, per-criterion scores, a report per model")
    .argument("<runs...>", "run ids (each model of each run is one entry)")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("-o, --out <dir>", "where to write the site", "site")
    .option("-p, --profile <name|path>", "weights and pass marks", "national")
    .action(async (runs: string[], flags) => setCode(await (await import("./commands/leaderboard.js")).leaderboardCommand(runs, flags)));

  cli
    .command("judge-agreement")
    .description("compare a judge with human labels: accuracy, Cohen's kappa (weighted for ordinal scales), confusion matrix")
    .requiredOption("--judge <spec>", "the judge model")
    .requiredOption("--labels <file>", "JSONL of {prompt, response, label}, or a SEA-HELM safeguard file as it is")
    .option("--rubric <id>", "the rubric the labels are on (default: harmfulness)")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("--concurrency <n>", "requests in flight (default 16)", integer(1))
    .option("--limit <n>", "only the first n labelled answers", integer(1))
    .option("--api-key-env <NAME>", "environment variable holding the judge's API key")
    .option("--json", "print the result as JSON")
    .action(async (flags) => setCode(await (await import("./commands/judge-agreement.js")).judgeAgreementCommand(flags)));

  cli
    .command("import")
    .description("turn a public data file into a suite folder: sea-helm-mmlu, sea-helm-safety, vmlu, or any jsonl/csv with --map")
    .argument("<format>", "sea-helm-mmlu | sea-helm-safety | vmlu | jsonl | csv")
    .argument("<file>", "the data file")
    .requiredOption("-o, --out <dir>", "the suite folder to write, e.g. benchmarks/my-suite")
    .option("--id <id>", "suite id (default: the folder name)")
    .option("--name <text>", "suite name")
    .option("--criterion <id>", "criterion the suite measures (default by format)")
    .option("--subcriterion <id>", "subcriterion")
    .option("--task <task>", "multiple-choice | short-answer | open-ended | refusal (jsonl/csv: default from the mapped fields)")
    .option("--map <field=column>", "jsonl/csv: item field from a column or dotted path; choices=colA,colB,…; tags.<name>=column (repeatable)", collect)
    .option("--label <value=mapped>", "map a source label, e.g. \"Có hại=refuse\" or \"1=A\" (repeatable)", collect)
    .option("--license <text>", "licence of the source data")
    .option("--source <text>", "where the data comes from")
    .option("--origin <kind>", "native | translated | adapted")
    .option("--force", "replace the folder if it exists")
    .option("--skip-invalid", "leave out (and list) records that cannot be valid items instead of stopping at the first")
    .action(async (format: string, file: string, flags) =>
      setCode(await (await import("./commands/import.js")).importCommand(format, file, flags, process.argv.slice(2))),
    );

  return cli;
}

/** Run the CLI; returns the exit code. Bad input ends as one clear line and code 2, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const args = argv.length === 0 ? ["--help"] : argv;
  try {
    await program((c) => (code = c)).parseAsync(args, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`vieval: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`vieval: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 3;
  }
}
