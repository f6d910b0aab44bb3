// The one error type of this module.

/**
 * Why a file could not be inspected or cleaned, as a stable code the page
 * translates:
 *
 * - `corrupt`: the file says it is a JPEG, PNG or WebP but is damaged or
 *   truncated;
 * - `unsupported`: `clean` was given a kind of file it cannot clean;
 * - `too-large`: `clean` was given a file over `MAX_CLEANABLE_SIZE`;
 * - `incomplete`: the cleaned copy still had hidden details, so it was
 *   not returned (a damaged part that could not be cleaned);
 * - `unreadable`: the browser could not read the file (it was moved or
 *   changed after it was chosen).
 */
export type MetadataErrorCode = "corrupt" | "unsupported" | "too-large" | "incomplete" | "unreadable";

/** Every {@link MetadataErrorCode}, for translation tables and their tests. */
export const METADATA_ERROR_CODES: readonly MetadataErrorCode[] = [
  "corrupt",
  "unsupported",
  "too-large",
  "incomplete",
  "unreadable",
];

/**
 * The only error `inspect` and `clean` throw. The message is short plain
 * English for logs and tests; the page shows a translation of `code`.
 * It never quotes the file's contents.
 */
export class MetadataError extends Error {
  /** What went wrong, as a stable code. */
  readonly code: MetadataErrorCode;

  constructor(code: MetadataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MetadataError";
    this.code = code;
  }
}

/** A `corrupt` error for a damaged file of `kind`. */
export function corrupt(kind: string, reason: string): MetadataError {
  return new MetadataError("corrupt", `the ${kind} file is damaged or incomplete: ${reason}`);
}
