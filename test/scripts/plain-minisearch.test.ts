import { describe, expect, it } from 'vitest';
import { PLAIN_CHUNKING, plainChunks, plainIndex, plainRetrieveLine } from '../../scripts/plain-minisearch.ts';

/** Paragraphs of about 150 characters: the splitter cuts between them, and one fits in the overlap. */
const paragraph = (n: number, words: string) => `Đoạn ${n}. ${`${words} `.repeat(150 / (words.length + 1))}`.trim();
const LONG_TEXT = Array.from({ length: 24 }, (_, n) => paragraph(n, n === 15 ? 'thành viên góp vốn' : 'hợp tác xã')).join('\n\n');

describe('plain MiniSearch baseline for the bench', () => {
  it('cuts each text into chunks of at most 1,000 characters, numbered across texts, each keeping its text', async () => {
    const chunks = await plainChunks([
      { docId: 'long', text: LONG_TEXT },
      { docId: 'short', text: 'Điều 1. Phạm vi điều chỉnh' },
    ]);
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => i));
    expect(chunks.filter((c) => c.docId === 'long').length).toBeGreaterThan(LONG_TEXT.length / PLAIN_CHUNKING.chunkSize);
    expect(chunks.every((c) => c.text.length <= PLAIN_CHUNKING.chunkSize)).toBe(true);
    expect(chunks.at(-1)).toEqual({ id: chunks.length - 1, docId: 'short', text: 'Điều 1. Phạm vi điều chỉnh' });
    // Overlap: a paragraph at the end of one chunk opens the next.
    const [first, second] = chunks;
    expect(second!.text.startsWith(first!.text.split('\n\n').at(-1)!)).toBe(true);
  });

  it('answers a question with its best chunks as one JSON line, at most k', async () => {
    const index = plainIndex(await plainChunks([{ docId: 'long', text: LONG_TEXT }]));
    const line = JSON.parse(plainRetrieveLine(index, 'góp vốn', 2)) as { query: string; results: Array<{ docId: string; text: string; score: number }> };
    expect(line.query).toBe('góp vốn');
    expect(line.results.length).toBeGreaterThan(0);
    expect(line.results.length).toBeLessThanOrEqual(2);
    expect(line.results[0]!.text).toContain('thành viên góp vốn');
    expect(JSON.parse(plainRetrieveLine(index, 'không có ở đây', 5)).results).toEqual([]);
  });
});
