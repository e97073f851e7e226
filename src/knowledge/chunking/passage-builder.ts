import type { KnowledgeDocument, Passage } from '../types.ts';

/** Collects passages of one document, keeping ids unique when two sections share a label. */
export class PassageBuilder {
  readonly passages: Passage[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly doc: KnowledgeDocument) {}

  add(anchor: string, part: { headingPath: string[]; citation: string; lines: string[]; article?: number }): void {
    const text = part.lines.join('\n').trim();
    if (text.length === 0) return;
    const count = this.seen.get(anchor) ?? 0;
    this.seen.set(anchor, count + 1);
    this.passages.push({
      id: `${this.doc.meta.id}#${count === 0 ? anchor : `${anchor}-${count + 1}`}`,
      docId: this.doc.meta.id,
      headingPath: part.headingPath,
      citation: part.citation,
      text,
      status: this.doc.meta.status,
      scope: this.doc.meta.scope,
      ...(part.article === undefined ? {} : { article: part.article }),
    });
  }
}

export const PASSAGE_TARGET_CHARS = 1000;
export const PASSAGE_MAX_CHARS = 1500;

/**
 * Packs consecutive blocks (each a list of lines) into groups of at most `target` characters;
 * a block larger than that stays whole rather than being cut mid-sentence.
 */
export function packBlocks<T extends { lines: string[] }>(blocks: T[], target = PASSAGE_TARGET_CHARS): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const block of blocks) {
    const blockSize = block.lines.reduce((n, l) => n + l.length + 1, 0);
    if (current.length > 0 && size + blockSize > target) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(block);
    size += blockSize;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function lengthOf(lines: string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/** Splits plain lines into windows of about `target` characters, at line boundaries. */
export function windows(lines: string[], target = PASSAGE_TARGET_CHARS): string[][] {
  return packBlocks(lines.map((l) => ({ lines: [l] })), target).map((g) => g.flatMap((b) => b.lines));
}
