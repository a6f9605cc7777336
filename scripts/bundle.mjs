// The CLI as a few ESM files (dist/cli-bundle/): Node starts it in about a third of the time it takes to
// resolve and load the hundreds of modules of dist/ and node_modules one by one. dist/ itself (from tsc)
// stays the library entry point. better-sqlite3 is native and stays outside.
import { rmSync } from "node:fs";
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
  outdir: "dist/cli-bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["better-sqlite3"],
  plugins: [zodEnglishOnly],
  banner: { js: "import { createRequire as __vievalRequire } from 'node:module'; const require = __vievalRequire(import.meta.url);" },
  logLevel: "warning",
});
