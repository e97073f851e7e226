import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { FakeEmbeddings, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/types.ts';
import { VectorIndex } from '../../src/retrieval/vector-index.ts';

function passage(id: string, heading: string, body: string): Passage {
  return {
    id,
    docId: id.split('#')[0]!,
    headingPath: [heading],
    citation: heading,
    text: `${heading}\n${body}`,
    status: 'in_force',
    scope: 'national',
  };
}

// Written for these tests. SyntheticEmbeddings hashes the letters a-z of a text, so only an identical text
// is reliably nearest: the heading path holds just the passage's own heading, which its text already opens with.
const passages = [
  passage('luat#dieu-1', 'Điều 1. Phạm vi', 'Quy định về thành lập, tổ chức và hoạt động của hợp tác xã.'),
  passage('luat#dieu-2', 'Điều 2. Thành viên', 'Người đủ mười tám tuổi có thể xin vào làm thành viên chính thức.'),
  passage('luat#dieu-3', 'Điều 3. Vốn góp', 'Mỗi thành viên góp vốn không quá ba mươi phần trăm vốn điều lệ.'),
  passage('luat#dieu-4', 'Điều 4. Giải thể', 'Đại hội thành viên quyết định giải thể khi không còn đủ số thành viên tối thiểu.'),
];
const identity = { fingerprint: 'kb-1', model: 'synthetic-16' };
const embeddings = () => new SyntheticEmbeddings({ vectorSize: 16 });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vector-index-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('VectorIndex', () => {
  it('finds the passage whose text is the query, best first, as a cosine similarity', async () => {
    const index = await VectorIndex.build(passages, embeddings(), identity);
    const hits = await index.search(passages[2]!.text, 3);
    expect(hits).toHaveLength(3);
    expect(hits[0]).toEqual({ passageId: 'luat#dieu-3', score: expect.closeTo(1, 5) });
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('returns at most as many hits as it holds, and none for k = 0', async () => {
    const index = await VectorIndex.build(passages, embeddings(), identity);
    expect(await index.search('thành viên', 50)).toHaveLength(passages.length);
    expect(await index.search('thành viên', 0)).toEqual([]);
  });

  it('embeds in batches and reports progress', async () => {
    const many = Array.from({ length: 70 }, (_, i) => passage(`doc#${i}`, `Điều ${i}.`, `nội dung ${i}`));
    const progress: Array<[number, number]> = [];
    await VectorIndex.build(many, new FakeEmbeddings(), identity, { onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [32, 70],
      [64, 70],
      [70, 70],
    ]);
  });

  it('refuses to build an index of nothing', async () => {
    await expect(VectorIndex.build([], embeddings(), identity)).rejects.toThrow(/no passages/);
  });

  it('saves and loads back the same index', async () => {
    const built = await VectorIndex.build(passages, embeddings(), identity);
    await built.save(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      fingerprint: 'kb-1',
      model: 'synthetic-16',
      dimensions: 16,
      passageIds: passages.map((p) => p.id),
    });

    const loaded = await VectorIndex.load(dir, embeddings(), identity);
    expect(loaded).toBeDefined();
    const query = passages[3]!.text;
    expect(await loaded!.search(query, 4)).toEqual(await built.search(query, 4));
  });

  it('loads nothing from a directory that does not exist', async () => {
    expect(await VectorIndex.load(join(dir, 'absent'), embeddings(), identity)).toBeUndefined();
  });

  it.each(['hnswlib.index', 'docstore.json', 'args.json', 'manifest.json'])('loads nothing when %s is cut short', async (file) => {
    await (await VectorIndex.build(passages, embeddings(), identity)).save(dir);
    const original = await readFile(join(dir, file));
    await writeFile(join(dir, file), original.subarray(0, Math.floor(original.length / 2)));
    expect(await VectorIndex.load(dir, embeddings(), identity)).toBeUndefined();
  });

  it('loads nothing when a byte has flipped where hnswlib does not look', async () => {
    await (await VectorIndex.build(passages, embeddings(), identity)).save(dir);
    const damaged = await readFile(join(dir, 'hnswlib.index'));
    // The middle of this small file is vector data, which hnswlib reads without any check.
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    await writeFile(join(dir, 'hnswlib.index'), damaged);
    await expect(HNSWLib.load(dir, embeddings())).resolves.toBeInstanceOf(HNSWLib);
    expect(await VectorIndex.load(dir, embeddings(), identity)).toBeUndefined();
  });

  it('loads nothing when a file is missing', async () => {
    await (await VectorIndex.build(passages, embeddings(), identity)).save(dir);
    await rm(join(dir, 'hnswlib.index'));
    expect(await VectorIndex.load(dir, embeddings(), identity)).toBeUndefined();
  });

  it('loads nothing built from other content or by another model', async () => {
    await (await VectorIndex.build(passages, embeddings(), identity)).save(dir);
    expect(await VectorIndex.load(dir, embeddings(), { ...identity, fingerprint: 'kb-2' })).toBeUndefined();
    expect(await VectorIndex.load(dir, embeddings(), { ...identity, model: 'another-model' })).toBeUndefined();
    expect(await VectorIndex.load(dir, embeddings(), identity)).toBeDefined();
  });

  it('overwrites an older index in the same directory', async () => {
    await (await VectorIndex.build(passages.slice(0, 2), embeddings(), { ...identity, fingerprint: 'old' })).save(dir);
    await (await VectorIndex.build(passages, embeddings(), identity)).save(dir);
    expect(await VectorIndex.load(dir, embeddings(), { ...identity, fingerprint: 'old' })).toBeUndefined();
    const loaded = await VectorIndex.load(dir, embeddings(), identity);
    expect(await loaded!.search('x', 10)).toHaveLength(passages.length);
  });
});
