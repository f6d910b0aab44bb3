// Reading XMP packets into findings, without an XML library.
//
// The packet is scanned once, left to right, as a flat list of tags and
// text (no DTDs, no entities beyond XML's own): it only has to find the
// properties that identify people, places, devices and dates. Properties
// may be elements or attributes of `rdf:Description`, with any namespace
// prefix, so prefixes are resolved to namespace URIs; values nested in
// `rdf:Seq`/`rdf:Bag`/`rdf:Alt` lists or structures belong to the
// outermost property. Work is bounded: at most MAX_XMP_BYTES of a packet
// and MAX_TOKENS tags and texts are read.

import { type Bytes, utf8Lossy } from "./bytes.js";
import { type Finding, type FindingCategory, type FindingWhat, finding } from "./findings.js";
import { dated, isWhiteSpace, position, quoted, trimBy, trimWhiteSpace } from "./text.js";

/** The most bytes of one packet that are read (real packets are a few kilobytes). */
const MAX_XMP_BYTES = 4 * 1024 * 1024;
/** The most tags and texts read from one packet. */
const MAX_TOKENS = 1_000_000;

type Ns =
  | "rdf" | "meta" | "dc" | "xmp" | "xmpMM" | "xmpRights" | "pdf" | "exif" | "exifEX" | "tiff" | "aux"
  | "photoshop" | "iptcCore" | "iptcExt" | "unknown";

const NAMESPACES = new Map<string, Ns>([
  ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"],
  ["adobe:ns:meta/", "meta"],
  ["http://purl.org/dc/elements/1.1/", "dc"],
  ["http://ns.adobe.com/xap/1.0/", "xmp"],
  ["http://ns.adobe.com/xap/1.0/mm/", "xmpMM"],
  ["http://ns.adobe.com/xap/1.0/rights/", "xmpRights"],
  ["http://ns.adobe.com/pdf/1.3/", "pdf"],
  ["http://ns.adobe.com/exif/1.0/", "exif"],
  ["http://cipa.jp/exif/1.0/", "exifEX"],
  ["http://ns.adobe.com/tiff/1.0/", "tiff"],
  ["http://ns.adobe.com/exif/1.0/aux/", "aux"],
  ["http://ns.adobe.com/photoshop/1.0/", "photoshop"],
  ["http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/", "iptcCore"],
  ["http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "iptcExt"],
]);

/** A property name: namespace and local name. */
interface Prop {
  ns: Ns;
  name: string;
}

/** The findings in an XMP packet. Never empty for a non-empty packet that cannot be read. */
export function xmpFindings(packet: Bytes): Finding[] {
  const text = utf8Lossy(packet.subarray(0, MAX_XMP_BYTES));
  return xmpTextFindings(text, packet.length <= MAX_XMP_BYTES);
}

/** As {@link xmpFindings}, for a packet already decoded (from a PNG text chunk). */
export function xmpTextFindings(packet: string, whole = true): Finding[] {
  const text = trimBy(packet.slice(0, MAX_XMP_BYTES), (c) => c === "\0" || isWhiteSpace(c));
  if (text === "") return [];
  const { found, complete } = properties(text);
  const findings = describe(found);
  if ((!complete || !whole || packet.length > MAX_XMP_BYTES) && findings.length === 0) {
    findings.push(finding("other", "xmp"));
  }
  return findings;
}

/** Decodes XML's predefined entities and character references; others are left as they are. */
function unescape(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    switch (ref) {
      case "amp": return "&";
      case "lt": return "<";
      case "gt": return ">";
      case "quot": return '"';
      case "apos": return "'";
      default: {
        const code = ref.startsWith("#x") ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        return valid ? String.fromCodePoint(code) : whole;
      }
    }
  });
}

const NAME = /^[^\s/>]+/;

/**
 * The `name="value"` pairs of a tag's body (after its name), read in one
 * pass; anything that is not such a pair is skipped.
 */
function parseAttributes(body: string): [string, string][] {
  const pairs: [string, string][] = [];
  const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";
  let i = 0;
  while (i < body.length) {
    while (i < body.length && (isSpace(body.charAt(i)) || body.charAt(i) === "/")) i++;
    const nameStart = i;
    while (i < body.length && !isSpace(body.charAt(i)) && !"=/>\"'".includes(body.charAt(i))) i++;
    const name = body.slice(nameStart, i);
    while (i < body.length && isSpace(body.charAt(i))) i++;
    if (name === "" || body.charAt(i) !== "=") {
      if (i === nameStart) i++;
      continue;
    }
    i++;
    while (i < body.length && isSpace(body.charAt(i))) i++;
    const quote = body.charAt(i);
    if (quote !== '"' && quote !== "'") continue;
    const end = body.indexOf(quote, i + 1);
    if (end < 0) break;
    pairs.push([name, body.slice(i + 1, end)]);
    i = end + 1;
  }
  return pairs;
}

/** An open element: its name, the property values inside it belong to, and the prefixes it declared. */
interface Open {
  qname: string;
  property: Prop | undefined;
  declared: string[];
}

/** Every (property, value) pair of the packet, and whether it was read to the end without an error. */
function properties(xml: string): { found: [Prop, string][]; complete: boolean } {
  const found: [Prop, string][] = [];
  const stack: Open[] = [];
  // The namespace each prefix is bound to, innermost declaration last.
  const bindings = new Map<string, string[]>([["xml", ["http://www.w3.org/XML/1998/namespace"]]]);
  const nsOf = (prefix: string): Ns => {
    const uris = bindings.get(prefix);
    const uri = uris?.[uris.length - 1];
    return uri === undefined ? "unknown" : (NAMESPACES.get(uri) ?? "unknown");
  };
  const current = (): Prop | undefined => stack[stack.length - 1]?.property;
  const close = (): Open | undefined => {
    const open = stack.pop();
    for (const prefix of open?.declared ?? []) bindings.get(prefix)?.pop();
    return open;
  };

  let i = 0;
  for (let tokens = 0; i < xml.length; tokens++) {
    if (tokens >= MAX_TOKENS) return { found, complete: false };
    const lt = xml.indexOf("<", i);
    const text = trimWhiteSpace(xml.slice(i, lt < 0 ? xml.length : lt));
    const inside = current();
    if (text !== "" && inside !== undefined) found.push([inside, unescape(text)]);
    if (lt < 0) break;
    const skipTo = (end: string, from: number): number => {
      const at = xml.indexOf(end, from);
      return at < 0 ? -1 : at + end.length;
    };
    if (xml.startsWith("<?", lt)) {
      i = skipTo("?>", lt + 2);
    } else if (xml.startsWith("<!--", lt)) {
      i = skipTo("-->", lt + 4);
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end >= 0 && inside !== undefined) found.push([inside, xml.slice(lt + 9, end)]);
      i = end < 0 ? -1 : end + 3;
    } else if (xml.startsWith("<!", lt)) {
      i = skipTo(">", lt + 2);
    } else if (xml.startsWith("</", lt)) {
      const end = xml.indexOf(">", lt + 2);
      const open = close();
      if (end < 0 || open === undefined || trimWhiteSpace(xml.slice(lt + 2, end)) !== open.qname) {
        return { found, complete: false };
      }
      i = end + 1;
    } else {
      const end = tagEnd(xml, lt + 1);
      if (end < 0) return { found, complete: false };
      const body = xml.slice(lt + 1, end);
      const qname = NAME.exec(body)?.[0];
      if (qname === undefined) return { found, complete: false };
      const attributes = parseAttributes(body.slice(qname.length));
      const declared: string[] = [];
      for (const [key, value] of attributes) {
        const prefix = key === "xmlns" ? "" : key.startsWith("xmlns:") ? key.slice(6) : undefined;
        if (prefix === undefined) continue;
        const uris = bindings.get(prefix) ?? [];
        uris.push(unescape(value));
        bindings.set(prefix, uris);
        declared.push(prefix);
      }
      const [prefix, local] = splitName(qname);
      const own: Prop = { ns: nsOf(prefix), name: local };
      const property = inside ?? (own.ns === "rdf" || own.ns === "meta" ? undefined : own);
      stack.push({ qname, property, declared });
      for (const [key, raw] of attributes) {
        if (key === "xmlns" || key.startsWith("xmlns:")) continue;
        const [attributePrefix, attributeLocal] = splitName(key);
        // Unprefixed attributes belong to no namespace; xml:lang and RDF syntax say nothing.
        if (attributePrefix === "" || attributePrefix === "xml") continue;
        const ns = nsOf(attributePrefix);
        if (ns === "rdf" || ns === "meta") continue;
        const value = unescape(raw.replace(/[\t\n\r]/g, " "));
        found.push([property ?? { ns, name: attributeLocal }, value]);
      }
      if (body.endsWith("/")) {
        // An empty property element still exists: record it.
        if (property !== undefined) found.push([property, ""]);
        close();
      }
      i = end + 1;
    }
    if (i < 0) return { found, complete: false };
  }
  return { found, complete: true };
}

/** The index of the `>` closing a tag that starts at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(xml: string, from: number): number {
  let quote = "";
  for (let i = from; i < xml.length; i++) {
    const c = xml.charAt(i);
    if (quote !== "") {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ">") {
      return i;
    } else if (c === "<") {
      return -1;
    }
  }
  return -1;
}

/** `prefix:local` split in two; the prefix is "" when there is none. */
function splitName(qname: string): [string, string] {
  const colon = qname.indexOf(":");
  return colon < 0 ? ["", qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/** How a recognised property is reported. */
type Shown =
  | { kind: "quoted"; category: FindingCategory; what: FindingWhat }
  | { kind: "date" }
  | { kind: "fixed"; category: FindingCategory; what: FindingWhat }
  | { kind: "latitude" | "longitude" | "gps" | "setting" | "harmless" | "unknown" };

const HARMLESS = new Set([
  "dc:format", "pdf:PDFVersion", "pdf:Trapped", "photoshop:ColorMode", "photoshop:ICCProfile",
  "tiff:Orientation", "tiff:XResolution", "tiff:YResolution", "tiff:ResolutionUnit", "tiff:ImageWidth",
  "tiff:ImageLength", "tiff:BitsPerSample", "tiff:Compression", "tiff:PhotometricInterpretation",
  "tiff:SamplesPerPixel", "tiff:YCbCrPositioning", "tiff:YCbCrSubSampling", "tiff:PlanarConfiguration",
  "exif:PixelXDimension", "exif:PixelYDimension", "exif:ColorSpace", "exif:ExifVersion", "exif:FlashpixVersion",
  "exif:ComponentsConfiguration", "exif:GPSVersionID",
]);

const quotedAs = (category: FindingCategory, what: FindingWhat): Shown => ({ kind: "quoted", category, what });
const fixedAs = (category: FindingCategory, what: FindingWhat): Shown => ({ kind: "fixed", category, what });

/** Properties reported, by `namespace:name` (as the Rust client's table). */
const SHOWN = new Map<string, Shown>([
  ["exif:GPSLatitude", { kind: "latitude" }],
  ["exif:GPSLongitude", { kind: "longitude" }],
  ["tiff:Make", quotedAs("device", "camera-make")],
  ["tiff:Model", quotedAs("device", "camera-model")],
  ["aux:SerialNumber", quotedAs("device", "serial")],
  ["exifEX:BodySerialNumber", quotedAs("device", "serial")],
  ["aux:Lens", quotedAs("device", "camera-model")],
  ["exifEX:LensModel", quotedAs("device", "camera-model")],
  ["exifEX:LensMake", quotedAs("device", "camera-make")],
  ["aux:LensSerialNumber", quotedAs("device", "lens-serial")],
  ["exifEX:LensSerialNumber", quotedAs("device", "lens-serial")],
  ["aux:OwnerName", quotedAs("person", "owner")],
  ["exifEX:CameraOwnerName", quotedAs("person", "owner")],
  ["dc:creator", quotedAs("person", "author")],
  ["pdf:Author", quotedAs("person", "author")],
  ["tiff:Artist", quotedAs("person", "author")],
  ["dc:rights", quotedAs("person", "copyright")],
  ["tiff:Copyright", quotedAs("person", "copyright")],
  ["xmpRights:Owner", quotedAs("person", "owner")],
  ["dc:contributor", quotedAs("person", "author")],
  ["dc:publisher", quotedAs("person", "author")],
  ["photoshop:AuthorsPosition", quotedAs("person", "author")],
  ["photoshop:CaptionWriter", quotedAs("person", "author")],
  ["photoshop:Credit", quotedAs("person", "author")],
  ["iptcCore:CreatorContactInfo", quotedAs("person", "author")],
  ["xmp:CreateDate", { kind: "date" }],
  ["photoshop:DateCreated", { kind: "date" }],
  ["xmp:ModifyDate", { kind: "date" }],
  ["tiff:DateTime", { kind: "date" }],
  ["xmp:MetadataDate", { kind: "date" }],
  ["exif:DateTimeOriginal", { kind: "date" }],
  ["exif:DateTimeDigitized", { kind: "date" }],
  ["xmp:CreatorTool", quotedAs("software", "software")],
  ["pdf:Producer", quotedAs("software", "software")],
  ["tiff:Software", quotedAs("software", "software")],
  ["xmpMM:History", fixedAs("software", "software")],
  ["xmpMM:DocumentID", fixedAs("other", "unique-id")],
  ["xmpMM:InstanceID", fixedAs("other", "unique-id")],
  ["xmpMM:OriginalDocumentID", fixedAs("other", "unique-id")],
  ["xmpMM:DerivedFrom", fixedAs("other", "unique-id")],
  ["xmpMM:Ingredients", fixedAs("other", "unique-id")],
  ["xmpMM:Pantry", fixedAs("other", "unique-id")],
  ["xmpMM:Manifest", fixedAs("other", "unique-id")],
  ["photoshop:City", quotedAs("location", "place")],
  ["photoshop:State", quotedAs("location", "place")],
  ["photoshop:Country", quotedAs("location", "place")],
  ["iptcCore:Location", quotedAs("location", "place")],
  ["iptcExt:LocationCreated", quotedAs("location", "place")],
  ["iptcExt:LocationShown", quotedAs("location", "place")],
  ["iptcCore:CountryCode", quotedAs("location", "place")],
  ["dc:title", quotedAs("other", "title")],
  ["dc:description", quotedAs("other", "description")],
  ["dc:subject", quotedAs("other", "description")],
  ["pdf:Keywords", quotedAs("other", "description")],
  ["photoshop:Headline", quotedAs("other", "title")],
  ["photoshop:Instructions", quotedAs("other", "comment")],
  ["photoshop:Source", quotedAs("other", "comment")],
]);

function classify({ ns, name }: Prop): Shown {
  const key = `${ns}:${name}`;
  const shown = SHOWN.get(key);
  if (shown !== undefined) return shown;
  if (HARMLESS.has(key)) return { kind: "harmless" };
  if (ns === "exif" && name.startsWith("GPS")) return { kind: "gps" };
  if (ns === "exif" || ns === "exifEX" || ns === "aux") return { kind: "setting" };
  return { kind: "unknown" };
}

/** Turns property values into findings. */
function describe(properties: readonly [Prop, string][]): Finding[] {
  const found: Finding[] = [];
  let latitude: number | undefined;
  let longitude: number | undefined;
  let hasPosition = false;
  let otherGps = false;
  let settings = 0;
  let unknown = 0;
  for (const [prop, value] of properties) {
    const shown = classify(prop);
    switch (shown.kind) {
      case "quoted": {
        const cleaned = quoted(value);
        if (cleaned !== undefined) found.push(finding(shown.category, shown.what, cleaned));
        break;
      }
      case "date": {
        const date = dated(value);
        if (date !== undefined) found.push(finding("time", "date", date));
        break;
      }
      case "fixed":
        found.push(finding(shown.category, shown.what));
        break;
      case "latitude":
        hasPosition = true;
        latitude ??= coordinate(value);
        break;
      case "longitude":
        hasPosition = true;
        longitude ??= coordinate(value);
        break;
      case "gps":
        otherGps = true;
        break;
      case "setting":
        settings += 1;
        break;
      case "harmless":
        break;
      case "unknown":
        if (trimWhiteSpace(value) !== "") unknown += 1;
        break;
    }
  }
  if (hasPosition) {
    const place = latitude !== undefined && longitude !== undefined ? position(latitude, longitude) : undefined;
    found.push(finding("location", "gps", place ?? ""));
  }
  if (otherGps) found.push(finding("location", "gps"));
  if (settings > 0) found.push(finding("device", "maker-notes"));
  if (unknown > 0) found.push(finding("other", "xmp"));
  return found;
}

const RUST_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** A number as Rust's `f64::from_str` reads it, else `undefined`. */
function parseFloatStrict(text: string): number | undefined {
  if (!RUST_FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^[+-]/, "");
  if (lower === "nan") return NaN;
  if (lower.startsWith("inf")) return text.startsWith("-") ? -Infinity : Infinity;
  return Number(text);
}

/**
 * An XMP GPS coordinate: `51,30.072N`, `51,30,4.32N` or `51.5012N`, as
 * signed decimal degrees (south and west negative).
 */
export function coordinate(raw: string): number | undefined {
  const value = trimWhiteSpace(raw);
  const direction = value.slice(-1);
  if (direction.length !== 1) return undefined;
  const sign = "NnEe".includes(direction) ? 1 : "SsWw".includes(direction) ? -1 : 0;
  if (sign === 0) return undefined;
  const parts = value
    .slice(0, -1)
    .split(",", 3)
    .map((p) => parseFloatStrict(trimWhiteSpace(p)));
  const [d, m, s] = parts;
  if (d === undefined) return undefined;
  if (parts.length > 1 && m === undefined) return undefined;
  if (parts.length > 2 && s === undefined) return undefined;
  return sign * (d + (m ?? 0) / 60 + (s ?? 0) / 3600);
}
