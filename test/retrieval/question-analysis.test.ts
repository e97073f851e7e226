import { describe, expect, it } from 'vitest';
import { parseLexicon } from '../../src/retrieval/lexicon.ts';
import { mentionsDomain, organisationsNamed, subjectsNamed } from '../../src/retrieval/question-analysis.ts';
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
