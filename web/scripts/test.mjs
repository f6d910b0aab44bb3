// Runs the unit tests: each test/*.test.ts is bundled with esbuild into a
// temporary folder and run with Node's own test runner.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { bundleTests, pickTests } from "./bundle-tests.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tests = pickTests(join(root, "test"), ".test.ts", process.argv[2]);
const out = mkdtempSync(join(tmpdir(), "sanctuary-web-test-"));
try {
  // Node builtins and the test runner stay external.
  const files = await bundleTests(tests, out, { packages: "bundle" });
  const run = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, SANCTUARY_WEB_ROOT: root },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
