import { describe, expect, it } from 'vitest';
import { loadLexicon, parseLexicon } from '../../src/retrieval/lexicon.ts';
import {
  analyzeText,
  conceptTerm,
  indexTerms,
  isAccentedQuestion,
  queryTerms,
  questionTerms,
  questionTokens,
} from '../../src/retrieval/text-analysis.ts';
import { KNOWLEDGE_DIR } from '../fixtures/knowledge/documents.ts';

const lexicon = loadLexicon(KNOWLEDGE_DIR);
const accented = (text: string) => analyzeText(text, lexicon).map((t) => t.accented);
const folded = (text: string) => analyzeText(text, lexicon).map((t) => t.folded);
const words = (question: string) => questionTerms(question, lexicon).words.map((t) => t.accented);
const weightsOf = (question: string, pairWeight?: Parameters<typeof queryTerms>[2]) =>
  new Map(queryTerms(question, lexicon, pairWeight).map((t) => [t.term, t.weight]));

describe('analyzeText: abbreviations', () => {
  it('writes out the abbreviations of the lexicon, in any case and with or without đ', () => {
    expect(accented('HTX')).toEqual(['hợp', 'tác', 'xã']);
    expect(accented('THT')).toEqual(['tổ', 'hợp', 'tác']);
    expect(accented('LHHTX')).toEqual(['liên', 'hiệp', 'hợp', 'tác', 'xã']);
    expect(accented('UBND tỉnh')).toEqual(['ủy', 'ban', 'nhân', 'dân', 'tỉnh']);
    expect(accented('ĐKKD')).toEqual(['đăng', 'ký', 'kinh', 'doanh']);
    expect(accented('dkkd')).toEqual(['đăng', 'ký', 'kinh', 'doanh']);
  });

  it('prefers the longest abbreviation: "LH HTX" is one federation, not "lh" + a co-op', () => {
    expect(accented('LH HTX')).toEqual(['liên', 'hiệp', 'hợp', 'tác', 'xã']);
  });

  it('folds the written-out words too, and marks them as not typed by the user', () => {
    const tokens = analyzeText('htx mới', lexicon);
    expect(tokens.map((t) => t.folded)).toEqual(['hop', 'tac', 'xa', 'moi']);
    expect(tokens.map((t) => t.expanded ?? false)).toEqual([true, true, true, false]);
  });

  it('leaves words that merely contain an abbreviation alone', () => {
    expect(accented('htxa ubnd2')).toEqual(['htxa', 'ubnd2']);
  });
});

describe('analyzeText and indexTerms: runs and terms', () => {
  it('numbers punctuation-free runs, keeping "/" and "-" inside document numbers', () => {
    expect(analyzeText('Hợp tác xã, thành viên; 92/2024/NĐ-CP', lexicon).map((t) => t.run)).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2]);
  });

  it('indexes folded syllables and pairs, plus accented forms where they differ', () => {
    const terms = indexTerms('Thành viên góp vốn', lexicon);
    expect(terms).toEqual(
      expect.arrayContaining(['thanh', '~thành', 'vien', '~viên', 'thanh_vien', '~thành_viên', 'gop_von', '~góp_vốn']),
    );
    expect(terms).not.toContain('~thanh');
  });

  it('adds no accented terms for unaccented text', () => {
    expect(indexTerms('hop tac xa ban hang', lexicon).filter((t) => t.startsWith('~'))).toEqual([]);
    // "ban" has no marks: in a text with accents its exact pair is spelled in full.
    expect(indexTerms('ban quản trị', lexicon)).toEqual(expect.arrayContaining(['ban', 'ban_quan', '~ban_quản']));
  });

  it('never pairs syllables across punctuation', () => {
    const terms = indexTerms('Hợp tác xã. Thành viên', lexicon);
    expect(terms).not.toContain('xa_thanh');
    expect(terms).toContain('tac_xa');
  });

  it('indexes numbers without leading zeros, paired with the noun they count', () => {
    expect(indexTerms('ít nhất 05 thành viên', lexicon)).toEqual(expect.arrayContaining(['5', 'nhat_5', '5_thanh']));
    expect(indexTerms('ít nhất 05 thành viên', lexicon)).not.toContain('05');
  });
});

describe('isAccentedQuestion', () => {
  it('reads a question as accented when at least a fifth of its typed syllables carry marks', () => {
    const q = (text: string) => isAccentedQuestion(analyzeText(text, lexicon));
    expect(q('điều kiện thành lập')).toBe(true);
    expect(q('dieu kien thanh lap')).toBe(false);
    expect(q('dieu kien thanh lap hợp')).toBe(true); // 1 of 5
    expect(q('dieu kien thanh lap hop tac xã')).toBe(false); // 1 of 7
    expect(q('')).toBe(false);
  });

  it('does not count syllables written out from an abbreviation', () => {
    // Regression: "htx" became "hợp tác xã" and made this unaccented question look accented, so
    // "can" and "bao nhieu" were no longer recognised as filler.
    expect(isAccentedQuestion(analyzeText('htx can bao nhieu thanh vien', lexicon))).toBe(false);
    expect(isAccentedQuestion(analyzeText('HTX cần bao nhiêu thành viên', lexicon))).toBe(true);
    expect(questionTerms('htx can bao nhieu thanh vien', lexicon).words.map((t) => t.folded)).toEqual([
      'hop',
      'tac',
      'xa',
      'thanh',
      'vien',
    ]);
  });
});

describe('questionTerms: stop words and stop phrases', () => {
  it('reads stop words with accents in an accented question: "hội" stays, "hỏi" goes', () => {
    expect(words('Tôi hỏi về hội đồng quản trị')).toEqual(['hội', 'đồng', 'quản', 'trị']);
  });

  it('reads them folded in an unaccented question, where "hoi" may be either', () => {
    expect(words('toi hoi ve hoi dong quan tri')).toEqual(['dong', 'quan', 'tri']);
  });

  it('keeps "đăng" typed with accents, and the pair "dang ky" typed without, marked as a stop-word pair', () => {
    expect(words('đăng ký hợp tác xã')).toEqual(['đăng', 'ký', 'hợp', 'tác', 'xã']);
    const terms = questionTerms('dang ky hop tac xa', lexicon);
    expect(terms.words.map((t) => t.folded)).toEqual(['ky', 'hop', 'tac', 'xa']);
    expect(terms.pairs[0]).toMatchObject({ first: { folded: 'dang' }, second: { folded: 'ky' }, stopSide: 'first' });
  });

  it('drops a pair of two stop words entirely', () => {
    const pairs = questionTerms('vốn là của ai', lexicon).pairs.map((p) => `${p.first.folded}_${p.second.folded}`);
    expect(pairs).toEqual(['von_la']);
  });

  it('removes stop phrases whole, with the pairs that touch them', () => {
    const terms = questionTerms('Cho tôi hỏi điều kiện thành lập như thế nào', lexicon);
    expect(terms.words.map((t) => t.accented)).toEqual(['điều', 'kiện', 'thành', 'lập']);
    expect(terms.pairs.map((p) => `${p.first.folded}_${p.second.folded}`)).toEqual(['dieu_kien', 'kien_thanh', 'thanh_lap']);
    expect(words('cho toi hoi dieu kien thanh lap nhu the nao')).toEqual(['dieu', 'kien', 'thanh', 'lap']);
    expect(words('Vốn điều lệ là gì ạ')).toEqual(['vốn', 'điều', 'lệ']);
  });

  it('drops a closing particle typed without accents only at the end: "vay" before that is to borrow', () => {
    expect(words('hop tac xa cho vay von the nao vay a')).toEqual(['hop', 'tac', 'xa', 'vay', 'von']);
    expect(words('vay von o dau')).toEqual(['vay', 'von']);
    expect(words('Vậy vay vốn ở đâu ạ')).toEqual(['vay', 'vốn']);
  });

  it('matches stop phrases by their accents in an accented question: "vôi" is not "với"', () => {
    expect(words('bón vôi cho lúa')).toEqual(['bón', 'vôi', 'lúa']);
    expect(words('bon voi cho lua')).toEqual(['bon', 'lua']);
  });

  it('gives exact (accented) concept terms for an accented question, folded ones otherwise', () => {
    const exact = questionTerms('thành lập ban quản trị', lexicon);
    expect(exact.words.map((w) => conceptTerm(exact, w))).toEqual(['~thành', '~lập', 'ban', '~quản', '~trị']);
    expect(conceptTerm(exact, exact.pairs[0]!)).toBe('~thành_lập');
    const plain = questionTerms('thanh lap ban quan tri', lexicon);
    // Unaccented "ban" may be "bạn" (a stop word): it goes as a syllable, and lives on in the pair "ban quan".
    expect(plain.words.map((w) => conceptTerm(plain, w))).toEqual(['thanh', 'lap', 'quan', 'tri']);
    expect(plain.pairs.map((p) => conceptTerm(plain, p))).toEqual(['thanh_lap', 'lap_ban', 'ban_quan', 'quan_tri']);
    expect(plain.pairs.find((p) => p.first.folded === 'ban')?.stopSide).toBe('first');
  });
});

describe('queryTerms', () => {
  it('weights folded terms fully and exact accented terms lower, only for an accented question', () => {
    const exact = weightsOf('góp vốn');
    expect(exact.get('gop')).toBe(1);
    expect(exact.get('gop_von')).toBe(1);
    expect(exact.get('~góp')).toBe(0.35);
    expect(exact.get('~góp_vốn')).toBe(0.35);
    expect([...weightsOf('gop von').keys()].filter((t) => t.startsWith('~'))).toEqual([]);
  });

  it('adds synonyms at a lower weight: "xã viên" also searches "thành viên"', () => {
    const weights = weightsOf('xã viên có quyền gì');
    expect(weights.get('xa')).toBe(1);
    expect(weights.get('vien')).toBe(1);
    expect(weights.get('quyen')).toBe(1);
    expect(weights.get('thanh')).toBe(0.4);
    expect(weights.get('thanh_vien')).toBe(0.4);
    expect(weights.has('co')).toBe(false);
    expect(weights.has('gi')).toBe(false);
  });

  it('never lowers a term the question has itself, and skips stop words inside synonyms', () => {
    const weights = weightsOf('vay vốn');
    expect(weights.get('vay')).toBe(1);
    expect(weights.get('cho_vay')).toBe(0.4);
    expect(weights.get('tin_dung')).toBe(0.4);
    expect(weights.has('cho')).toBe(false);
    expect(weightsOf('thành lập').get('sang_lap')).toBe(0.4);
    expect(weightsOf('thành lập').get('lap')).toBe(1);
  });

  it('finds synonyms for questions that use abbreviations or no accents', () => {
    expect(weightsOf('xa vien htx').get('thanh_vien')).toBe(0.4);
    expect(weightsOf('giay phep kinh doanh').get('chung_nhan')).toBe(0.4);
  });

  it('scales pairs by pairWeight and leaves out those it weighs 0', () => {
    const weights = weightsOf('giải thể hợp tác xã', (pair) => (pair.first.folded === 'giai' ? 0.5 : 0));
    expect(weights.get('giai_the')).toBe(0.5);
    expect(weights.get('~giải_thể')).toBeCloseTo(0.175);
    expect(weights.has('the_hop')).toBe(false);
    expect(weights.has('hop_tac')).toBe(false);
    expect(weights.get('hop')).toBe(1);
  });
});

describe('a question read once per retrieval', () => {
  it('gives the same reading to each reader of the same question, and reads it anew for another lexicon', () => {
    const question = 'HTX cần tối thiểu bao nhiêu thành viên?';
    expect(questionTerms(question, lexicon)).toBe(questionTerms(question, lexicon));
    expect(questionTokens(question, lexicon)).toEqual(analyzeText(question, lexicon));
    const bare = parseLexicon('{ abbreviations: {}, synonyms: {}, stopPhrases: [], stopWords: [], domainTerms: [] }');
    expect(questionTokens(question, bare).map((t) => t.folded)).toEqual(['htx', 'can', 'toi', 'thieu', 'bao', 'nhieu', 'thanh', 'vien']);
  });

  it('keeps only the last few questions', () => {
    const first = questionTerms('vốn góp tối đa', lexicon);
    for (let i = 0; i < 20; i++) questionTerms(`câu hỏi ${i}`, lexicon);
    expect(questionTerms('vốn góp tối đa', lexicon)).not.toBe(first);
    expect(questionTerms('vốn góp tối đa', lexicon)).toEqual(first);
  });
});

describe('queryTerms: a phrase the lexicon reads as a whole', () => {
  // "rút vốn" (lexicon: "trả lại phần vốn góp") is never written so in the texts; their "rút" is
  // the "rút" of "quản trị rút gọn", another word.
  it('searches its syllables at a synonym’s weight when the texts never write the phrase', () => {
    const weights = weightsOf('rut von duoc khong', () => 0);
    expect(weights.get('rut')).toBeLessThan(1);
    expect(weights.get('tra')).toBeGreaterThan(0);
  });

  it('keeps full weight where the texts write the phrase itself', () => {
    expect(weightsOf('rut von duoc khong', () => 1).get('rut')).toBe(1);
  });
});
