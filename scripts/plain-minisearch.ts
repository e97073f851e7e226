/**
 * The yardstick `npm run bench` holds retrieval against: what anyone would set up in an afternoon.
 * LangChain's RecursiveCharacterTextSplitter cuts the same texts into chunks of 1,000 characters
 * with 200 of overlap, and MiniSearch, as it comes, finds the best five for a question. Our
 * retrieval does more per question (reranking by lines, the question bank, document hints); the
 * bench says how much that costs next to this.
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import MiniSearch from 'minisearch';

export const PLAIN_CHUNKING = { chunkSize: 1000, chunkOverlap: 200 } as const;

export interface PlainChunk {
  id: number;
  docId: string;
  text: string;
}

/** Each text's chunks, numbered across all texts in order. */
export async function plainChunks(texts: Array<{ docId: string; text: string }>): Promise<PlainChunk[]> {
  const splitter = new RecursiveCharacterTextSplitter(PLAIN_CHUNKING);
  const chunks: PlainChunk[] = [];
  for (const { docId, text } of texts) {
    for (const chunk of await splitter.splitText(text)) chunks.push({ id: chunks.length, docId, text: chunk });
  }
  return chunks;
}

export type PlainIndex = MiniSearch<PlainChunk>;

/** MiniSearch with its defaults: its own tokenizer, BM25+, no fuzzy or prefix search. */
export function plainIndex(chunks: PlainChunk[]): PlainIndex {
  const index = new MiniSearch<PlainChunk>({ fields: ['text'], storeFields: ['docId', 'text'] });
  index.addAll(chunks);
  return index;
}

/** The same job as `cli retrieve --json` for one question: the best `k`, as one JSON line. */
export function plainRetrieveLine(index: PlainIndex, query: string, k: number): string {
  const results = index
    .search(query)
    .slice(0, k)
    .map((r) => ({ docId: r['docId'] as string, text: r['text'] as string, score: Math.round(r.score * 1000) / 1000 }));
  return JSON.stringify({ query, results });
}
