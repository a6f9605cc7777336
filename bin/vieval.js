#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const entry = fileURLToPath(new URL("../dist/cli-bundle/main.cjs", import.meta.url));
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

// Each bundle file is compiled with the V8 code cache the build made for exactly that build of it
// (scripts/code-cache.mjs): its last line names the build, the cache's name carries it, and V8 checks its own
// version and flags. Without a cache that fits, V8 compiles the file as usual. The files are ASCII
// (scripts/bundle.mjs): read as latin1, they need no decoding.
const writeCache = process.env.VIEVAL_WRITE_CODE_CACHE === "1";
const compiled = [];
function load(file) {
  const source = readFileSync(file, "latin1");
  const build = /\/\/ vieval build ([0-9a-f]+)\s*$/.exec(source.slice(-64))?.[1];
  const cacheFile = build ? `${file}.${build}.cache` : undefined;
  const cachedData = cacheFile && !writeCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __vievalLoadPart) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (process.env.VIEVAL_DEBUG_CODE_CACHE) {
    process.stderr.write(`code cache: ${cachedData ? (script.cachedDataRejected ? "rejected" : "used") : "none"} (${cacheFile})\n`);
  }
  compiled.push({ script, cacheFile });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file), loadPart);
  return module.exports;
}
/** The bundle's parts: large packages few commands need, loaded when first used. */
const parts = new Map();
function loadPart(name) {
  if (!parts.has(name)) parts.set(name, load(join(dirname(entry), `${name}.cjs`)));
  return parts.get(name);
}

const cli = { exports: load(entry) };
// A script compiled from a code cache has no loader for import() on Node 20: users' provider modules are
// imported from here.
cli.exports.useModuleLoader((url) => import(url));

process.exitCode = await cli.exports.main(process.argv.slice(2));
if (writeCache) for (const { script, cacheFile } of compiled) if (cacheFile) writeFileSync(cacheFile, script.createCachedData());
// After an internal error nothing is left to finish: do not let a stray timer hold the process open.
if (process.exitCode === 3) process.exit(3);
