import { describe, expect, it } from 'vitest';
import type { KnowledgeDocument } from '../../src/knowledge/types.ts';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import { type QuestionPair, questionTerms } from '../../src/retrieval/text-analysis.ts';
import { KNOWLEDGE_DIR } from '../fixtures/knowledge/documents.ts';

const lexicon = loadLexicon(KNOWLEDGE_DIR);

/** Twelve one-line passages (one small document each), so document frequencies can be counted by hand. */
const LINES = [
  'Đại hội thành viên quyết định giải thể hợp tác xã.', // giải thể
  'Hợp tác xã bị giải thể khi không còn đủ số thành viên tối thiểu.', // giải thể
  'Khi giải thể, tài sản chung được chia theo điều lệ.', // giải thể
  'Hồ sơ giải thể gửi cơ quan đăng ký.', // giải thể
  'Ủy ban nhân dân xã giải quyết khiếu nại của người dân.', // "xã giải": an accident of word order
  'Ngân hàng cho vay vốn để mua giống.', // cho vay
  'Quỹ hỗ trợ cho vay đối với tổ hợp tác.', // cho vay
  'Thành viên được vay vốn khi có phương án sản xuất.', // vay, without "cho"
  'Hợp tác xã cho thành viên thuê máy cày.', // "cho thành": an accident too
  'Cán bộ hướng dẫn sổ sách kế toán.',
  'Thành viên họp mỗi năm một lần.',
  'Thành viên góp vốn đúng hạn.',
];

const documents: KnowledgeDocument[] = LINES.map((text, i) => ({
  meta: { id: `cv-thu-${i + 1}`, title: `Công văn thử ${i + 1}`, citeAs: `Công văn thử ${i + 1}`, issuer: 'UBND xã Thử', status: 'in_force', scope: 'national', type: 'cong-van' },
  text,
}));
const stats = KnowledgeIndex.build(documents, lexicon).stats;

/** The pair "first second" as a question would produce it. */
function pair(question: string, first: string, second: string): QuestionPair {
  const found = questionTerms(question, lexicon).pairs.find((p) => p.first.folded === first && p.second.folded === second);
  if (!found) throw new Error(`no pair ${first}_${second} in "${question}"`);
  return found;
}

describe('TermStatistics', () => {
  it('counts one passage per line', () => {
    expect(stats.passageCount).toBe(12);
  });

  it('weighs a compound fully: "giải thể" stands together wherever its rarer syllable does', () => {
    expect(stats.pairWeight(pair('hợp tác xã giải thể thế nào', 'giai', 'the'))).toBe(1);
  });

  it('weighs an accidental cross-word pair low: "xã | giải thể" read as "xã giải"', () => {
    // Together in 1 passage; "xã" in 4, "giải" in 5: 1 / min(4, 5).
    expect(stats.pairWeight(pair('hợp tác xã giải thể thế nào', 'xa', 'giai'))).toBe(0.25);
  });

  it('gives 0 to a pair no passage contains', () => {
    expect(stats.pairWeight(pair('thành viên giải thể', 'vien', 'giai'))).toBe(0);
  });

  it('keeps a pair with a filler word only when it is a strong compound', () => {
    // "cho vay": "vay" is in 3 passages, 2 of them right after "cho" → 2/3, above the 0.3 bar.
    const choVay = pair('cho vay vốn', 'cho', 'vay');
    expect(choVay.stopSide).toBe('first');
    expect(stats.pairWeight(choVay)).toBeCloseTo(2 / 3);
    // "cho thành": "thành" is in 6 passages, once after "cho" → 1/6, dropped.
    const choThanh = pair('cho thành viên thuê máy', 'cho', 'thanh');
    expect(choThanh.stopSide).toBe('first');
    expect(stats.pairWeight(choThanh)).toBe(0);
  });

  it('treats terms in more than a third of the passages as common', () => {
    expect(stats.isCommon('thanh')).toBe(true); // 6 of 12
    expect(stats.isCommon('thanh_vien')).toBe(true);
    expect(stats.isCommon('giai')).toBe(true); // 5 of 12
    expect(stats.isCommon('xa')).toBe(false); // 4 of 12: exactly a third is not more
    // Folded, "hợp" (4 passages) and "họp" (1) are one term: 5 of 12.
    expect(stats.isCommon('hop')).toBe(true);
    expect(stats.isCommon('~hợp')).toBe(false);
    expect(stats.isCommon('vay')).toBe(false);
    expect(stats.isCommon('khong-co-dau')).toBe(false);
  });

  it('gives rarer terms a higher IDF, unseen terms the highest', () => {
    expect(stats.has('vay')).toBe(true);
    expect(stats.has('~vay')).toBe(false);
    expect(stats.has('zzz')).toBe(false);
    expect(stats.idf('zzz')).toBeGreaterThan(stats.idf('vay'));
    expect(stats.idf('vay')).toBeGreaterThan(stats.idf('thanh'));
    expect(stats.idf('~giải')).toBe(stats.idf('giai')); // the accented form stands wherever the folded one does here
  });
});
