// The CLI as CommonJS files that bin/vieval.js compiles with a V8 code cache (scripts/code-cache.mjs makes it):
// Node 20 has no compile cache for ES modules, and resolving, compiling and linking the hundreds of modules of
// dist/ and node_modules one by one took longer than the first requests of a run. dist/ itself (from tsc) stays
// the library entry point. better-sqlite3 is native and stays outside.
//
//   dist/cli-bundle/main.cjs     what every command loads
//   dist/cli-bundle/<part>.cjs   large packages few commands need (charts for reports, the Hugging Face client),
//                                loaded when first used: a run loads the charts while its first requests are out
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const DIR = "dist/cli-bundle";
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });

/** Part name → the package it holds. */
const PARTS = { echarts: "echarts", hf: "@huggingface/inference" };

// zod exports every locale of its error messages (60 languages, about 500 kB); vieval reports its own
// messages and uses zod's English ones only, so the bundle carries English alone.
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: "zod-locales", namespace: "zod-locales", pluginData: args.resolveDir } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: args.pluginData,
    }));
  },
};

// In main.cjs a part's package is a module that loads the part.
const partsOutside = {
  name: "parts-outside",
  setup(b) {
    const names = new Map(Object.entries(PARTS).map(([part, pkg]) => [pkg, part]));
    b.onResolve({ filter: /.*/ }, (args) => (names.has(args.path) ? { path: names.get(args.path), namespace: "vieval-part" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "vieval-part" }, (args) => ({ contents: `module.exports = __vievalPart(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  // Every string, template and name in ASCII (asciiOnly below does the rest).
  charset: "ascii",
  write: false,
  logLevel: "warning",
};

/**
 * The code in ASCII alone, so that node holds it as a one-byte string, read as latin1 with no UTF-8 decoding
 * (for the 6 MB it was, 57 → 22 ms of every start). esbuild leaves non-ASCII characters only where it cannot
 * rewrite them as escapes itself: regular expression literals, String.raw templates (vieval's are regular
 * expression sources) and comments. In all three a \u escape means the character. An identity escape of one
 * (`\–`) loses its backslash: `\\u2013` would be a backslash and "u2013".
 */
function asciiOnly(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) =>
    `${slashes.slice(0, slashes.length - (slashes.length % 2))}\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Write one bundle; its last line names this build by its content, and bin/vieval.js reads the code cache made for exactly it. */
function write(file, result) {
  const code = asciiOnly(result.outputFiles[0].text);
  if (/[^\x00-\x7f]/.test(code)) throw new Error(`${file}: not ASCII`);
  const buildId = createHash("sha256").update(code).digest("hex").slice(0, 16);
  writeFileSync(file, `${code}\n// vieval build ${buildId}\n`, "latin1");
}

write(`${DIR}/main.cjs`, await build({
  ...common,
  entryPoints: ["dist/cli/main.js"],
  outfile: `${DIR}/main.cjs`,
  plugins: [zodEnglishOnly, partsOutside],
  // Modules that find their files next to themselves (package-path.ts) do so from the bundle's place. Strict
  // mode first, as ES modules were: a directive after the banner's statement would be none. bin/vieval.js
  // hands the bundle __vievalLoadPart (parts compiled with their code caches); required as it is, it requires them.
  define: { "import.meta.url": "__vievalFileUrl" },
  banner: {
    js: [
      '"use strict";',
      'var __vievalFileUrl = require("node:url").pathToFileURL(__filename).href;',
      'var __vievalPart = (name) => (typeof __vievalLoadPart === "function" ? __vievalLoadPart(name) : require(`./${name}.cjs`));',
    ].join("\n"),
  },
}));

for (const [part, pkg] of Object.entries(PARTS)) {
  write(`${DIR}/${part}.cjs`, await build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: ".", loader: "js" },
    outfile: `${DIR}/${part}.cjs`,
    banner: { js: '"use strict";' },
  }));
}
