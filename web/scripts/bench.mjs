// Browser benchmarks of the reporter page, in Debian's chromium against a
// real sanctuary-server (release build), printing figures as JSON lines and
// a Markdown section for docs/benchmarks.md. Benchmarks, not tests: nothing
// here asserts a time.
//
//   node scripts/bench.mjs [--quick] [--out FILE.md] [--criterion DIR]
//   node scripts/bench.mjs --pow-only      (only the proof-of-work figures)
//   node scripts/bench.mjs --inbox-only    (only the caseworker's inbox)
//
// Figures:
//  * sealing and signing a 16 KiB-bucket report (3 caseworkers): median and
//    p95 in ms, and the ratio to the Rust client's criterion figure for the
//    same report (report/seal/3) when --criterion points at target/criterion;
//  * a 100 MiB attachment sealed in pieces and uploaded: MiB/s for each
//    step, and the growth of the page's JS heap (sampled every 50 ms over the
//    DevTools protocol; target ≤ 64 MiB);
//  * the page's transfer size and time to interactive (navigation to the
//    start screen's first button, roster fetched and verified) over loopback;
//  * solving proof-of-work challenges of 0-4 bits with the page's solver:
//    median and p95 ms and evaluations, with the JIT and without it
//    (--js-flags=--jitless, what Tor Browser's "Safer" level does to
//    JavaScript), printed as one JSON line (web-pow) for docs/benchmarks.md's
//    abuse section;
//  * the caseworker's inbox (`sanctuary case ui`) with a real store of
//    10,000 threads (test/bench/inbox.ts): first load and reload to the
//    first row painted, split into the program's `GET /api/inbox` and the
//    page's rendering, the longest main-thread task, opening a thread (one
//    the pointer rested on, one with no warning) and changing a filter,
//    with the page's own work split out, against one frame (16.7 ms); one JSON line
//    (web-inbox) and its own Markdown subsection.
import { build } from "esbuild";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(root, "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const powOnly = args.includes("--pow-only");
const inboxOnly = args.includes("--inbox-only");
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outFile = opt("--out");
const criterionDir = opt("--criterion") ?? join(repo, "target", "criterion");

process.env.SANCTUARY_WEB_ROOT = root;
process.env.SANCTUARY_BIN_DIR ??= join(repo, "target", "release");
if (["sanctuary-server", "sanctuary", "sanctuary-load"].some((b) => !existsSync(join(process.env.SANCTUARY_BIN_DIR, b)))) {
  const r = spawnSync("cargo", ["build", "--release", "--locked", "--quiet", "-p", "sanctuary-server", "-p", "sanctuary-cli", "-p", "sanctuary-load"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) process.exit(1);
}

// The harness is TypeScript: bundle it (and the in-page entry) first.
const harnessOut = join(root, "test-results", "bench-harness.mjs");
await build({
  entryPoints: [join(root, "test", "e2e", "harness.ts")],
  outfile: harnessOut,
  bundle: true,
  platform: "node",
  format: "esm",
  external: ["playwright-core"],
  logLevel: "warning",
});
const page = await build({
  entryPoints: [join(root, "test", "bench", "entry.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  write: false,
  logLevel: "warning",
});
const benchSource = page.outputFiles[0].text;
const { startUnit, launchBrowser } = await import(harnessOut);
// The inbox benchmark (Node side) and the probe it installs in the page.
const inboxOut = join(root, "test-results", "bench-inbox.mjs");
await build({
  entryPoints: [join(root, "test", "bench", "inbox.ts")],
  outfile: inboxOut,
  bundle: true,
  platform: "node",
  format: "esm",
  external: ["playwright-core"],
  logLevel: "warning",
});
const probe = await build({
  entryPoints: [join(root, "test", "bench", "inbox-probe.ts")],
  bundle: true,
  format: "iife",
  write: false,
  logLevel: "warning",
});
const { inboxBench, inboxJson, inboxMarkdown } = await import(inboxOut);
const inboxRuns = quick ? 5 : 10;
const command = `node web/scripts/bench.mjs${quick ? " --quick" : ""}${inboxOnly ? " --inbox-only" : ""}`;

if (inboxOnly) {
  const inbox = await inboxBench(probe.outputFiles[0].text, inboxRuns);
  console.log(JSON.stringify({ bench: "web-inbox", ...inboxJson(inbox) }));
  const md = inboxMarkdown(inbox, command).join("\n");
  if (outFile) writeFileSync(outFile, md);
  else console.log(md);
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const MiB = 1024 * 1024;
const results = {};


/** Solve figures for 0..=maxBits bits, `runs` each, in a page of `browser`. */
async function powFigures(browser, maxBits, runs) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(unit.pageUrl());
  await tab.waitForSelector("main button", { state: "visible" });
  await tab.evaluate(benchSource);
  const rows = await tab.evaluate(([b, n]) => globalThis.sanctuaryBench.powSolve(b, n), [maxBits, runs]);
  await context.close();
  return rows.map((r) => ({
    bits: r.bits,
    runs: r.ms.length,
    median_ms: median(r.ms),
    p95_ms: pct(r.ms, 95),
    evaluations_median: median(r.evaluations),
    evaluations_p95: pct(r.evaluations, 95),
  }));
}

const unit = await startUnit({ caseworkers: ["PC-One", "PC-Two", "PC-Three"] });
const browser = await launchBrowser();
try {
  results.pow = { levels: await powFigures(browser, 4, quick ? 20 : 60) };
  const jitless = await launchBrowser(["--js-flags=--jitless"]);
  try {
    results.pow.jitless = await powFigures(jitless, 4, 5);
  } finally {
    await jitless.close();
  }
  if (!powOnly) {
    // Page load: transfer size and time to interactive, fresh context each.
    const loads = [];
    let transfer = 0;
    for (let i = 0; i < (quick ? 5 : 15); i++) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const t0 = Date.now();
      await tab.goto(unit.pageUrl());
      await tab.waitForSelector("main button", { state: "visible" });
      loads.push(Date.now() - t0);
      await tab.waitForLoadState("networkidle");
      // Bytes received for the document and every resource (same origin, so
      // the browser reports them), headers included.
      transfer = await tab.evaluate(() =>
        [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].reduce(
          (sum, e) => sum + e.transferSize,
          0,
        ),
      );
      await context.close();
    }
    results.load = { transfer_bytes: transfer, tti_ms_median: median(loads), tti_ms_p95: pct(loads, 95) };

    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(unit.pageUrl());
    await tab.waitForSelector("main button", { state: "visible" });
    await tab.evaluate(benchSource);
    const runs = quick ? 30 : 100;
    const seals = await tab.evaluate(([u, n]) => globalThis.sanctuaryBench.sealReports(u, n, 10), [unit.unitId, runs]);
    results.seal = { runs, ms_median: median(seals), ms_p95: pct(seals, 95) };
    const estimates = join(criterionDir, "report", "seal", "3", "new", "estimates.json");
    if (existsSync(estimates)) {
      const ns = JSON.parse(readFileSync(estimates, "utf8")).median.point_estimate;
      results.seal.cli_ms = ns / 1e6;
      results.seal.ratio_to_cli = results.seal.ms_median / results.seal.cli_ms;
    }

    // 100 MiB attachment: the JS heap sampled over the DevTools protocol.
    const cdp = await context.newCDPSession(tab);
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    const base = (await cdp.send("Runtime.getHeapUsage")).usedSize;
    let peak = base;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { usedSize } = await cdp.send("Runtime.getHeapUsage");
        peak = Math.max(peak, usedSize);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const mib = 100;
    const att = await tab.evaluate(([u, m]) => globalThis.sanctuaryBench.attachment(u, m), [unit.unitId, mib]);
    sampling = false;
    await sampler;
    results.attachment = {
      mib,
      seal_mib_s: mib / att.sealSeconds,
      upload_mib_s: mib / att.uploadSeconds,
      heap_growth_mib: (peak - base) / MiB,
      sealed_bytes: att.sealedBytes,
    };
    await context.close();
  }
} finally {
  await browser.close();
  await unit.close();
}
if (powOnly) {
  console.log(JSON.stringify({ bench: "web-pow", ...results.pow }));
  process.exit(0);
}
// Its own store, server and `case ui`, after the reporter page's are stopped.
results.inbox = await inboxBench(probe.outputFiles[0].text, inboxRuns);

for (const [name, value] of Object.entries(results)) {
  console.log(JSON.stringify({ bench: `web-${name}`, ...(name === "inbox" ? inboxJson(value) : value) }));
}

const f = (x, d = 1) => x.toLocaleString("en-GB", { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  "## The reporter page in chromium",
  "",
  `Measured by \`${command}\` in Debian's headless chromium against the release server on loopback (3 caseworkers).`,
  "",
  "| measure | figure | target |",
  "|---|---|---|",
  `| seal and sign a 16 KiB-bucket report (median, p95 of ${results.seal.runs}) | ${f(results.seal.ms_median, 2)} ms, ${f(results.seal.ms_p95, 2)} ms | — |`,
  results.seal.ratio_to_cli === undefined
    ? "| the same with the Rust client (criterion `report/seal/3`) | not measured in this run | — |"
    : `| the same with the Rust client (criterion \`report/seal/3\`) | ${f(results.seal.cli_ms, 3)} ms: the page takes ${f(results.seal.ratio_to_cli, 1)} × | — |`,
  `| 100 MiB attachment: seal in pieces | ${f(results.attachment.seal_mib_s)} MiB/s | — |`,
  `| 100 MiB attachment: upload (one Blob of sealed pieces, HTTP/1.1) | ${f(results.attachment.upload_mib_s)} MiB/s | — |`,
  `| JS heap growth while sealing and uploading 100 MiB | ${f(results.attachment.heap_growth_mib)} MiB | ≤ 64 MiB: **${results.attachment.heap_growth_mib <= 64 ? "pass" : "miss"}** |`,
  `| page transfer (HTML, script, style, roster) | ${f(results.load.transfer_bytes / 1024)} KiB | — |`,
  `| time to interactive (roster verified, first button shown; median, p95) | ${results.load.tti_ms_median} ms, ${results.load.tti_ms_p95} ms | — |`,
  "",
  "The page seals with typage, whose ChaCha20-Poly1305 (age's payload cipher) is pure JavaScript: WebCrypto has no",
  "ChaCha20. That is why a report takes a few milliseconds rather than a fraction of one, and why attachments seal",
  "at tens of MiB/s; the X25519 stanzas use WebCrypto where the browser has it. The sealed pieces are gathered in a",
  "Blob, which the browser keeps outside the JS heap, so the heap barely grows with the file. The server sends the",
  "page uncompressed (the script gzips to about a third of its size; a reverse proxy may compress it).",
  "",
  ...inboxMarkdown(results.inbox, command),
];
if (outFile) writeFileSync(outFile, lines.join("\n"));
else console.log(lines.join("\n"));
