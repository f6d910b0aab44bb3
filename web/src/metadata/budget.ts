// Bounds on the work done for one file, whatever it holds.
//
// Each structure is bounded on its own (an EXIF block, an XMP packet, a
// compressed text); these bound the sum over a file made of thousands of
// such blocks.

/** The most EXIF (IFD) entries read from all the blocks of one file. */
export const MAX_EXIF_ENTRIES_PER_FILE = 100_000;
/** The most bytes inflated from all the compressed text chunks of one file. */
export const MAX_INFLATED_PER_FILE = 16 * 1024 * 1024;

/** What may still be spent on the file being read. */
export class Budget {
  exifEntries = MAX_EXIF_ENTRIES_PER_FILE;
  inflated = MAX_INFLATED_PER_FILE;
}
