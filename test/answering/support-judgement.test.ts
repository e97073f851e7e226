import { describe, expect, it } from 'vitest';
import { SUPPORT, judgeAnswer, judgeCoverage } from '../../src/answering/support-judgement.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { coverage, mentionsDomain as namesDomain } from '../../src/retrieval/question-analysis.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { fakeResult, scoredLines } from '../fixtures/retrieval/fake-result.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import { decree } from '../fixtures/answering-extractive/documents.ts';
import { KNOWLEDGE_DIR, fixtureDocuments } from '../fixtures/knowledge/documents.ts';

/** Whether the passages found answer the question, judged over the fictional texts with the real lexicon. */
const index = KnowledgeIndex.build([...fixtureDocuments(), decree()], loadLexicon(KNOWLEDGE_DIR));
const retriever = new HybridRetriever(index, undefined, captureLogger().logger);
/** The verdict, with the figures it rests on: the best coverage of the top passages and the unknown share. */
const judge = async (question: string) => {
  const result = await retriever.retrieve(question, 5);
  const passageCoverage = Math.max(0, ...result.passages.slice(0, SUPPORT.consider).map((p) => p.coverage));
  const verdict = judgeCoverage(result);
  return { ...verdict, inDomain: result.analysis.inDomain, passageCoverage, unknownShare: result.analysis.unknownShare };
};
const mentionsDomain = (question: string, i: KnowledgeIndex) => namesDomain(question, i.lexicon);

describe('judgeSupport: questions the texts answer', () => {
  it.each([
    'Hợp tác xã cần ít nhất bao nhiêu thành viên?',
    'hop tac xa can it nhat bao nhieu thanh vien',
    'HTX cần mấy thành viên',
    'vốn điều lệ là gì',
    'thanh vien lien ket la gi',
    'thành viên có quyền gì',
    'hồ sơ đăng ký thành lập hợp tác xã gồm những gì',
    'nhiệm kỳ hội đồng quản trị mấy năm',
    'ở Ngọc Sơn hỗ trợ thành lập hợp tác xã thế nào',
    'theo luật cũ hợp tác xã cần ít nhất mấy thành viên',
    // "ở đâu" asks for a place: no text says "đâu", which must not count as a word the texts lack.
    'Đăng ký hợp tác xã ở đâu?',
    'Nộp hồ sơ đăng ký hợp tác xã ở đâu?',
    'nop ho so dang ky htx o dau',
    // The trade a co-op would work in is no word of the law's: the rest of the question is.
    'lập hợp tác xã trồng thanh long cần mấy thành viên',
    'lap htx nuoi ca tra can may thanh vien',
  ])('"%s" is answerable and in the domain', async (question) => {
    const judgement = await judge(question);
    expect(judgement).toMatchObject({ answerable: true, inDomain: true });
    expect(judgement.passageCoverage).toBeGreaterThanOrEqual(SUPPORT.minPassageCoverage);
    expect(judgement.unknownShare).toBeLessThanOrEqual(SUPPORT.maxUnknownShare);
  });
});

describe('judgeSupport: questions outside the domain', () => {
  it.each([
    // weather
    'Ngày mai Hà Nội có mưa không?',
    'thoi tiet da lat tuan nay the nao',
    // recipes
    'Cách nấu phở bò cho ngon?',
    'công thức làm bánh chưng ngày Tết',
    // football
    'Tối nay đội tuyển Việt Nam đá với ai?',
    'ket qua bong da ngoai hang anh',
    // personal taxes
    'Thuế thu nhập cá nhân tính thế nào?',
    // marriage, divorce and other civil paperwork
    'Đăng ký kết hôn cần giấy tờ gì?',
    'dang ky ket hon o dau',
    'thủ tục ly hôn đơn phương',
    'đăng ký xe máy cần gì',
    // prices, loans, health, travel, chit-chat
    'Giá lúa hôm nay bao nhiêu một ký?',
    'vay tiền ngân hàng lãi suất bao nhiêu',
    'cách chữa bệnh đau lưng',
    'mua vé máy bay đi Đà Nẵng',
    'Viết cho tôi một bài thơ về mùa thu',
    'lương tối thiểu vùng năm nay',
  ])('"%s" is not answerable and not in the domain', async (question) => {
    expect(await judge(question)).toMatchObject({ answerable: false, inDomain: false });
  });

  it('is not fooled by words the texts happen to share with an off-topic question', async () => {
    // "đăng ký" and "giấy tờ" (≈ "hồ sơ") are everywhere in the registration texts; "kết hôn" is not.
    const judgement = await judge('Đăng ký kết hôn cần giấy tờ gì?');
    expect(judgement.passageCoverage).toBeGreaterThan(SUPPORT.minPassageCoverage);
    expect(judgement.passageCoverage).toBeLessThan(SUPPORT.minCoverageOffDomain);
    expect(judgement.answerable).toBe(false);
  });

  it('declines an in-domain question whose distinctive words no text contains', async () => {
    const judgement = await judge('thuế giá trị gia tăng của hợp tác xã là bao nhiêu');
    expect(judgement.inDomain).toBe(true);
    expect(judgement.answerable).toBe(false);
  });
});

describe('judgeSupport: empty questions and greetings', () => {
  it.each(['', '   ', '?', '...', 'xin chào', 'chào bạn', 'hello', 'hi', 'cảm ơn', 'là gì'])('"%s" is not answerable', async (question) => {
    const judgement = await judge(question);
    expect(judgement.answerable).toBe(false);
    expect(judgement.inDomain).toBe(false);
    expect(judgement.passageCoverage).toBe(0);
  });

  it('is not answerable when nothing was retrieved, whatever the question', () => {
    const question = 'Hợp tác xã cần ít nhất bao nhiêu thành viên?';
    expect(judgeCoverage(fakeResult(question, [], { inDomain: true }))).toMatchObject({ answerable: false, inDomain: true });
  });
});

describe('mentionsDomain', () => {
  it.each([
    'hợp tác xã là gì',
    'HỢP TÁC XÃ',
    'hop tac xa',
    'HTX nông nghiệp',
    'thành lập tổ hợp tác',
    'lien hiep htx',
    'xã viên có quyền gì',
    'góp vốn bao nhiêu',
    'đại hội thành viên họp mấy lần',
  ])('"%s" names the domain', (question) => {
    expect(mentionsDomain(question, index)).toBe(true);
  });

  it.each(['thời tiết hôm nay', 'giá vàng', 'đăng ký kết hôn', 'tác phẩm văn học', 'xã hội', 'hợp đồng thuê nhà', ''])(
    '"%s" does not',
    (question) => {
      expect(mentionsDomain(question, index)).toBe(false);
    },
  );
});

describe('colloquial questions', () => {
  it('finds the domain with a word inside a term, as people say it ("góp đủ vốn" names "góp vốn")', () => {
    expect(mentionsDomain('thời hạn góp đủ vốn là bao lâu', index)).toBe(true);
    expect(mentionsDomain('thời tiết hôm nay thế nào', index)).toBe(false);
  });

  it("lets the lexicon's synonym cover the words it stands for (\"qua mạng\" for \"trực tuyến\")", () => {
    const analysis = index.analyze('đăng ký qua mạng được không');
    const mang = analysis.concepts.find((c) => c.term === '~mạng');
    expect(mang?.alternatives).toContainEqual(['truc_tuyen']);
    expect(coverage(analysis, new Set(['~đăng', '~ký', '~đăng_ký', 'qua', 'truc_tuyen']))).toBeGreaterThan(
      coverage(analysis, new Set(['~đăng', '~ký', '~đăng_ký', 'qua'])),
    );
  });
});

describe('judgeAnswer: the figure asked for', () => {
  const quoting = (text: string) => scoredLines({ id: 'p', docId: 'd', headingPath: [], citation: '', text, status: 'in_force', scope: 'national' });
  it('takes a sum of money in any of its units, "tỷ" (ending in a letter outside ASCII) included', () => {
    const money = (text: string) => judgeAnswer(fakeResult('vay tối đa bao nhiêu tiền', [], { askedUnit: 'money' }), quoting(text)).answerable;
    for (const text of ['Mức cho vay tối đa 5 tỷ.', 'tối đa 5 tỷ đồng', 'không quá 300 triệu', 'mức 2.000.000 đồng/người']) expect(money(text), text).toBe(true);
    for (const text of ['Mức cho vay do Hội đồng quản lý quyết định.', 'tối đa 5 tỷlệ']) expect(money(text), text).toBe(false);
  });
});
