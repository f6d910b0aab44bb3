// What scripts/test.mjs and scripts/e2e.mjs share: picking the test files
// and bundling them with esbuild for Node's own test runner.
import { build } from "esbuild";
import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The files in `dir` whose names end in `suffix` and, given a `filter`,
 * contain it. Exits the process if there are none.
 */
export function pickTests(dir, suffix, filter) {
  const tests = readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .filter((f) => !filter || f.includes(filter))
    .map((f) => join(dir, f));
  if (tests.length === 0) {
    console.error(`no ${suffix} files matched`);
    process.exit(1);
  }
  return tests;
}

/**
 * Bundles each of `tests` into `outdir` as an ES module for Node 20 (with a
 * `require` for the CommonJS code it bundles), with esbuild's `options`
 * added, and returns the paths of the bundles.
 */
export async function bundleTests(tests, outdir, options) {
  await build({
    entryPoints: tests,
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    ...options,
  });
  return readdirSync(outdir)
    .filter((f) => f.endsWith(".mjs"))
    .map((f) => join(outdir, f));
}
