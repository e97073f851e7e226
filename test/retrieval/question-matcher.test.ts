import { describe, expect, it } from 'vitest';
import { parseQuestionBank } from '../../src/knowledge/question-bank.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { CURRENT_LAW, KNOWLEDGE_DIR, fixtureDocuments } from '../fixtures/knowledge/documents.ts';

/** Question-to-question matching over a small bank of the fictional law, written for these tests. */
const index = KnowledgeIndex.build(fixtureDocuments(), loadLexicon(KNOWLEDGE_DIR));
index.useQuestionBank(
  parseQuestionBank(`doc: ${CURRENT_LAW}
entries:
  - ref: "3"
    questions: [thành lập hợp tác xã cần tối thiểu mấy người, htx phải có ít nhất bao nhiêu thành viên chính thức]
    lead: Cần ít nhất 05 thành viên chính thức.
    basis: ít nhất 05 thành viên chính thức
  - ref: "5.6"
    questions: [xã viên muốn rút vốn ra khỏi hợp tác xã có được không, ra khỏi htx bao lâu thì được trả lại vốn góp]
    lead: Được, theo điều lệ; vốn góp được trả lại trong thời hạn không quá 12 tháng.
    basis: không quá 12 tháng
  - ref: "4.1"
    questions: [bao nhiêu tuổi thì được vào hợp tác xã]
`),
);
const retriever = new HybridRetriever(index, undefined, captureLogger().logger);

describe('QuestionMatcher through the index', () => {
  it('matches a question typed without diacritics as well as with', () => {
    const accented = index.matchBank('Xã viên muốn rút vốn ra khỏi hợp tác xã được không?');
    const plain = index.matchBank('xa vien muon rut von ra khoi hop tac xa duoc khong');
    expect(accented[0]!.entry.ref).toBe('5.6');
    expect(plain[0]!.entry.ref).toBe('5.6');
    expect(plain[0]!.similarity).toBeCloseTo(accented[0]!.similarity, 5);
  });

  it('reads the lexicon: "mấy người" counts members, so the two phrasings meet', () => {
    const [best] = index.matchBank('hợp tác xã cần tối thiểu bao nhiêu thành viên');
    expect(best!.entry.ref).toBe('3');
    expect(best!.recall).toBe(1);
  });

  it('finds a known question inside a long story', () => {
    const story = 'Nhà tôi vào hợp tác xã từ năm 2019, nay con cái đi làm xa, không ai làm ruộng nữa. Xã viên muốn rút vốn ra khỏi hợp tác xã có được không ạ?';
    const [best] = index.matchBank(story);
    expect(best!.entry.ref).toBe('5.6');
    expect(best!.precision).toBeGreaterThan(0.9);
  });

  it('matches nothing when too little is said, or nothing of the bank', () => {
    expect(index.matchBank('cần mấy')).toEqual([]);
    expect(index.matchBank('giá lúa hôm nay ở Cần Thơ bao nhiêu một ký')).toEqual([]);
  });

  it('leaves a question out when asked to (tuning holds each bank question out)', () => {
    const asked = 'ra khỏi htx bao lâu thì được trả lại vốn góp';
    expect(index.matchBank(asked)[0]!.similarity).toBeCloseTo(1, 5);
    const heldOut = index.matchBank(asked, undefined, (q) => q === asked);
    expect(heldOut.every((m) => m.question !== asked)).toBe(true);
  });
});

describe('retrieval with the bank', () => {
  it('points the passage of the matched entry at its line', async () => {
    const result = await retriever.retrieve('xa vien rut von ra khoi htx duoc khong', 5);
    const pointed = result.passages.find((p) => p.pointed?.match?.entry.ref === '5.6');
    expect(pointed).toBeDefined();
    expect(pointed!.lines[pointed!.pointed!.lineIndex]!.text).toMatch(/^6\. Được ra khỏi hợp tác xã/);
    expect(result.bank[0]!.entry.ref).toBe('5.6');
  });

  it('hands answering what it understood: the kind of question, and its lines scored', async () => {
    const result = await retriever.retrieve('Hợp tác xã cần ít nhất bao nhiêu thành viên?', 3);
    expect(result.analysis).toMatchObject({ kind: 'number', asksNumber: true, inDomain: true, unheldDocuments: [] });
    expect(result.passages[0]!.lines.some((l) => l.countsAsked)).toBe(true);
    expect(result.passages[0]!.document?.id).toBe(CURRENT_LAW);
  });

  it('names a document the question cites that the library does not hold', async () => {
    const result = await retriever.retrieve('Theo Nghị định 113/2024/NĐ-CP hợp tác xã được hỗ trợ bao nhiêu phần trăm chi phí đào tạo?', 3);
    expect(result.analysis.unheldDocuments).toEqual(['nghi dinh 113/2024']);
    expect(result.analysis.askedUnit).toBe('percent');
  });
});

describe('QuestionMatcher: a word of the question the bank question lacks', () => {
  const withBank = KnowledgeIndex.build(fixtureDocuments(), loadLexicon(KNOWLEDGE_DIR));
  withBank.useQuestionBank(
    parseQuestionBank(`doc: ${CURRENT_LAW}
entries:
  - ref: "9.2"
    questions: [vốn góp của mỗi thành viên hợp tác xã được tối đa bao nhiêu phần trăm]
`),
  );
  const similarity = (question: string) => withBank.matchBank(question)[0]?.similarity ?? 0;

  it('is another question when that word weighs: "thời hạn" of góp vốn is not its ceiling', () => {
    const same = similarity('vốn góp của mỗi thành viên hợp tác xã tối đa bao nhiêu phần trăm');
    const other = similarity('thời hạn vốn góp của mỗi thành viên hợp tác xã tối đa bao nhiêu phần trăm');
    expect(same).toBeGreaterThan(0.9);
    expect(other).toBeLessThan(0.8);
  });
});
