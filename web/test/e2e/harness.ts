// The end-to-end harness every e2e test shares: the real sanctuary-server
// on 127.0.0.1:0 with a temporary data directory, the real `sanctuary` CLI
// with a private home (admin and caseworkers), and Debian's chromium driven
// by playwright-core. Everything started here is stopped by `close()`
// (a `sanctuary case ui` from `unit.caseUi(label)` by its own `stop()`).
//
//   const unit = await startUnit({ caseworkers: ["PC-Jones"] });
//   const browser = await launchBrowser();
//   const page = await browser.newPage();
//   await page.goto(unit.pageUrl());
//   ...
//   await browser.close(); await unit.close();
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium, type Browser, type Page } from "playwright-core";

/** The passphrase of every key file the tests make. */
export const PASSPHRASE = "correct horse battery staple";

/** The web/ folder. */
export const webRoot: string = process.env.SANCTUARY_WEB_ROOT ?? process.cwd();
/** Where the two binaries are (target/debug unless SANCTUARY_BIN_DIR says). */
export const binDir: string = process.env.SANCTUARY_BIN_DIR ?? join(webRoot, "..", "target", "debug");
/** Where screenshots go (kept as CI artefacts; gitignored). */
export const shotsDir: string = join(webRoot, "test-results", "screenshots");

/** Output of one CLI run. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** A running sanctuary-server. */
export class Server {
  private constructor(
    private child: ChildProcess,
    /** `http://127.0.0.1:PORT` */
    readonly url: string,
    /** The data directory. */
    readonly dataDir: string,
    private logLines: string[],
  ) {}

  /** Starts the server with `dataDir` and extra flags; waits until it listens. */
  static async start(dataDir: string, extra: string[] = [], listen = "127.0.0.1:0"): Promise<Server> {
    mkdirSync(dataDir, { recursive: true });
    const env = { ...process.env };
    delete env.RUST_LOG;
    const child = spawn(join(binDir, "sanctuary-server"), ["--listen", listen, "--data-dir", dataDir, ...extra], {
      stdio: ["ignore", "ignore", "pipe"],
      env,
    });
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sanctuary-server did not start:\n${lines.join("\n")}`)), 30_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`sanctuary-server exited (${code}):\n${lines.join("\n")}`));
      });
      if (!child.stderr) throw new Error("no stderr");
      createInterface({ input: child.stderr }).on("line", (line) => {
        lines.push(line);
        const m = /^listening on (.+)$/.exec(line.trim());
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(`http://${m[1]}`);
        }
      });
    });
    child.removeAllListeners("exit");
    return new Server(child, url, dataDir, lines);
  }

  /** The one-time enrollment code. */
  enrollmentCode(): string {
    return readFileSync(join(this.dataDir, "enrollment-code"), "utf8").trim();
  }

  /** What the server printed so far. */
  log(): string {
    return this.logLines.join("\n");
  }

  /** The listening address, `127.0.0.1:PORT`. */
  get addr(): string {
    return this.url.replace(/^http:\/\//, "");
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The `sanctuary` CLI with a private home and working directory. */
export class Cli {
  constructor(
    /** Working directory (key files, stores and outputs go here). */
    readonly cwd: string,
    private env: Record<string, string> = {},
  ) {
    mkdirSync(join(cwd, "home"), { recursive: true });
  }

  /** The environment every run gets: a private home, the passphrase, and the extras. */
  environment(): Record<string, string> {
    const home = join(this.cwd, "home");
    return {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_DATA_HOME: join(home, ".local", "share"),
      XDG_CACHE_HOME: join(home, ".cache"),
      SANCTUARY_PASSPHRASE: PASSPHRASE,
      ...this.env,
    };
  }

  /** Runs `sanctuary ARGS` with optional standard input. */
  run(args: string[], input?: string): CliResult {
    const r = spawnSync(join(binDir, "sanctuary"), args, {
      cwd: this.cwd,
      input: input ?? "",
      encoding: "utf8",
      env: this.environment(),
      maxBuffer: 256 * 1024 * 1024,
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  }

  /** Runs and throws with the output when the command fails. */
  ok(args: string[], input?: string): CliResult {
    const r = this.run(args, input);
    if (r.status !== 0) {
      throw new Error(`sanctuary ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    return r;
  }
}

/**
 * A running `sanctuary case ui`: the caseworker's inbox on 127.0.0.1. It
 * prints the one-time address on stdout (and nothing else there) and runs
 * until it is stopped.
 */
export class CaseUi {
  private constructor(
    private child: ChildProcess,
    /** `http://127.0.0.1:PORT/open/TOKEN`, good once. */
    readonly openUrl: string,
    private logLines: string[],
  ) {}

  /** Starts it with these flags (after `case ui`) and waits for the address. */
  static async start(cli: Cli, args: string[]): Promise<CaseUi> {
    const child = spawn(join(binDir, "sanctuary"), ["case", "ui", ...args], {
      cwd: cli.cwd,
      env: cli.environment(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    if (!child.stdout || !child.stderr) throw new Error("no stdout or stderr");
    createInterface({ input: child.stderr }).on("line", (line) => lines.push(line));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sanctuary case ui printed no address:\n${lines.join("\n")}`)), 60_000);
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`sanctuary case ui exited (${code}):\n${lines.join("\n")}`));
        });
        createInterface({ input: child.stdout! }).once("line", (line) => {
          clearTimeout(timer);
          resolve(line);
        });
      });
      child.removeAllListeners("exit");
      return new CaseUi(child, url, lines);
    } catch (e) {
      child.kill("SIGKILL");
      throw e;
    }
  }

  /** `http://127.0.0.1:PORT` */
  get origin(): string {
    return new URL(this.openUrl).origin;
  }

  /** What it printed on stderr so far. */
  log(): string {
    return this.logLines.join("\n");
  }

  /** Whether it is still running. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops it (SIGINT, then SIGKILL after 10 s); resolves with how it exited. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return { code: this.child.exitCode, signal: this.child.signalCode };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    this.child.kill("SIGINT");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    const how = await exited;
    clearTimeout(timer);
    return how;
  }
}

/** A caseworker made by the harness. */
export interface Caseworker {
  label: string;
  /** Key file path (relative to the CLI's working directory). */
  key: string;
  /** Store directory (relative). */
  store: string;
  /** The public card line. */
  card: string;
}

/** A server with an enrolled unit, its admin and caseworkers. */
export class Unit {
  constructor(
    readonly dir: string,
    readonly server: Server,
    readonly cli: Cli,
    readonly unitId: string,
    readonly caseworkers: Caseworker[],
  ) {}

  /** The link a poster carries: the page with `#unit=…`. */
  pageUrl(unitId: string = this.unitId): string {
    return `${this.server.url}/#unit=${unitId}`;
  }

  /** `sanctuary case sync` for caseworker `label` (pinned to this unit). */
  sync(label: string): CliResult {
    const cw = this.caseworker(label);
    return this.cli.ok(["case", "sync", "--key", cw.key, "--store", cw.store, "--unit", this.unitId]);
  }

  /** Any `sanctuary case …` command for caseworker `label`. */
  caseCommand(label: string, args: string[], input?: string): CliResult {
    const cw = this.caseworker(label);
    const [sub, ...rest] = args;
    if (!sub) throw new Error("no case subcommand");
    return this.cli.ok(["case", sub, "--key", cw.key, "--store", cw.store, ...rest], input);
  }

  /** Starts `sanctuary case ui` for caseworker `label`; see {@link CaseUi}. */
  caseUi(label: string): Promise<CaseUi> {
    const cw = this.caseworker(label);
    return CaseUi.start(this.cli, ["--key", cw.key, "--store", cw.store, "--server", this.server.url]);
  }

  /** The caseworker with this label. */
  caseworker(label: string): Caseworker {
    const cw = this.caseworkers.find((c) => c.label === label);
    if (!cw) throw new Error(`no caseworker ${label}`);
    return cw;
  }

  /** Publishes a new roster version with these caseworkers and flags. */
  publish(labels: string[], extra: string[] = []): CliResult {
    const args = ["unit", "publish", "--key", "unit.key"];
    for (const l of labels) args.push("--caseworker", this.caseworker(l).card);
    return this.cli.ok([...args, ...extra]);
  }

  /** Stops the server and removes the temporary folder. */
  async close(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Options of `startUnit`. */
export interface UnitOptions {
  caseworkers?: string[];
  name?: string;
  /** Extra `unit publish` flags for the first roster (e.g. a form). */
  publishArgs?: string[];
  /** Extra server flags. */
  serverArgs?: string[];
}

/**
 * Starts a server, makes a unit key and caseworker keys with the CLI and
 * publishes the first roster with the enrollment code. Key files use the
 * real scrypt work factor, so this takes a few seconds per key.
 */
export async function startUnit(options: UnitOptions = {}): Promise<Unit> {
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-web-e2e-"));
  const server = await Server.start(join(dir, "data"), options.serverArgs ?? []);
  const cli = new Cli(dir, { SANCTUARY_SERVER: server.url });
  try {
    cli.ok(["unit", "init", "--out", "unit.key", "--name", options.name ?? "Riverside Unit"]);
    const unitId = cli.ok(["unit", "id", "--key", "unit.key"]).stdout.trim();
    const caseworkers: Caseworker[] = [];
    for (const label of options.caseworkers ?? ["PC-Jones"]) {
      const key = `${label}.key`;
      const card = cli.ok(["caseworker", "init", "--out", key, "--label", label]).stdout.trim();
      caseworkers.push({ label, key, store: `${label}-store`, card });
    }
    const unit = new Unit(dir, server, cli, unitId, caseworkers);
    unit.publish(
      caseworkers.map((c) => c.label),
      ["--enroll", server.enrollmentCode(), ...(options.publishArgs ?? [])],
    );
    return unit;
  } catch (e) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Debian's chromium, headless, with the flags this closed network needs,
 * and any extra flags (e.g. `--js-flags=--jitless`).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = process.env.SANCTUARY_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`chromium not found at ${executablePath}: apt-get install chromium (see .ci/run)`);
  }
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** Phone and desktop viewports the screenshots are taken at. */
export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;

/** Saves a full-page screenshot as test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true });
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A violation axe-core reports. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string | undefined }[];
}

/**
 * Runs axe-core on the page for WCAG 2.0/2.1/2.2 A and AA rules and
 * returns the violations (an empty list is a pass).
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) {
    // Evaluated through the DevTools protocol, which the page's CSP does not
    // govern (a <script> tag would be refused, as it should be).
    await page.evaluate(readFileSync(join(webRoot, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  }
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
    };
    const r = await w.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** Formats axe violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`)
    .join("\n");
}

/** Writes a file into the unit's folder and returns its path. */
export function writeFile(unit: Unit, name: string, data: string | Uint8Array): string {
  const path = join(unit.dir, name);
  writeFileSync(path, data);
  return path;
}
