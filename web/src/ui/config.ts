// What the page is told by its own address: the unit (`#unit=sanctuary1…`,
// from the poster's link or QR code) and, for the standalone file, the
// server (`&server=https://host`). The fragment never reaches a server. It
// is read once, at start, and left as it is: it is not secret, and changing
// it would add a history entry.

/** Where the page starts from. */
export interface StartConfig {
  /** The unit ID from the link, as given (not yet checked), or "". */
  unit: string;
  /** The server's origin ("" = the page's own origin), or null when the reporter must type it. */
  server: string | null;
  /** A `server=` was given but is not a usable address. */
  badServer: boolean;
}

/**
 * A server address the page may talk to: an https origin, an http onion
 * service, or this machine (for testing). Returns its origin, or null.
 * Only origins are accepted (no path, query or fragment), as the CLI does.
 */
export function serverOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const local = host === "127.0.0.1" || host === "localhost" || host === "[::1]";
  if (url.protocol === "https:") return url.origin;
  if (url.protocol === "http:" && (host.endsWith(".onion") || local)) return url.origin;
  return null;
}

/** Reads the unit and server from a location (`location` in the page). */
export function readConfig(loc: { protocol: string; hash: string }): StartConfig {
  const params = new URLSearchParams(loc.hash.startsWith("#") ? loc.hash.slice(1) : loc.hash);
  const unit = (params.get("unit") ?? "").trim();
  const given = params.get("server");
  if (given !== null) {
    const origin = serverOrigin(given);
    if (origin !== null) return { unit, server: origin, badServer: false };
    return { unit, server: null, badServer: true };
  }
  // Served by sanctuary-server: talk to the page's own origin. Opened
  // from a file: there is no origin to talk to, so ask.
  return { unit, server: loc.protocol === "file:" ? null : "", badServer: false };
}

/** Whether the page talks to a server over plain http across a network. */
export function isPlainHttp(server: string, loc: { protocol: string; hostname: string }): boolean {
  const target = server === "" ? `${loc.protocol}//${loc.hostname}` : server;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return url.protocol === "http:" && !host.endsWith(".onion") && host !== "127.0.0.1" && host !== "localhost" &&
    host !== "[::1]";
}
