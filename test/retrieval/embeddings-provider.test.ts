import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/knowledge/types.ts';
import { createEmbeddings } from '../../src/retrieval/embeddings-provider.ts';
import { VectorIndex } from '../../src/retrieval/vector-index.ts';
import { startEmbeddingsStandIn, type EmbeddingsStandIn } from '../fixtures/vector/openai-embeddings-stand-in.ts';

function capturingLogger() {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function passage(id: string, headingPath: string[], text: string): Passage {
  return { id, docId: 'luat-htx', headingPath, citation: id, text, status: 'in_force', scope: 'national' };
}

// Written for these tests, in the manner of the Co-op Law.
const passages = [
  passage('luat-htx#dieu-10', ['Chương II', 'Điều 10. Quyền của thành viên'],
    'Điều 10. Quyền của thành viên\nThành viên được hưởng lợi ích từ hoạt động của hợp tác xã, được biểu quyết tại đại hội và được biết tình hình tài chính.'),
  passage('luat-htx#dieu-11', ['Chương II', 'Điều 11. Chấm dứt tư cách thành viên'],
    'Điều 11. Chấm dứt tư cách thành viên\nKhi thành viên ra khỏi hợp tác xã, phần vốn góp được trả lại theo điều lệ trong thời hạn một năm.'),
  passage('luat-htx#dieu-12', ['Chương III', 'Điều 12. Đăng ký'],
    'Điều 12. Đăng ký\nHồ sơ gồm giấy đề nghị, điều lệ, danh sách thành viên và phương án sản xuất kinh doanh, nộp tại cơ quan đăng ký kinh doanh cấp huyện.'),
  passage('luat-htx#dieu-13', ['Chương IV. Giải thể', 'Điều 13. Trường hợp tự nguyện'],
    'Điều 13. Trường hợp tự nguyện\nĐại hội thành viên biểu quyết chấm dứt hoạt động khi mục tiêu chung không còn.'),
];
const identity = { fingerprint: 'kb-1', model: 'bag-of-words' };

let standIn: EmbeddingsStandIn | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe('createEmbeddings', () => {
  it('returns nothing when embeddings are not configured', () => {
    expect(createEmbeddings(undefined, capturingLogger().logger)).toBeUndefined();
  });

  describe("kind 'openai'", () => {
    it('embeds through an OpenAI-compatible endpoint well enough for a vector index to find the right passage', async () => {
      standIn = await startEmbeddingsStandIn();
      const embeddings = createEmbeddings(
        { kind: 'openai', baseUrl: standIn.baseUrl, model: 'bag-of-words' },
        capturingLogger().logger,
      );
      expect(embeddings).toBeDefined();

      const index = await VectorIndex.build(passages, embeddings!, identity);
      const [withdrawal] = await index.search('ra khỏi hợp tác xã thì vốn góp có được trả lại không', 3);
      expect(withdrawal?.passageId).toBe('luat-htx#dieu-11');
      const [registration] = await index.search('hồ sơ đăng ký nộp ở đâu', 3);
      expect(registration?.passageId).toBe('luat-htx#dieu-12');
      // "Giải thể" is only in the chapter heading above Điều 13, which the index embeds with the text.
      const [dissolution] = await index.search('giải thể', 3);
      expect(dissolution?.passageId).toBe('luat-htx#dieu-13');
    });

    it('asks for float vectors, names the model, and sends a placeholder key when none is configured', async () => {
      standIn = await startEmbeddingsStandIn();
      const embeddings = createEmbeddings(
        { kind: 'openai', baseUrl: standIn.baseUrl, model: 'bag-of-words' },
        capturingLogger().logger,
      );
      await embeddings!.embedQuery('vốn điều lệ');
      expect(standIn.requests).toHaveLength(1);
      const [request] = standIn.requests;
      expect(request).toMatchObject({ method: 'POST', url: '/v1/embeddings', authorization: 'Bearer no-key' });
      expect(request!.body).toMatchObject({ model: 'bag-of-words', encoding_format: 'float' });
    });

    it('sends the configured key', async () => {
      standIn = await startEmbeddingsStandIn();
      const embeddings = createEmbeddings(
        { kind: 'openai', baseUrl: standIn.baseUrl, model: 'bag-of-words', apiKey: 'sk-test-123456' },
        capturingLogger().logger,
      );
      await embeddings!.embedQuery('vốn điều lệ');
      expect(standIn.requests[0]!.authorization).toBe('Bearer sk-test-123456');
    });

    it('makes building an index fail fast when the endpoint answers 500, so the caller can stay lexical', async () => {
      standIn = await startEmbeddingsStandIn({ failWith: 500 });
      const embeddings = createEmbeddings(
        { kind: 'openai', baseUrl: standIn.baseUrl, model: 'bag-of-words' },
        capturingLogger().logger,
      );
      const started = Date.now();
      await expect(VectorIndex.build(passages, embeddings!, identity)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
      // One try and one retry, not LangChain's default of six retries with growing pauses.
      expect(standIn.requests.length).toBeLessThanOrEqual(2);
    });
  });

  describe("kind 'local'", () => {
    it('returns nothing and says why when the model folder does not exist', () => {
      const { logger, lines } = capturingLogger();
      const modelPath = join(tmpdir(), 'no-such-model-folder');
      expect(createEmbeddings({ kind: 'local', modelPath }, logger)).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 40, modelPath });
      expect(lines[0]!.msg).toMatch(/does not exist/);
    });

    it('returns nothing and names the missing files when the folder holds no model', async () => {
      scratch = await mkdtemp(join(tmpdir(), 'local-model-'));
      await writeFile(join(scratch, 'config.json'), '{"model_type":"bert"}');
      const { logger, lines } = capturingLogger();
      expect(createEmbeddings({ kind: 'local', modelPath: scratch }, logger)).toBeUndefined();
      expect(lines[0]!.msg).toMatch(/lacks model files/);
      expect(lines[0]!.missing).toEqual(['tokenizer.json', 'onnx/model.onnx (or a quantised variant)']);
    });

    it('reads the folder only: a file missing from it is an error, never a download', async () => {
      scratch = await mkdtemp(join(tmpdir(), 'local-model-'));
      await mkdir(join(scratch, 'onnx'));
      await writeFile(join(scratch, 'config.json'), '{"model_type":"bert"}');
      await writeFile(join(scratch, 'tokenizer.json'), '{}');
      await writeFile(join(scratch, 'onnx', 'model_quantized.onnx'), 'not really a model');
      const { logger, lines } = capturingLogger();
      const embeddings = createEmbeddings({ kind: 'local', modelPath: scratch }, logger);
      expect(embeddings).toBeDefined();
      expect(lines[0]).toMatchObject({ level: 30, modelPath: scratch, dtype: 'q8' });
      // tokenizer_config.json is absent: transformers.js would fetch it from the hub if it were allowed to.
      await expect(embeddings!.embedQuery('xin chào')).rejects.toThrow(/local_files_only=true/);
    });
  });
});
