#!/usr/bin/env node
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli-bundle/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("vieval: not built yet: run `npm run build` (npm ci and npm install do it for you)\n");
  process.exit(2);
}
// Output piped into a reader that stops early (vieval list | head -1) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
// After an internal error nothing is left to finish: do not let a stray timer hold the process open.
if (process.exitCode === 3) process.exit(3);
