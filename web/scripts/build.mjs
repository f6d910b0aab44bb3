// Builds the reporter page into dist/ reproducibly: the same sources and
// lock file give the same bytes, which CI checks (`git diff --exit-code`).
//
//   dist/app.js                  the bundled, minified script
//   dist/app.css                 the stylesheet
//   dist/index.html              the page the server embeds; it loads the two
//                                files above with Subresource Integrity
//   dist/sanctuary-reporter.html one self-contained file (script and style
//                                inline, allowed by hash in its own CSP)
//   dist/manifest.json           SHA-256 of each file, which
//                                `sanctuary web verify` compares
//
// and the caseworker's inbox, which `sanctuary case ui` embeds and serves on
// 127.0.0.1 (not in the manifest: the reporter's server never serves it):
//
//   dist/inbox.js, dist/inbox.css, dist/inbox.html (loads the two with SRI)
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
mkdirSync(dist, { recursive: true });

/** Bundles one entry point into a single minified script. */
async function bundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2022", "chrome100", "firefox115", "safari16"],
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

const js = await bundle(join(root, "src", "main.ts"));
// The palette and box model both pages share, then the page's own rules.
const base = readFileSync(join(root, "src", "base.css"), "utf8");
const css = base + "\n" + readFileSync(join(root, "src", "styles.css"), "utf8");
const template = readFileSync(join(root, "src", "index.html"), "utf8");

// Replacements are functions: a replacement string would give "$&" and
// friends (which minified code contains) their special meaning.
const sri = (text) => "sha384-" + createHash("sha384").update(text, "utf8").digest("base64");
const cspHash = (text) => "'sha256-" + createHash("sha256").update(text, "utf8").digest("base64") + "'";

// Served by sanctuary-server: its CSP header does the work, the files are
// pinned by SRI.
const served = template
  .replace("{{CSP_META}}", () => "")
  .replace("{{STYLE}}", () => `<link rel="stylesheet" href="app.css" integrity="${sri(css)}">`)
  .replace("{{SCRIPT}}", () => `<script src="app.js" integrity="${sri(js)}" defer></script>`);

// Self-contained: it may be opened from disk or hosted anywhere, so its CSP
// lives in a meta tag and names the inline script and style by hash. It
// talks only to the server address it is given (https, an onion service,
// or this machine for testing).
const inlineJs = js.replace(/<\/script/gi, "<\\/script");
const csp = [
  "default-src 'none'",
  `script-src ${cspHash(inlineJs)}`,
  `style-src ${cspHash(css)}`,
  "img-src blob: data:",
  "connect-src https: http://*.onion http://127.0.0.1:* http://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const standalone = template
  .replace("{{CSP_META}}", () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace("{{STYLE}}", () => `<style>${css}</style>`)
  .replace("{{SCRIPT}}", () => `<script>${inlineJs}</script>`);

const files = {
  "app.js": js,
  "app.css": css,
  "index.html": served,
  "sanctuary-reporter.html": standalone,
};
const manifest = {};
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(dist, name), text);
  manifest[name] = createHash("sha256").update(text, "utf8").digest("hex");
}
writeFileSync(join(dist, "manifest.json"), JSON.stringify({ files: manifest }, null, 2) + "\n");
const gz = (await import("node:zlib")).gzipSync(js).length;
console.log(`built dist/: app.js ${js.length} bytes (${gz} gzipped), app.css ${css.length} bytes`);

// The caseworker's inbox, served by `sanctuary case ui` under its own CSP
// header (script-src 'self'; style-src 'self'), pinned by SRI.
const inboxJs = await bundle(join(root, "src", "inbox", "main.ts"));
const inboxCss = base + "\n" + readFileSync(join(root, "src", "inbox", "inbox.css"), "utf8");
const inboxHtml = readFileSync(join(root, "src", "inbox", "inbox.html"), "utf8")
  .replace("{{STYLE}}", () => `<link rel="stylesheet" href="/inbox.css" integrity="${sri(inboxCss)}">`)
  .replace("{{SCRIPT}}", () => `<script src="/inbox.js" integrity="${sri(inboxJs)}" defer></script>`);
writeFileSync(join(dist, "inbox.js"), inboxJs);
writeFileSync(join(dist, "inbox.css"), inboxCss);
writeFileSync(join(dist, "inbox.html"), inboxHtml);
console.log(`built dist/: inbox.js ${inboxJs.length} bytes, inbox.css ${inboxCss.length} bytes`);
