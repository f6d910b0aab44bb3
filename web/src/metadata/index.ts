// Finding and removing identifying metadata from photos, in the browser.
//
// A photo's EXIF GPS position, a camera's serial number or an author's name
// can identify the person who reports a crime. Before a file is sealed, the
// page calls `inspect` to tell the reporter what the file gives away, and
// `clean` to get a copy without it. The kind of file comes from its first
// bytes, never its name or the browser's media type. The same removal table
// as the Rust client (client-cli/src/metadata/mod.rs):
//
// | Kind | Removed | Kept byte for byte |
// | --- | --- | --- |
// | JPEG | EXIF, XMP and every other APP1; IPTC/Photoshop (APP13); comments; APP3–APP12, APP15 (MPF, JFXX thumbnails, C2PA, maker blocks); data after the end of the image | the scans (SOS to EOI), tables, JFIF, the ICC profile (APP2), Adobe (APP14) |
// | PNG | eXIf, tEXt, zTXt, iTXt, tIME and unknown ancillary chunks; data after IEND | IHDR, PLTE, IDAT, IEND, colour and animation chunks (iCCP, sRGB, gAMA, pHYs, acTL…), with their CRCs |
// | WebP | EXIF, XMP and unknown chunks (the VP8X flags and RIFF size are updated) | VP8/VP8L/ALPH/ANIM/ANMF image data, ICCP |
//
// Images are never re-encoded. If the EXIF block said the picture must be
// rotated to be shown upright, a minimal EXIF block holding only that
// orientation replaces it. Anything else ("other": PDF, video, HEIC…) is not
// cleanable: the page must say so. Contents are untrusted: a damaged file
// gives a MetadataError, never another exception, and every loop is bounded.

import { Budget } from "./budget.js";
import { type Bytes, concat } from "./bytes.js";
import { EXTENSIONS, type FileKind, HEAD_LENGTH, MEDIA_TYPES, kindOf } from "./detect.js";
import { MetadataError } from "./errors.js";
import type { Finding, Plan } from "./findings.js";
import { planJpeg } from "./jpeg.js";
import { planPng } from "./png.js";
import { planWebp } from "./webp.js";

export type { FileKind } from "./detect.js";
export { METADATA_ERROR_CODES, MetadataError, type MetadataErrorCode } from "./errors.js";
export {
  FINDING_CATEGORIES,
  FINDING_WHATS,
  type Finding,
  type FindingCategory,
  type FindingWhat,
  MAX_FINDINGS,
} from "./findings.js";

/** What {@link inspect} learnt about a file. */
export interface Inspection {
  /** The kind detected from the first bytes. */
  kind: FileKind;
  /** `image/jpeg`, `image/png`, `image/webp`, or `application/octet-stream` for other files. */
  mediaType: string;
  /** Whether {@link clean} can remove the metadata: false for other files and files over {@link MAX_CLEANABLE_SIZE}. */
  cleanable: boolean;
  /**
   * The identifying metadata found, most revealing category first, at most
   * `MAX_FINDINGS` distinct ones (and then one `more` finding with the count
   * left out). Empty when nothing was found or the file was not checked.
   */
  findings: Finding[];
}

/**
 * Files larger than this (64 MiB) are not loaded: they are reported as not
 * cleanable. Cleaning holds the file and its cleaned copy in memory, on a
 * phone; real photos are far smaller.
 */
export const MAX_CLEANABLE_SIZE = 64 * 1024 * 1024;

/** The usual file name extension of a kind, without a dot: `jpg`, `png`, `webp`, or `bin`. */
export function extensionFor(kind: FileKind): string {
  return EXTENSIONS[kind];
}

/**
 * Finds the identifying metadata in `file`. Only its first bytes are read
 * if it is not a JPEG, PNG or WebP, or is over {@link MAX_CLEANABLE_SIZE}.
 *
 * @throws {MetadataError} `corrupt` for a damaged JPEG, PNG or WebP;
 *   `unreadable` if the browser cannot read the file.
 */
export async function inspect(file: Blob): Promise<Inspection> {
  return guarded(async () => {
    const kind = kindOf(await read(file.slice(0, HEAD_LENGTH)));
    const mediaType = MEDIA_TYPES[kind];
    if (kind === "other" || file.size > MAX_CLEANABLE_SIZE) {
      return { kind, mediaType, cleanable: false, findings: [] };
    }
    const plan = await planOf(kind, await readWhole(file));
    return { kind, mediaType, cleanable: true, findings: plan.findings };
  });
}

/**
 * A copy of `file` without its identifying metadata, of the same kind
 * (and media type). The copy is inspected again before it is returned: if
 * anything identifying remained, it is not returned.
 *
 * @throws {MetadataError} `unsupported` for other kinds of file;
 *   `too-large` over {@link MAX_CLEANABLE_SIZE}; `corrupt` for a damaged
 *   file; `incomplete` if the copy was not clean; `unreadable` if the
 *   browser cannot read the file.
 */
export async function clean(file: Blob): Promise<Blob> {
  return guarded(async () => {
    const kind = kindOf(await read(file.slice(0, HEAD_LENGTH)));
    if (kind === "other") throw new MetadataError("unsupported", "hidden details cannot be removed from this kind of file");
    if (file.size > MAX_CLEANABLE_SIZE) throw tooLarge();
    const cleaned = await cleanKnown(kind, await readWhole(file));
    return new Blob([cleaned], { type: MEDIA_TYPES[kind] });
  });
}

/** Like {@link inspect}, for a file already in memory. */
export async function inspectBytes(data: Uint8Array): Promise<Inspection> {
  return guarded(async () => {
    const kind = kindOf(data);
    const mediaType = MEDIA_TYPES[kind];
    if (kind === "other" || data.length > MAX_CLEANABLE_SIZE) {
      return { kind, mediaType, cleanable: false, findings: [] };
    }
    const plan = await planOf(kind, new Uint8Array(data));
    return { kind, mediaType, cleanable: true, findings: plan.findings };
  });
}

/** Like {@link clean}, for a file already in memory: the cleaned bytes. */
export async function cleanBytes(data: Uint8Array): Promise<Uint8Array> {
  return guarded(async () => {
    const kind = kindOf(data);
    if (kind === "other") throw new MetadataError("unsupported", "hidden details cannot be removed from this kind of file");
    if (data.length > MAX_CLEANABLE_SIZE) throw tooLarge();
    return cleanKnown(kind, new Uint8Array(data));
  });
}

function tooLarge(): MetadataError {
  return new MetadataError("too-large", `the file is larger than ${MAX_CLEANABLE_SIZE / (1024 * 1024)} MiB`);
}

/** Cleans a file of a cleanable kind and checks the result. */
async function cleanKnown(kind: Exclude<FileKind, "other">, data: Bytes): Promise<Bytes> {
  const cleaned = concat((await planOf(kind, data)).cleaned);
  const remaining = (await planOf(kind, cleaned)).findings.length;
  if (remaining > 0) {
    throw new MetadataError("incomplete", `the file could not be fully cleaned (${remaining} hidden details remained)`);
  }
  return cleaned;
}

/** What cleaning a file of a cleanable kind removes, and the cleaned file in pieces. */
async function planOf(kind: Exclude<FileKind, "other">, data: Bytes): Promise<Plan> {
  const budget = new Budget();
  switch (kind) {
    case "jpeg":
      return planJpeg(data, budget);
    case "png":
      return planPng(data, budget);
    case "webp":
      return planWebp(data, budget);
  }
}

/** The bytes of a blob. */
async function read(blob: Blob): Promise<Bytes> {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch (e) {
    throw new MetadataError("unreadable", "the file could not be read", { cause: e });
  }
}

/** The whole file, at most {@link MAX_CLEANABLE_SIZE} bytes. */
async function readWhole(file: Blob): Promise<Bytes> {
  const data = await read(file.slice(0, MAX_CLEANABLE_SIZE + 1));
  if (data.length > MAX_CLEANABLE_SIZE) throw tooLarge();
  return data;
}

/**
 * Runs the parsers on untrusted bytes, turning any other exception (which
 * would be a bug here, or the browser running out of memory) into a
 * `corrupt` MetadataError, so that callers handle exactly one error type.
 */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof MetadataError) throw e;
    throw new MetadataError("corrupt", "the file could not be read safely", { cause: e });
  }
}
