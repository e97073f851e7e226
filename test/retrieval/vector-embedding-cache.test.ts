import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticEmbeddings } from '@langchain/core/utils/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/types.ts';
import { CachedEmbeddings } from '../../src/retrieval/vector-embedding-cache.ts';
import { loadOrBuildVectorIndex } from '../../src/retrieval/vector-setup.ts';

/** LangChain's synthetic embeddings, counting the texts it is asked to embed. */
class CountingEmbeddings extends SyntheticEmbeddings {
  embedded: string[] = [];
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded.push(...texts);
    return super.embedDocuments(texts);
  }
}

function passage(n: number, body: string): Passage {
  const heading = `Điều ${n}.`;
  return { id: `luat#dieu-${n}`, docId: 'luat', headingPath: [heading], citation: heading, text: `${heading}\n${body}`, status: 'in_force', scope: 'national' };
}

const passages = [passage(1, 'thành lập hợp tác xã'), passage(2, 'thành viên chính thức'), passage(3, 'vốn điều lệ')];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vector-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CachedEmbeddings', () => {
  it('embeds a text once per model, and reads back exactly what the model returned', async () => {
    const inner = new CountingEmbeddings({ vectorSize: 8 });
    const first = await (await CachedEmbeddings.inFolder(inner, dir, 'm1')).embedDocuments(['một', 'hai']);
    const again = await (await CachedEmbeddings.inFolder(inner, dir, 'm1')).embedDocuments(['hai', 'ba', 'một']);
    expect(inner.embedded).toEqual(['một', 'hai', 'ba']);
    expect(again[0]).toEqual(first[1]);
    expect(again[2]).toEqual(first[0]);
    await (await CachedEmbeddings.inFolder(inner, dir, 'm2')).embedDocuments(['một']);
    expect(inner.embedded).toEqual(['một', 'hai', 'ba', 'một']);
  });
});

describe('loadOrBuildVectorIndex with the cache', () => {
  it('rebuilds after a knowledge change by embedding only the passages that are new', async () => {
    const inner = new CountingEmbeddings({ vectorSize: 8 });
    const logger = pino({ level: 'silent' });
    const setup = { embeddings: inner, model: 'synthetic-8', dir: join(dir, 'vector'), logger };
    await loadOrBuildVectorIndex({ ...setup, passages, fingerprint: 'kb-1' });
    expect(inner.embedded).toHaveLength(3);

    const added = passage(4, 'giải thể hợp tác xã');
    const index = await loadOrBuildVectorIndex({ ...setup, passages: [...passages, added], fingerprint: 'kb-2' });
    expect(inner.embedded).toHaveLength(4);
    expect(inner.embedded.at(-1)).toContain('giải thể');
    expect((await index!.search(added.text, 1))[0]?.passageId).toBe(added.id);
  });
});
