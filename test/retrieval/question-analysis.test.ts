import { describe, expect, it } from 'vitest';
import { loadLexicon, parseLexicon } from '../../src/retrieval/lexicon.ts';
import { analyzeQuestion, covers, mentionsDomain, organisationsNamed, subjectsNamed } from '../../src/retrieval/question-analysis.ts';
import { exemplifiesSubject } from '../../src/retrieval/reranker.ts';
import { TermStatistics } from '../../src/retrieval/term-statistics.ts';
import { KNOWLEDGE_DIR, fixtureDocuments } from '../fixtures/knowledge/documents.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import type { KnowledgeDocument } from '../../src/knowledge/types.ts';
import { foldDiacritics } from '../../src/retrieval/vietnamese.ts';

const named = (text: string) => organisationsNamed(foldDiacritics(text));

describe('which organisations a question is about', () => {
  it('reads each mention as the longest name it spells', () => {
    expect(named('Liên hiệp hợp tác xã cần mấy hợp tác xã thành viên')).toEqual(['lien hiep hop tac xa', 'hop tac xa']);
    expect(named('tổ hợp tác có tư cách pháp nhân không')).toEqual(['to hop tac']);
  });

  it('does not read an organisation into an institution named after it', () => {
    expect(named('Tổ hợp tác có những tình trạng pháp lý nào trong Cơ sở dữ liệu về đăng ký hợp tác xã?')).toEqual(['to hop tac']);
    expect(named('Quỹ hỗ trợ phát triển hợp tác xã cho vay bao nhiêu')).toEqual([]);
    expect(named('vào Liên minh Hợp tác xã Việt Nam thế nào')).toEqual([]);
    expect(named('hợp tác xã tra cứu trên Hệ thống thông tin quốc gia về đăng ký hợp tác xã')).toEqual(['hop tac xa']);
  });

  it('names the co-op bodies beside the organisations', () => {
    expect(subjectsNamed(foldDiacritics('Ban kiểm soát của hợp tác xã có mấy người'))).toEqual(['hop tac xa', 'ban kiem soat']);
  });
});

describe('whether a question names the domain', () => {
  const lexicon = parseLexicon(`
abbreviations: {}
synonyms: {}
stopPhrases: []
stopWords: []
domainTerms: [góp vốn, vốn điều lệ]
`);

  it('finds a domain term with one word inside it, as people say it, but not with two', () => {
    expect(mentionsDomain('thời hạn góp vốn', lexicon)).toBe(true);
    expect(mentionsDomain('thời hạn góp đủ vốn', lexicon)).toBe(true);
    expect(mentionsDomain('tăng vốn điều lệ', lexicon)).toBe(true);
    expect(mentionsDomain('tăng vốn của điều lệ', lexicon)).toBe(true);
    expect(mentionsDomain('góp thêm đủ vốn', lexicon)).toBe(false);
    expect(mentionsDomain('giá lúa hôm nay', lexicon)).toBe(false);
    expect(mentionsDomain('góp', lexicon)).toBe(false);
  });
});

describe('a syllable bound to a phrase of the lexicon', () => {
  const lexicon = loadLexicon(KNOWLEDGE_DIR);
  const stats = TermStatistics.fromDocumentFrequencies(new Map(), 0);
  const rut = (question: string) => analyzeQuestion(question, lexicon, stats).concepts.find((c) => c.term === 'rut')!;

  it('covers only where the phrase, or what it stands for, is written', () => {
    const concept = rut('rut von duoc khong');
    expect(concept.boundTo).toBe('rut_von');
    expect(covers(new Set(['rut', 'gon', 'rut_gon']), concept)).toBe(false);
    expect(covers(new Set(['rut', 'von', 'rut_von']), concept)).toBe(true);
    expect(covers(new Set(['tra', 'lai', 'von', 'gop', 'tra_lai', 'lai_von', 'von_gop']), concept)).toBe(true);
  });

  it('leaves a syllable outside any phrase of the lexicon free', () => {
    expect(rut('rut gon thu tuc').boundTo).toBeUndefined();
  });
});

describe('what "X là gì" asks about', () => {
  const lexicon = loadLexicon(KNOWLEDGE_DIR);
  const stats = TermStatistics.fromDocumentFrequencies(new Map(), 0);
  const subject = (q: string) => analyzeQuestion(foldDiacritics(q), lexicon, stats).definitionOf;

  it('keeps the words inside the term and leaves out its owner and the filler before it', () => {
    expect(subject('Đơn vị phụ thuộc của hợp tác xã là gì?')).toBe('don vi phu thuoc');
    expect(subject('cho tôi hỏi vốn điều lệ của htx là gì')).toBe('von dieu le');
    expect(subject('hợp tác xã là gì')).toBe('hop tac xa');
  });
});

describe('a line saying what is one of the thing asked about', () => {
  it('"Chi nhánh là đơn vị phụ thuộc …" answers "đơn vị phụ thuộc là gì"; a definition of it does not count as an example', () => {
    expect(exemplifiesSubject(foldDiacritics('1. Chi nhánh là đơn vị phụ thuộc của hợp tác xã.'), 'don vi phu thuoc')).toBe(true);
    expect(exemplifiesSubject(foldDiacritics('Đơn vị phụ thuộc là đơn vị phụ thuộc của …'), 'don vi phu thuoc')).toBe(false);
    expect(exemplifiesSubject(foldDiacritics('Chi nhánh là đơn vị kinh doanh.'), 'don vi phu thuoc')).toBe(false);
  });
});

describe('the trade a co-op works in', () => {
  const index = KnowledgeIndex.build(fixtureDocuments(), loadLexicon(KNOWLEDGE_DIR));
  const terms = (q: string) => index.analyze(q).concepts.map((c) => foldDiacritics(c.term.replace(/^~/, '')));

  it('is left out of what is asked: the law is the same for every trade', () => {
    expect(terms('lập hợp tác xã trồng thanh long cần mấy thành viên')).not.toContain('long');
    expect(terms('lập hợp tác xã trồng thanh long cần mấy thành viên')).not.toContain('trong');
    expect(terms('lap htx nuoi ca tra can may thanh vien')).not.toContain('tra');
    expect(index.analyze('minh muon lap htx trong rau thi can bao nhieu nguoi').unknownShare).toBe(0);
  });

  it('"trong" typed without accents is "in" unless a product the texts lack follows', () => {
    expect(terms('dang ky htx trong thoi han bao lau')).toContain('thoi');
  });
});

describe('a word the texts write only as another word', () => {
  // The texts have "có phiếu" (a ballot) and "cổ phần", never "cổ phiếu" (shares).
  const lines = ['Mỗi thành viên có phiếu biểu quyết.', 'Thành viên có phiếu bầu kín.', 'Hợp tác xã góp vốn, mua cổ phần.', 'Phiếu bầu do ban kiểm soát giữ.', 'Hợp tác xã được phát hành trái phiếu.'];
  const documents: KnowledgeDocument[] = lines.map((text, i) => ({
    meta: { id: `cv-${i + 1}`, title: `Công văn ${i + 1}`, citeAs: `Công văn ${i + 1}`, issuer: 'UBND xã Thử', status: 'in_force', scope: 'national', type: 'cong-van' },
    text,
  }));
  const index = KnowledgeIndex.build(documents, loadLexicon(KNOWLEDGE_DIR));

  it('counts as unknown when typed with accents, though each syllable is known from other words', () => {
    expect(index.analyze('Hợp tác xã có được phát hành trái phiếu không?').unknownShare).toBe(0);
    expect(index.analyze('Hợp tác xã có được phát hành cổ phiếu không?').unknownShare).toBeGreaterThan(0.2);
  });

  it('leaves a word the texts do write alone', () => {
    expect(index.analyze('Thành viên có phiếu biểu quyết không?').unknownShare).toBe(0);
  });
});
