import { describe, expect, it } from 'vitest';
import { KnowledgeIndex } from '../../src/retrieval/knowledge-index.ts';
import { loadLexicon } from '../../src/retrieval/lexicon.ts';
import {
  CURRENT_CITE,
  CURRENT_LAW,
  KNOWLEDGE_DIR,
  OLD_LAW,
  PLAN,
  fixtureDocuments,
} from '../fixtures/knowledge/documents.ts';

/** The fictional current law, the superseded law it replaced and a provincial plan, with the real lexicon. */
const index = KnowledgeIndex.build(fixtureDocuments(), loadLexicon(KNOWLEDGE_DIR));

const search = (question: string, k = 10) => index.searchLexical(question, k);
const ids = (question: string, k = 10) => search(question, k).map((r) => r.passage.id);
const top = (question: string) => ids(question, 1)[0];
const rank = (question: string, id: string) => {
  const at = ids(question, 20).indexOf(id);
  if (at < 0) throw new Error(`${id} not retrieved for "${question}": ${ids(question, 20).join(', ')}`);
  return at;
};

const law = (anchor: string) => `${CURRENT_LAW}#${anchor}`;
const oldLaw = (anchor: string) => `${OLD_LAW}#${anchor}`;
const plan = (anchor: string) => `${PLAN}#${anchor}`;

describe('KnowledgeIndex.searchLexical: diacritics', () => {
  it('finds the same top passage for a question typed without accents as with them', () => {
    expect(top('điều kiện trở thành thành viên')).toBe(law('d4'));
    expect(top('dieu kien tro thanh thanh vien')).toBe(law('d4'));
    expect(search('dieu kien tro thanh thanh vien', 1)[0]!.passage.citation).toBe(`Điều 4 ${CURRENT_CITE}`);
  });

  it('prefers the exactly accented passage when two differ only in accents', () => {
    // "trồng bơ" (growing avocados) and "trông bò" (herding cows) are both "trong bo" folded.
    const avocado = plan('muc-III.3.1');
    const cows = plan('muc-III.3.2');
    expect(ids('tổ hợp tác trồng bơ được hỗ trợ gì', 2)).toEqual([avocado, cows]);
    expect(ids('tổ hợp tác trông bò được hỗ trợ gì', 2)).toEqual([cows, avocado]);
  });

  it('cannot tell them apart without accents, and ranks both first at the same score', () => {
    const results = search('to hop tac trong bo duoc ho tro gi', 2);
    expect(new Set(results.map((r) => r.passage.id))).toEqual(new Set([plan('muc-III.3.1'), plan('muc-III.3.2')]));
    expect(results[0]!.score).toBeCloseTo(results[1]!.score, 10);
  });
});

describe('KnowledgeIndex.searchLexical: status', () => {
  // The two laws say the same sentence with a different number (05 now, 07 before).
  const current = law('d3');
  const superseded = oldLaw('d2');

  it('ranks the superseded law below the current one on the same point', () => {
    const question = 'hợp tác xã phải có ít nhất bao nhiêu thành viên';
    expect(top(question)).toBe(current);
    expect(rank(question, superseded)).toBeGreaterThan(rank(question, current));
    expect(search(question).find((r) => r.passage.id === superseded)?.passage.status).toBe('superseded');
  });

  it('raises the superseded law when the question asks about "luật 2012"', () => {
    const question = 'luật 2012 quy định hợp tác xã phải có ít nhất bao nhiêu thành viên';
    expect(top(question)).toBe(superseded);
    expect(rank(question, superseded)).toBeLessThan(rank(question, current));
  });

  it('raises the superseded law when the question asks about "luật cũ"', () => {
    expect(top('theo luật cũ hợp tác xã cần ít nhất mấy thành viên')).toBe(superseded);
    expect(top('theo luat cu htx can it nhat may thanh vien')).toBe(superseded);
  });

  it('keeps the current law first when the question asks about the current one', () => {
    expect(top('theo luật hiện hành hợp tác xã cần ít nhất mấy thành viên')).toBe(current);
  });
});

describe('KnowledgeIndex.searchLexical: local plans', () => {
  it('ranks the plan first when the question names its province', () => {
    expect(top('ở Ngọc Sơn hỗ trợ thành lập hợp tác xã thế nào')).toBe(plan('muc-III.2'));
    expect(top('ho tro thanh lap htx o ngoc son')).toBe(plan('muc-III.2'));
  });

  it('prefers the national law when the question names no place', () => {
    const question = 'hỗ trợ thành lập hợp tác xã';
    expect(top(question)).toBe(law('d11'));
    expect(rank(question, plan('muc-III.2'))).toBeGreaterThan(rank(question, law('d11')));
  });

  it('finds the plan’s own content by place even when the words are general', () => {
    const results = ids('kế hoạch của tỉnh Ngọc Sơn', 5);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((id) => id.startsWith(`${PLAN}#`))).toBe(true);
  });
});

describe('KnowledgeIndex.searchLexical: what the question asks', () => {
  it('"X là gì" finds the line defining X, over a passage that repeats X more often', () => {
    expect(index.analyze('vốn điều lệ là gì').definitionOf).toBe('von dieu le');
    const results = ids('vốn điều lệ là gì', 5);
    // Điều 9 says "vốn điều lệ" four times; Điều 2 defines it once.
    expect(results[0]).toBe(law('d2'));
    expect(results).toContain(law('d9'));
    expect(top('thanh vien lien ket la gi')).toBe(law('d2'));
  });

  it('"bao nhiêu X" prefers the passage with "<number> X"', () => {
    expect(index.analyze('hợp tác xã phải có ít nhất bao nhiêu thành viên').quantityOf).toBe('thanh vien');
    const best = search('hợp tác xã cần bao nhiêu thành viên', 1)[0]!.passage;
    expect(best.id).toBe(law('d3'));
    expect(best.text).toContain('ít nhất 05 thành viên');
  });

  it('reads abbreviations in the question as the full words of the texts', () => {
    expect(top('htx can bao nhieu thanh vien')).toBe(law('d3'));
    expect(top('HTX cần bao nhiêu thành viên')).toBe(law('d3'));
    // Regression: "htx" used to make this unaccented question count as accented, so "can" and
    // "bao nhieu" were searched as words; written out or not, the question must search the same.
    expect(search('htx can bao nhieu thanh vien', 6)).toEqual(search('hop tac xa can bao nhieu thanh vien', 6));
    expect(search('HTX cần bao nhiêu thành viên', 6)).toEqual(search('hợp tác xã cần bao nhiêu thành viên', 6));
    // The law writes "cơ quan đăng ký kinh doanh", never "ĐKKD".
    expect(top('nop ho so o co quan dkkd nao')).toBe(law('d10'));
    expect(top('nộp hồ sơ ở cơ quan ĐKKD nào')).toBe(law('d10'));
  });

  it('finds the text through a synonym: "xã viên" for "thành viên"', () => {
    const results = search('xã viên có quyền gì', 3);
    expect(results.map((r) => r.passage.article)).toEqual([5, 5, 5]);
    expect(results.every((r) => r.passage.citation.includes(`Điều 5 ${CURRENT_CITE}`))).toBe(true);
  });
});

describe('KnowledgeIndex.searchLexical: results', () => {
  const question = 'thành viên góp vốn điều lệ';

  it('returns at most k results, best first', () => {
    for (const k of [1, 3, 8]) {
      const results = search(question, k);
      expect(results).toHaveLength(k);
      for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    }
  });

  it('gives the same order whatever k is', () => {
    expect(ids(question, 3)).toEqual(ids(question, 8).slice(0, 3));
    expect(ids(question, 1)).toEqual([law('d9')]);
  });

  it('returns nothing when no word of the question is in the texts, or the question is only filler', () => {
    expect(search('zzz qqq')).toEqual([]);
    expect(search('là gì')).toEqual([]);
    expect(search('')).toEqual([]);
  });

  it('returns distinct passages', () => {
    const all = ids('hợp tác xã thành viên', 30);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('KnowledgeIndex.searchLexical: which organisation is asked about', () => {
  // Two articles on the same point for two organisations; the one about liên hiệp repeats the question's words.
  const document = {
    meta: { ...fixtureDocuments()[0]!.meta, id: 'luat-to-chuc-mau' },
    text: [
      'Chương I',
      'THÀNH VIÊN',
      'Điều 1. Điều kiện trở thành thành viên hợp tác xã',
      '1. Cá nhân là nhà đầu tư nước ngoài được trở thành thành viên khi có giấy chứng nhận đăng ký đầu tư.',
      'Điều 2. Điều kiện trở thành thành viên liên hiệp hợp tác xã',
      '1. Nhà đầu tư nước ngoài được làm thành viên của liên hiệp hợp tác xã khi đáp ứng điều kiện tiếp cận thị trường.',
      'Điều 3. Đại hội',
      '1. Đại hội họp thường niên mỗi năm một lần.',
      'Điều 4. Vốn',
      '1. Vốn điều lệ do các bên góp theo cam kết.',
      'Điều 5. Giải thể',
      '1. Việc giải thể theo nghị quyết của đại hội.',
      'Điều 6. Con dấu',
      '1. Con dấu được quản lý theo điều lệ.',
    ].join('\n'),
  };
  const organisations = KnowledgeIndex.build([document], loadLexicon(KNOWLEDGE_DIR));
  const first = (question: string) => organisations.searchLexical(question, 2)[0]!.passage.headingPath.at(-1);

  it('sinks an article headed by another organisation than the one the question names', () => {
    expect(first('nhà đầu tư nước ngoài có được làm thành viên hợp tác xã không')).toBe('Điều 1. Điều kiện trở thành thành viên hợp tác xã');
    expect(first('nhà đầu tư nước ngoài có được làm thành viên liên hiệp hợp tác xã không')).toBe('Điều 2. Điều kiện trở thành thành viên liên hiệp hợp tác xã');
  });
});
