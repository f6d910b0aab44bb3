// File names, as the CLI makes them (client-cli/src/names.rs): a neutral
// name for each file sent (`attachment-2.jpg`) unless the reporter chooses
// to send the real one, and a safe name for files downloaded from a reply.

const MAX_STEM = 80;

function cleanExtension(ext: string): string {
  return [...ext.replace(/^\.+/, "")]
    .filter((c) => /^[A-Za-z0-9]$/.test(c))
    .slice(0, 10)
    .join("")
    .toLowerCase();
}

/** The extension of a file name ("" when none), cleaned. */
export function extensionOf(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? cleanExtension(base.slice(dot + 1)) : "";
}

/** The neutral name of the `n`th file of a message (1-based). */
export function neutralName(n: number, extension: string): string {
  const ext = cleanExtension(extension);
  return ext === "" ? `attachment-${n}` : `attachment-${n}.${ext}`;
}

/**
 * A name made safe to show and to save: no folders, no hidden files, no
 * control or reserved characters, at most 80 characters before the
 * extension.
 */
export function safeName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = [...base]
    .map((c) => (/^[\p{L}\p{N}._\- ()]$/u.test(c) ? c : "_"))
    .join("")
    .trim()
    .replace(/^\.+/, "")
    .trim();
  const dot = cleaned.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [cleaned.slice(0, dot), cleanExtension(cleaned.slice(dot + 1))] : [cleaned, ""];
  const shortStem = [...stem].slice(0, MAX_STEM).join("").trim() || "attachment";
  return ext === "" ? shortStem : `${shortStem}.${ext}`;
}
