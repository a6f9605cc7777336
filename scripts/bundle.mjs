// The CLI as one CommonJS file (dist/cli-bundle/main.cjs) that bin/vieval.js compiles with a V8 code cache
// (scripts/code-cache.mjs makes it): Node 20 has no compile cache for ES modules, and resolving, compiling and
// linking the hundreds of modules of dist/ and node_modules one by one took longer than the first requests of
// a run. dist/ itself (from tsc) stays the library entry point. better-sqlite3 is native and stays outside.
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist/cli-bundle", { recursive: true, force: true });

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

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/cli-bundle/main.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  plugins: [zodEnglishOnly],
  // Modules that find their files next to themselves (package-path.ts) do so from the bundle's place. Strict
  // mode first, as ES modules were: a directive after the banner's statement would be none.
  define: { "import.meta.url": "__vievalFileUrl" },
  banner: { js: '"use strict";\nvar __vievalFileUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

// The bundle's last line names this build by its content: bin/vieval.js reads the code cache made for exactly
// this build (copies and package tarballs keep the name; file times they do not).
const bundle = "dist/cli-bundle/main.cjs";
const buildId = createHash("sha256").update(readFileSync(bundle)).digest("hex").slice(0, 16);
appendFileSync(bundle, `\n// vieval build ${buildId}\n`);
