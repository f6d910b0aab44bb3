// Runs the end-to-end tests (test/e2e/*.e2e.ts): the page in Debian's
// chromium (playwright-core), against the real sanctuary-server, with the
// real `sanctuary` CLI as caseworker and admin.
//
// It first builds the page (dist/) and then the two binaries, because the
// server embeds dist/ at compile time. Set SANCTUARY_BIN_DIR to use binaries
// built elsewhere (they must embed the current dist/).
//
//   npm run test:e2e              every e2e test
//   npm run test:e2e -- story     only files whose name contains "story"
import { mkdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

import { bundleTests, pickTests } from "./bundle-tests.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(root, "..");

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd });
  if (r.status !== 0) {
    console.error(`e2e: ${cmd} ${args.join(" ")} failed`);
    process.exit(r.status ?? 1);
  }
}

run(process.execPath, [join(root, "scripts", "build.mjs")], root);
if (!process.env.SANCTUARY_BIN_DIR) {
  run("cargo", ["build", "--locked", "--quiet", "-p", "sanctuary-server", "-p", "sanctuary-cli", "--bins"], repo);
}
const tests = pickTests(join(root, "test", "e2e"), ".e2e.ts", process.argv[2]);
// Inside web/ so that playwright-core and axe-core resolve from node_modules.
const out = join(root, "test-results", "e2e-build");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  const files = await bundleTests(tests, out, { external: ["playwright-core", "axe-core"] });
  const r = spawnSync(
    process.execPath,
    ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files],
    {
      stdio: "inherit",
      cwd: root,
      env: {
        ...process.env,
        SANCTUARY_WEB_ROOT: root,
        SANCTUARY_BIN_DIR: process.env.SANCTUARY_BIN_DIR ?? join(repo, "target", "debug"),
      },
    },
  );
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
