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
    .option("--key-file <file>", "the key that opens sealed suites (or VIEVAL_SEAL_KEY_FILE)")
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
    .argument("<runs...>", "run ids or bundle files (each model of each is one entry)")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("--key <public key>", "verify bundles with these public keys: verified ones are marked so, failing ones left out (repeatable)", collect)
    .option("-s, --suite <path>", "suites bundles ran that are not built in, or sealed suites, for verification (repeatable)", collect)
    .option("--key-file <file>", "the key that opens sealed suites (or VIEVAL_SEAL_KEY_FILE)")
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
    .command("selftest")
    .description("a vendor's self-test: the profile's public suites, pass or fail against every pass mark (exit 1 on a fail), and a signed bundle to submit")
    .requiredOption("-m, --model <spec>", "the model to test")
    .option("-p, --profile <name|path>", "weights and pass marks", "national")
    .option("--sign <private key>", "sign the bundle with this Ed25519 key (default: .vieval/keys/selftest.key, made on first use)")
    .option("-o, --out <dir>", "where to write results, reports and the bundle", "selftest")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("--concurrency <n>", "requests in flight (default 16)", integer(1))
    .option("--api-key-env <NAME>", "environment variable holding the API key for openai-compatible endpoints")
    .option("--judge <spec>", "a model that grades the judged suites")
    .option("--limit <n>", "only the first n items of each suite (a quick, partial check)", integer(1))
    .action(async (flags) => setCode(await (await import("./commands/selftest.js")).selftestCommand(flags)));

  cli
    .command("keygen")
    .description("make an Ed25519 key pair for signing bundles: <file> (private) and <file>.pub (public)")
    .argument("[file]", "the private key file to write", "vieval-signing.key")
    .action(async (file: string) => setCode(await (await import("./commands/keygen.js")).keygenCommand(file)));

  cli
    .command("bundle")
    .description("write a stored run as one signed file: manifest, every raw response, every score")
    .argument("[run]", "run id (default: the latest run)")
    .requiredOption("--sign <private key>", "the Ed25519 private key to sign with (vieval keygen)")
    .option("-o, --out <file>", "the bundle to write (default: <run>.vieval-bundle)")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("-p, --profile <name|path>", "the profile named in the manifest", "national")
    .action(async (run: string | undefined, flags) => setCode(await (await import("./commands/bundle.js")).bundleCommand(run, flags)));

  cli
    .command("verify")
    .description("check a bundle: its signature, every suite and item by hash, every score recomputed from its raw response (exit 1 on any mismatch)")
    .argument("<bundle>", "the bundle file")
    .requiredOption("--key <public key>", "the vendor's Ed25519 public key")
    .option("-s, --suite <path>", "a suite the bundle ran that is not built in, or a sealed suite (repeatable)", collect)
    .option("--key-file <file>", "the key that opens sealed suites (or VIEVAL_SEAL_KEY_FILE)")
    .option("-p, --profile <name|path>", "the profile whose public suites a submission must hold (default: the bundle's, if known here)")
    .option("--json", "print the verification as JSON")
    .action(async (bundle: string, flags) => setCode(await (await import("./commands/verify.js")).verifyCommand(bundle, flags)));

  cli
    .command("seal")
    .description("encrypt a suite at rest (AES-256-GCM): vieval reads it in memory only and never writes its items in clear")
    .argument("<suite>", "suite id or path")
    .requiredOption("--key-file <file>", "the 32-byte key (made when the file does not exist)")
    .option("-o, --out <file>", "the sealed file (default: <suite id>.sealed)")
    .action(async (suite: string, flags) => setCode(await (await import("./commands/seal.js")).sealCommand(suite, flags)));

  cli
    .command("canary")
    .description("ask a model to complete each suite's canary string: one that can has likely trained on the suite (exit 1)")
    .requiredOption("-m, --model <spec>", "the model to probe")
    .option("-s, --suite <id|path>", "suites to check (default: every built-in suite; repeatable)", collect)
    .option("--key-file <file>", "the key that opens sealed suites (or VIEVAL_SEAL_KEY_FILE)")
    .option("--api-key-env <NAME>", "environment variable holding the API key for openai-compatible endpoints")
    .action(async (flags) => setCode(await (await import("./commands/canary.js")).canaryCommand(flags)));

  cli
    .command("rerun")
    .description("run a bundle's suites, prompts and parameters again against an endpoint; how far the new scores are, per criterion and per item")
    .argument("<bundle>", "the bundle file")
    .option("-m, --model <spec>", "the endpoint to ask (default: the bundle's model spec)")
    .option("--key <public key>", "check the bundle's signature first")
    .option("-s, --suite <path>", "a suite the bundle ran that is not built in, or a sealed suite (repeatable)", collect)
    .option("--key-file <file>", "the key that opens sealed suites (or VIEVAL_SEAL_KEY_FILE)")
    .option("--judge <spec>", "the judge (default: the bundle's)")
    .option("-o, --out <dir>", "where to write the rerun's results and rerun.json", "rerun")
    .option("--db <file>", "the SQLite store", ".vieval/vieval.db")
    .option("--concurrency <n>", "requests in flight (default 16)", integer(1))
    .option("--api-key-env <NAME>", "environment variable holding the API key for openai-compatible endpoints")
    .option("--fresh", "ask everything again even when a rerun of this bundle is already stored")
    .action(async (bundle: string, flags) => setCode(await (await import("./commands/rerun.js")).rerunCommand(bundle, flags)));

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
    // A file vieval cannot write or read where the user pointed it: bad input too, not a crash.
    const sys = e as NodeJS.ErrnoException;
    if (sys?.code && sys.path && ["ENOENT", "ENOTDIR", "EACCES", "EPERM", "EISDIR", "EEXIST", "EROFS", "ENOSPC"].includes(sys.code)) {
      process.stderr.write(`vieval: ${sys.path}: cannot ${sys.syscall ?? "use"} (${sys.code})\n`);
      return 2;
    }
    process.stderr.write(`vieval: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 3;
  }
}

// bin/vieval.js hands over its own import() for users' provider modules (see providers/module.ts).
export { useModuleLoader } from "../providers/module.js";
