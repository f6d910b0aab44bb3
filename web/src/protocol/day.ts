// Calendar days in UTC, `YYYY-MM-DD` (protocol §1): the finest time any
// Sanctuary format carries. Mirrors crypto/src/day.rs.

const MS_PER_DAY = 86_400_000;
const MAX_DAY = 2_932_896; // 9999-12-31

/** The number of days since 1970-01-01 of a `YYYY-MM-DD` day between
 * 1970-01-01 and 9999-12-31, or null. */
export function dayNumber(text: unknown): number | null {
  if (typeof text !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return null;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (y < 1970 || m < 1 || m > 12 || d < 1) return null;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March: refuse such days.
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  const n = ms / MS_PER_DAY;
  return n <= MAX_DAY ? n : null;
}

/** The `YYYY-MM-DD` form of a day number. */
export function formatDay(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Today in UTC, `YYYY-MM-DD`, by this device's clock. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
