/** Where an imported text came from; also ranks equal candidates (text > vbpl > phapdien). */
export type ImportFormat = 'text' | 'vbpl' | 'phapdien';

/**
 * A national legal text read from a third-party source, before it is matched to the catalog.
 *
 * `text` is the canonical body every importer produces and the chunker splits on: Unicode NFC,
 * one paragraph a line, no blank lines; "Chương I" then its title line, "Mục 1" then its title
 * line, "Điều 12. Tên điều", then khoản "1. …", điểm "a) …" and other paragraphs as they are.
 * Appendices start at a line "Phụ lục …" / "PHỤ LỤC"; the sample forms in them may contain
 * "Điều N." lines that are not articles of the text.
 */
export interface ImportedText {
  /** Số hiệu as the source gives it, e.g. "17/2023/QH15". */
  number: string;
  title?: string;
  format: ImportFormat;
  /** File path or URL. */
  origin: string;
  text: string;
  /** What the parser noticed but could still import around, e.g. articles it had to leave out. */
  warnings?: string[];
}

/** A source the importer recognised but cannot turn into a text (no number, no body…). */
export class SourceFormatError extends Error {}
