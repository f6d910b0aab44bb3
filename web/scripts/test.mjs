// Runs the unit tests: each test/*.test.ts is bundled with esbuild into a
// temporary folder and run with Node's own test runner.
import { build } from "esbuild";
import { readdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const filter = process.argv[2];
const tests = readdirSync(join(root, "test"))
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => !filter || f.includes(filter));
if (tests.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), "sanctuary-web-test-"));
try {
  await build({
    entryPoints: tests.map((f) => join(root, "test", f)),
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
    // Node builtins and the test runner stay external.
    packages: "bundle",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const files = readdirSync(out).filter((f) => f.endsWith(".mjs")).map((f) => join(out, f));
  const run = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, SANCTUARY_WEB_ROOT: root },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
