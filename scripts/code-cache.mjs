// The V8 code cache of the CLI bundle (bin/vieval.js reads it): vieval runs once over a few items of every
// built-in suite, with the baselines and with an OpenAI-compatible server on 127.0.0.1, so the cache holds what
// a run compiles — loaders, providers, scorers, store, statistics and report writers — and is written at its end.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const content = "Đáp án: B";
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({ id: "warm-up", object: "chat.completion", created: 0, model: "warm-up", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] }),
    );
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const dir = mkdtempSync(join(tmpdir(), "vieval-code-cache-"));
const url = `http://127.0.0.1:${server.address().port}/v1`;
// Asynchronously: this process's server answers the run.
const child = await new Promise((resolve) => {
  const args = ["bin/vieval.js", "run", "-m", "baseline:gold", "-m", "baseline:random", "-m", `openai-compatible:warm-up@${url}`,
    "--limit", "4", "--db", join(dir, "v.db"), "-o", join(dir, "out"), "-q"];
  spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, VIEVAL_WRITE_CODE_CACHE: "1" } })
    .on("close", (code) => resolve(code));
});
server.close();
rmSync(dir, { recursive: true, force: true });
if (child !== 0) throw new Error(`code cache: the warm-up run ended with exit code ${child}`);
if (!readdirSync("dist/cli-bundle").some((f) => f.endsWith(".cache"))) throw new Error("code cache: the warm-up run wrote no cache");

