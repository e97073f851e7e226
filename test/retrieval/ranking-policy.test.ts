import { describe, expect, it } from 'vitest';
import type { DocumentMeta, Passage } from '../../src/knowledge/types.ts';
import { RANKING, rankingBoost } from '../../src/retrieval/ranking-policy.ts';

/** How a passage's score is scaled by what its document is about, on fictional texts. */
const FUND: DocumentMeta = {
  id: 'nd-quy',
  title: 'Nghị định về Quỹ mẫu',
  citeAs: 'Nghị định 1/2030/NĐ-CP',
  issuer: 'Chính phủ',
  status: 'in_force',
  scope: 'national',
  type: 'nghi-dinh',
  focus: ['quỹ'],
  focusAside: ['quỹ đầu tư phát triển'],
};
const passage: Passage = { id: 'nd-quy#d1', docId: FUND.id, headingPath: ['Điều 1. Quỹ'], citation: 'Điều 1', text: 'Điều 1. Quỹ', status: 'in_force', scope: 'national', article: 1 };
const boost = (question: string) => rankingBoost(question, new Map([[passage.id, passage]]), new Map([[FUND.id, FUND]]), [])(passage.id);

describe('a text about something narrower than co-ops', () => {
  it('sinks for a question naming none of it', () => {
    expect(boost('hợp tác xã cần mấy thành viên')).toBe(RANKING.offFocus);
  });

  it('keeps its place for a question naming it, typed with or without accents', () => {
    expect(boost('Quỹ cho hợp tác xã vay bao nhiêu')).toBe(1);
    expect(boost('quy cho htx vay bao nhieu')).toBe(1);
  });

  it('sinks when the word stands only in a name meaning something else: a co-op’s own fund', () => {
    expect(boost('hợp tác xã trích quỹ đầu tư phát triển bao nhiêu')).toBe(RANKING.offFocus);
    expect(boost('Quỹ trích quỹ đầu tư phát triển bao nhiêu')).toBe(1);
  });
});
