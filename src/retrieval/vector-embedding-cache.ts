import { createHash } from 'node:crypto';
import { Embeddings, type EmbeddingsInterface } from '@langchain/core/embeddings';
import type { BaseStore } from '@langchain/core/stores';
import { LocalFileStore } from 'langchain/storage/file_system';

/**
 * Passage embeddings kept on disk, keyed by the model and the exact text embedded. The vector index
 * is rebuilt whenever the knowledge changes (a plan dropped into knowledge/, a catalog edit); with
 * this, a rebuild embeds only the passages that changed, instead of sending every passage to the
 * endpoint again (or running a local model over all of them for minutes). Questions are not cached.
 */
export class CachedEmbeddings extends Embeddings {
  constructor(
    private readonly inner: EmbeddingsInterface,
    private readonly store: BaseStore<string, Uint8Array>,
    private readonly model: string,
  ) {
    super({});
  }

  /** A store under `dir` (LangChain's LocalFileStore: one file per passage, written atomically). */
  static async inFolder(inner: EmbeddingsInterface, dir: string, model: string): Promise<CachedEmbeddings> {
    return new CachedEmbeddings(inner, await LocalFileStore.fromPath(dir), model);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const keys = texts.map((text) => createHash('sha256').update(this.model).update('\0').update(text).digest('hex'));
    const stored = await this.store.mget(keys);
    const missing = texts.flatMap((text, i) => (stored[i] === undefined ? [i] : []));
    const computed = missing.length > 0 ? await this.inner.embedDocuments(missing.map((i) => texts[i]!)) : [];
    await this.store.mset(missing.map((i, j) => [keys[i]!, encode(computed[j]!)]));
    const fresh = new Map(missing.map((i, j) => [i, computed[j]!]));
    return texts.map((_, i) => fresh.get(i) ?? decode(stored[i]!));
  }

  override embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

// Float64, so a vector read back is exactly the one the model returned.
function encode(vector: number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(vector).buffer);
}

function decode(bytes: Uint8Array): number[] {
  const copy = bytes.slice();
  return Array.from(new Float64Array(copy.buffer, 0, copy.byteLength / 8));
}
