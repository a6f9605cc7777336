#!/usr/bin/env node
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli-bundle/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("vieval: not built yet: run `npm run build` (npm ci and npm install do it for you)\n");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
