// Detecting a file's kind from its first bytes ("magic numbers"), never
// from its name or the browser's idea of its type.

/** The kind of a file. */
export type FileKind = "jpeg" | "png" | "webp" | "other";

/** How many leading bytes {@link kindOf} looks at. */
export const HEAD_LENGTH = 12;

/** The kind of a file, from its first bytes. */
export function kindOf(head: Uint8Array): FileKind {
  const at = (offset: number, magic: readonly number[]) => magic.every((b, i) => head[offset + i] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return "webp"; // RIFF … WEBP
  return "other";
}

/** The media type of each kind. */
export const MEDIA_TYPES: Readonly<Record<FileKind, string>> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  other: "application/octet-stream",
};

/** The usual file name extension of each kind, without a dot. */
export const EXTENSIONS: Readonly<Record<FileKind, string>> = {
  jpeg: "jpg",
  png: "png",
  webp: "webp",
  other: "bin",
};
