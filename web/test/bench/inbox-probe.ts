// Installed in the caseworker's inbox page before the page's own script
// (playwright's addInitScript, which the page's CSP does not govern) by
// test/bench/inbox.ts, bundled by scripts/bench.mjs. It times what the
// caseworker sees without changing the page: the page's code runs as
// shipped, and this only watches the DOM, the Resource Timing entries of
// the API requests and the main thread's long tasks. Every time is
// `performance.now()`, in ms since the navigation started.

/** When a change to the DOM was made, and the frame that showed it. */
export interface Shown {
  /** The DOM change was made (the page's script that made it had ended). */
  dom: number;
  /** The next frame began (requestAnimationFrame). */
  frame: number;
  /** That frame's style, layout and paint were done (a task after it). */
  painted: number;
}

/** A request's Resource Timing entry. */
export interface RequestTiming {
  start: number;
  /** First byte of the answer (the program's work is before it). */
  firstByte: number;
  end: number;
  /** Bytes of the body as sent. */
  bytes: number;
}

/** A long task (≥ 50 ms) of the main thread. */
export interface LongTask {
  start: number;
  duration: number;
}

/** The inbox's first rows, from the navigation. */
export interface Load extends Shown {
  /** `GET /api/inbox`. */
  api: RequestTiming;
  /** Rows drawn, and what the summary says. */
  rows: number;
  summary: string;
  /** Long tasks from the answer's end to the frame painted. */
  longTasks: LongTask[];
}

/** A thread opened from its row. */
export interface Open extends Shown {
  /** When the row was clicked. */
  start: number;
  /** `GET /api/threads/ID` (the last one: made before the click if the page fetched it ahead). */
  api: RequestTiming;
  /** Requests for the thread before the click (the page fetches a row's thread when the pointer rests on it). */
  before: number;
  heading: string;
  longTasks: LongTask[];
}

/** A change of the status filter. */
export interface Filter extends Shown {
  /** When the choice changed. */
  start: number;
  /** `GET /api/inbox` with the new filter. */
  api: RequestTiming;
  rows: number;
  longTasks: LongTask[];
}

const longTasks: LongTask[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch {
  // No longtask entries in this browser: none are reported.
}

/** Resolves when `ready()` first holds after a change to the DOM (or now). */
function whenShown(ready: () => boolean): Promise<Shown> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => check());
    const check = (): boolean => {
      if (!ready()) return false;
      observer.disconnect();
      const dom = performance.now();
      requestAnimationFrame(() => {
        const frame = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ dom, frame, painted: performance.now() });
        channel.port2.postMessage(null);
      });
      return true;
    };
    if (!check()) observer.observe(document, { childList: true, subtree: true, characterData: true });
  });
}

/** Waits until the long tasks so far have been reported. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200));
}

/** The long tasks that overlap `from`..`to`. */
function tasksBetween(from: number, to: number): LongTask[] {
  return longTasks.filter((t) => t.start + t.duration > from && t.start < to);
}

/** The last request to `path` (same origin, so every timing is there). */
function request(path: string): RequestTiming {
  const entries = performance
    .getEntriesByType("resource")
    .filter((e): e is PerformanceResourceTiming => new URL(e.name).pathname === path);
  const e = entries[entries.length - 1];
  if (!e) throw new Error(`no request to ${path} was timed`);
  return { start: e.startTime, firstByte: e.responseStart, end: e.responseEnd, bytes: e.encodedBodySize };
}

/** The first rows of the inbox this document shows (from its navigation). */
const loaded: Promise<Load> = whenShown(() => document.querySelector("#threads li") !== null).then(async (shown) => {
  await settle();
  const api = request("/api/inbox");
  return {
    ...shown,
    api,
    rows: document.querySelectorAll("#threads li").length,
    summary: document.getElementById("inbox-summary")?.textContent ?? "",
    longTasks: tasksBetween(api.end, shown.painted),
  };
});

/** Clicks the row `index` of the inbox and waits for the thread's heading. */
async function openThread(index: number): Promise<Open> {
  const link = document.querySelectorAll<HTMLAnchorElement>("#threads a.thread-link")[index];
  const id = link?.dataset["id"];
  if (!link || !id) throw new Error(`the inbox has no row ${index}`);
  const heading = () => document.getElementById("view-title")?.textContent ?? "";
  const opened = whenShown(() => heading().startsWith("Thread "));
  const path = `/api/threads/${id}`;
  const before = performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname === path).length;
  const start = performance.now();
  link.click();
  const shown = await opened;
  await settle();
  return { start, ...shown, api: request(path), before, heading: heading(), longTasks: tasksBetween(start, shown.painted) };
}

/** Chooses `value` in the status filter, as a person would, and waits for the rows. */
async function filter(value: string): Promise<Filter> {
  const select = document.getElementById("filter-status");
  if (!(select instanceof HTMLSelectElement)) throw new Error("the inbox has no status filter");
  if (select.value === value) throw new Error(`the status filter is already ${value}`);
  // The program filters: done when the page has drawn its answer (the summary changes last).
  const summary = (): string => document.getElementById("inbox-summary")?.textContent ?? "";
  const before = summary();
  const start = performance.now();
  select.value = value;
  select.dispatchEvent(new Event("input", { bubbles: true }));
  select.dispatchEvent(new Event("change", { bubbles: true }));
  const shown = await whenShown(() => summary() !== before);
  await settle();
  return {
    start,
    ...shown,
    api: request("/api/inbox"),
    rows: document.querySelectorAll("#threads li").length,
    longTasks: tasksBetween(start, shown.painted),
  };
}

(globalThis as unknown as { inboxBench: unknown }).inboxBench = { loaded, openThread, filter };
