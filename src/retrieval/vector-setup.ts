import { join } from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import cliProgress from 'cli-progress';
import type { Passage } from '../knowledge/types.ts';
import type { Logger } from '../logger.ts';
import { CachedEmbeddings } from './vector-embedding-cache.ts';
import { VectorIndex } from './vector-index.ts';

export interface VectorSetup {
  passages: Passage[];
  embeddings: Embeddings;
  model: string;
  fingerprint: string;
  dir: string;
  logger: Logger;
}

/**
 * The saved vector index when it matches the knowledge and the model; otherwise a new one, built
 * with a progress bar on a terminal and saved, its passages' embeddings kept under `dir/embeddings`. Any failure (endpoint down, bad model folder) is
 * logged and answered with undefined: the bot then runs on lexical retrieval alone.
 */
export async function loadOrBuildVectorIndex(setup: VectorSetup): Promise<VectorIndex | undefined> {
  const { passages, embeddings, model, fingerprint, dir, logger } = setup;
  const identity = { fingerprint, model };
  const saved = await VectorIndex.load(dir, embeddings, identity);
  if (saved) {
    logger.info({ model }, 'vector index loaded');
    return saved;
  }
  logger.info({ model, passages: passages.length }, 'building the vector index (knowledge or model changed, or no index yet)');
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(passages.length, 0);
  try {
    // Passages embedded by an earlier build with the same model are read back, not embedded again.
    const cached = await CachedEmbeddings.inFolder(embeddings, join(dir, 'embeddings'), model);
    const index = await VectorIndex.build(passages, cached, identity, { onProgress: (done) => bar?.update(done) });
    await index.save(dir);
    logger.info({ model }, 'vector index built and saved');
    return index;
  } catch (error) {
    logger.warn({ model, reason: (error as Error).message }, 'embeddings unavailable: answering with lexical retrieval only');
    return undefined;
  } finally {
    bar?.stop();
  }
}
