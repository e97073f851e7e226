import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { z } from 'zod';
import type { Passage } from '../knowledge/types.ts';

/** What an index was built from: a saved index is reused only when both match. */
export interface IndexIdentity {
  /** Of the knowledge the passages came from; computed by the caller. */
  fingerprint: string;
  /** Vectors of two embedding models live in different spaces and must never be compared. */
  model: string;
}

export interface VectorHit {
  passageId: string;
  /** Cosine similarity: higher is better, 1 is the same direction. */
  score: number;
}

export interface BuildOptions {
  onProgress?(done: number, total: number): void;
}

const MANIFEST_FILE = 'manifest.json';
/** What HNSWLib.save writes beside the manifest. */
const STORE_FILES = ['hnswlib.index', 'docstore.json', 'args.json'] as const;

/** Embedding models read a few hundred tokens at most, and an article's opening carries its subject. */
const MAX_EMBEDDED_CHARS = 2_000;
const EMBED_BATCH_SIZE = 32;
/** hnswlib searches only 10 candidates by default, which misses neighbours in an index of thousands; the setting is not saved with the index. */
const SEARCH_BREADTH = 100;

const manifestSchema = z.object({
  fingerprint: z.string(),
  model: z.string(),
  dimensions: z.number().int().positive(),
  passageIds: z.array(z.string()),
  /** hnswlib checks only the index file's structure: a flipped byte among the vectors would load as wrong vectors. */
  checksums: z.record(z.string(), z.string()),
});

type IndexContents = IndexIdentity & { dimensions: number; passageIds: string[] };

/** Nearest-neighbour search over passage embeddings; it knows passages only by id, the caller maps ids back. */
export class VectorIndex {
  private constructor(
    private readonly store: HNSWLib,
    private readonly contents: IndexContents,
  ) {
    store.index.setEf(SEARCH_BREADTH);
  }

  static async build(
    passages: readonly Passage[],
    embeddings: EmbeddingsInterface,
    identity: IndexIdentity,
    options: BuildOptions = {},
  ): Promise<VectorIndex> {
    if (passages.length === 0) throw new Error('VectorIndex.build: no passages to index');
    const texts = passages.map(embeddingText);
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE) {
      vectors.push(...(await embeddings.embedDocuments(texts.slice(start, start + EMBED_BATCH_SIZE))));
      options.onProgress?.(vectors.length, texts.length);
    }
    const dimensions = vectors[0]?.length ?? 0;
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: dimensions });
    const documents = passages.map((passage) => new Document({ pageContent: '', metadata: { passageId: passage.id } }));
    await store.addVectors(vectors, documents);
    return new VectorIndex(store, { ...identity, dimensions, passageIds: passages.map((passage) => passage.id) });
  }

  /** Writes the HNSWLib files and, last, the manifest that vouches for them. */
  async save(dir: string): Promise<void> {
    // Without a manifest the directory is never loaded, whatever a crash halfway through leaves behind.
    await rm(join(dir, MANIFEST_FILE), { force: true });
    await this.store.save(dir);
    const checksums: Record<string, string> = {};
    for (const file of STORE_FILES) checksums[file] = sha256(await readFile(join(dir, file)));
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...this.contents, checksums }));
  }

  /** The saved index, or undefined when it is missing, damaged, or was built from other content or another model. */
  static async load(dir: string, embeddings: EmbeddingsInterface, expected: IndexIdentity): Promise<VectorIndex | undefined> {
    try {
      const { checksums, ...contents } = manifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
      if (contents.fingerprint !== expected.fingerprint || contents.model !== expected.model) return undefined;
      for (const file of STORE_FILES) {
        if (sha256(await readFile(join(dir, file))) !== checksums[file]) return undefined;
      }
      const store = await HNSWLib.load(dir, embeddings);
      const consistent =
        store.index.getCurrentCount() === contents.passageIds.length && store.args.numDimensions === contents.dimensions;
      return consistent ? new VectorIndex(store, contents) : undefined;
    } catch {
      // Missing, unreadable and corrupt files all mean the same to the caller: build afresh.
      return undefined;
    }
  }

  /** Best first. Rejects when the embeddings endpoint fails, so the caller can fall back to lexical results. */
  async search(query: string, k: number): Promise<VectorHit[]> {
    // HNSWLib clamps k itself, but warns on the console every time it does.
    const wanted = Math.min(k, this.contents.passageIds.length);
    if (wanted <= 0) return [];
    const results = await this.store.similaritySearchWithScore(truncate(query), wanted);
    return results
      .map(([document, cosineDistance]) => ({ passageId: String(document.metadata.passageId), score: 1 - cosineDistance }))
      .sort((a, b) => b.score - a.score);
  }
}

/** Headings give a passage its context (chapter, section); its own heading line already opens its text. */
function embeddingText(passage: Passage): string {
  const context = passage.headingPath.filter((heading) => !passage.text.startsWith(heading));
  return truncate([...context, passage.text].join('\n'));
}

function truncate(text: string): string {
  if (text.length <= MAX_EMBEDDED_CHARS) return text;
  const cut = text.slice(0, MAX_EMBEDDED_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  // End on a whole word unless that would throw away much of the text.
  return lastSpace > MAX_EMBEDDED_CHARS / 2 ? cut.slice(0, lastSpace) : cut;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
