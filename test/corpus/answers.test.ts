import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TEXTS } from '../../src/answering/answer-texts.ts';
import type { Answer } from '../../src/answering/types.ts';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { type ImportReport, importFromPaths } from '../../src/knowledge/import-service.ts';
import { createLogger } from '../../src/logger.ts';

/**
 * Answers on the real national texts, imported from the shared source folder (KNOWLEDGE_SOURCES, or
 * ../shared/knowledge-sources beside the repository) into a throw-away DATA_DIR, through the app as
 * it starts with no language model configured. CI always has the folder; elsewhere this is skipped.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const configured = process.env.KNOWLEDGE_SOURCES;
const SOURCES = configured ? (isAbsolute(configured) ? configured : resolve(REPO, configured)) : resolve(REPO, '../shared/knowledge-sources');
const available = existsSync(SOURCES);

const LAW_2023 = 'Luật Hợp tác xã 2023 (17/2023/QH15)';
const LAW_2012 = 'Luật Hợp tác xã 2012 (23/2012/QH13)';

if (!available) {
  console.warn(`test/corpus skipped: no national source texts at ${SOURCES} (set KNOWLEDGE_SOURCES to the folder)`);
}

describe.skipIf(!available)(`answers on the national texts (${SOURCES})`, () => {
  let dataDir: string;
  let app: App;
  let report: ImportReport;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'htx-corpus-'));
    // An explicit environment: no model, no embeddings, no Redis, whatever the developer's shell has.
    const config = loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: join(REPO, 'knowledge'), PROMPTS_DIR: join(REPO, 'prompts'), LOG_LEVEL: 'silent' });
    report = importFromPaths(config, [SOURCES]);
    app = await createApp(config, createLogger('silent'));
  });

  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const ask = (question: string): Promise<Answer> => app.answerer.answer(question);
  const firstLine = (answer: Answer) => answer.answer.split('\n')[0]!;

  it('imports the current and the superseded Co-op Law', () => {
    const stored = report.entries.filter((e) => e.stored).map((e) => e.id);
    expect(stored).toEqual(expect.arrayContaining(['luat-htx-2023', 'luat-htx-2012']));
    expect(app.library.documents.map((d) => d.meta.id)).toEqual(expect.arrayContaining(['luat-htx-2023', 'luat-htx-2012']));
  });

  it('answers offline, in extractive mode, when no language model is configured', async () => {
    expect(app.config.llm).toBeUndefined();
    expect(app.config.embeddings).toBeUndefined();
    const answer = await ask('Hợp tác xã là gì?');
    expect(answer.mode).toBe('extractive');
  });

  // "tối thiểu" also counts the Ban kiểm soát (Điều 83): the co-op's own minimum is what is asked.
  it.each(['thanh lap htx can may nguoi', 'Hợp tác xã cần ít nhất bao nhiêu thành viên?', 'Hợp tác xã cần tối thiểu bao nhiêu thành viên?'])(
    '"%s" → 05 members on the first line, citing khoản 7 Điều 4 of the 2023 law',
    async (question) => {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(firstLine(answer), answer.answer).toContain('05');
      expect(firstLine(answer)).toMatch(/^Hợp tác xã /);
      expect(answer.citations[0], answer.answer).toMatchObject({
        docId: 'luat-htx-2023',
        citation: `Khoản 7 Điều 4 ${LAW_2023}`,
        status: 'in_force',
      });
      expect(answer.answer).toContain(`**Căn cứ:** Khoản 7 Điều 4 ${LAW_2023}, về giải thích từ ngữ — còn hiệu lực`);
      expect(answer.answer).not.toContain('⚠️');
    },
  );

  it('answers "how long to pay in the pledged capital" with the figure, citing khoản 4 Điều 74', async () => {
    const answer = await ask('Thời hạn góp đủ vốn đã cam kết là bao lâu?');
    expect(answer.abstained, answer.answer).toBe(false);
    expect(firstLine(answer)).toContain('06 tháng');
    expect(answer.citations[0]?.citation).toBe(`Khoản 4 Điều 74 ${LAW_2023}`);
  });

  it('understands colloquial wording through the lexicon ("qua mạng" for online), typed without accents', async () => {
    const answer = await ask('dang ky htx qua mang duoc khong');
    expect(answer.abstained, answer.answer).toBe(false);
    expect(answer.answer).toMatch(/trực tuyến|điện tử/);
  });

  it('marks the 2012 law superseded when the question asks about it', async () => {
    const answer = await ask('Luật Hợp tác xã 2012 quy định hợp tác xã có ít nhất bao nhiêu thành viên?');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0], answer.answer).toMatchObject({ docId: 'luat-htx-2012', status: 'superseded' });
    expect(answer.citations[0]!.citation).toContain(LAW_2012);
    expect(firstLine(answer)).toContain('07');
    expect(answer.answer).toContain('⚠️ Văn bản này hết hiệu lực');
    expect(answer.answer).toContain('không còn áp dụng');
  });

  it.each([
    'Hợp tác xã là gì?',
    'Thành viên liên kết góp vốn là ai?',
    'Vốn góp tối đa của một thành viên là bao nhiêu?',
    'Hồ sơ đăng ký thành lập hợp tác xã gồm những gì?',
    'Cuộc họp đại hội thành viên có được họp trực tuyến không?',
    'chinh sach dat dai doi voi hop tac xa',
    'Hợp tác xã được hỗ trợ xây dựng nhãn hiệu sản phẩm không?',
    'Thành lập tổ hợp tác cần làm những gì?',
    'Chủ tịch Hội đồng quản trị có được kiêm Giám đốc hợp tác xã không?',
    'xã viên ra khỏi hợp tác xã có được trả lại vốn góp không',
  ])('"%s" is answered, citing a text in force first', async (question) => {
    const answer = await ask(question);
    expect(answer.abstained, answer.answer).toBe(false);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations[0], answer.answer).toMatchObject({ status: 'in_force' });
    expect(answer.citations[0]!.citation).not.toContain(LAW_2012);
    expect(answer.answer).toContain('**Căn cứ:**');
    expect(answer.answer.length).toBeLessThanOrEqual(1_300);
  });

  it('lists every paper of the founding dossier, or says where the rest is', async () => {
    const answer = await ask('Hồ sơ đăng ký thành lập hợp tác xã gồm những gì?');
    const basis = answer.answer.split('\n').find((l) => l.startsWith('**Căn cứ:**'))!;
    const cited = /Khoản (\d+) Điều (\d+)/.exec(basis);
    expect(cited, basis).not.toBeNull();
    const passage = answer.passages[0]!.passage;
    // The điểm of the cited khoản in the text, against the "• " lines of the answer.
    const body = passage.text.split('\n');
    const start = body.findIndex((l) => l.startsWith(`${cited![1]}. `));
    const points: string[] = [];
    for (const line of body.slice(start + 1)) {
      if (!/^[a-zđ]\) /.test(line)) break;
      points.push(line.replace(/^[a-zđ]\) /, ''));
    }
    expect(points.length).toBeGreaterThan(0);
    const listed = answer.answer.split('\n').filter((l) => l.startsWith('• ')).map((l) => l.slice(2));
    // In order, each whole or, when long, shortened at a word with " …" (the rest is in the text cited).
    expect(listed.length).toBeGreaterThan(0);
    listed.forEach((item, i) => {
      if (item.endsWith(' …')) expect(points[i]!.startsWith(item.slice(0, -2)), item).toBe(true);
      else expect(item).toBe(points[i]);
    });
    // A dossier missing one paper is sent back: a list cut short must point to the passage it comes from.
    const seeAlso = answer.answer.split('\n').find((l) => l.startsWith(`${ANSWER_TEXTS.seeAlso}: `)) ?? '';
    if (listed.length < points.length) expect(seeAlso, answer.answer).toContain(passage.citation);
  });

  it.each([
    'Giá lúa hôm nay ở Cần Thơ bao nhiêu một ký?',
    'Thủ tục đăng ký kết hôn cần giấy tờ gì?',
    'Viết cho tôi một bài thơ về mùa thu',
  ])('declines the off-topic dev question "%s" and says where to ask', async (question) => {
    const answer = await ask(question);
    expect(answer.abstained, answer.answer).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain('Cơ quan đăng ký hợp tác xã');
    expect(answer.answer).toContain('Liên minh Hợp tác xã');
    if (app.library.missing.length === 0) expect(answer.answer).not.toContain(ANSWER_TEXTS.nationalTextsMissing);
  });
});
