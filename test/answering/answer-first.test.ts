import { describe, expect, it } from 'vitest';
import { ANSWER_TEXTS } from '../../src/answering/answer-texts.ts';
import { createExtractiveComposer } from '../../src/answering/extractive-composer.ts';
import type { ResolvedBankEntry } from '../../src/knowledge/question-bank.ts';
import type { DocumentMeta, Passage } from '../../src/knowledge/types.ts';
import type { BankMatch } from '../../src/retrieval/types.ts';
import { fakeResult, fakeRetrieved, scoredLines } from '../fixtures/retrieval/fake-result.ts';

/**
 * The composer on retrieval results built by hand: what the reader sees first, which khoản is
 * quoted, and when the bot says it does not hold the answer. No index, no retrieval.
 */
const LAW: DocumentMeta = {
  id: 'luat-mau',
  title: 'Luật Mẫu',
  citeAs: 'Luật Mẫu 2030 (1/2030/QH99)',
  issuer: 'Quốc hội',
  status: 'in_force',
  statusNote: 'còn hiệu lực (giả lập)',
  scope: 'national',
  type: 'luat',
};
const ARTICLE: Passage = {
  id: 'luat-mau#d7',
  docId: LAW.id,
  headingPath: ['Điều 7. Ban kiểm soát'],
  citation: `Điều 7 ${LAW.citeAs}`,
  text: [
    'Điều 7. Ban kiểm soát',
    '1. Ban kiểm soát có từ 01 đến 07 thành viên do đại hội bầu.',
    '2. Nhiệm kỳ của Ban kiểm soát tối đa là 05 năm.',
    '3. Ban kiểm soát có các nhiệm vụ sau đây:',
    'a) Kiểm tra việc chấp hành điều lệ;',
    'b) Giám sát hoạt động tài chính.',
  ].join('\n'),
  status: 'in_force',
  scope: 'national',
  article: 7,
};
/** Another article of the same law: its number, heading and lines (the heading line added). */
const article = (n: number, heading: string, lines: string[], part = ''): Passage => ({
  ...ARTICLE,
  id: `luat-mau#d${n}${part}`,
  citation: `Điều ${n} ${LAW.citeAs}`,
  article: n,
  headingPath: [`Điều ${n}. ${heading}`],
  text: [`Điều ${n}. ${heading}`, ...lines].join('\n'),
});
const compose = createExtractiveComposer({ nationalTextsLoaded: true }).compose;
const entry = (over: Partial<ResolvedBankEntry>): ResolvedBankEntry => ({
  doc: LAW.id,
  id: 'luat-mau:7.2:0',
  ref: '7.2',
  questions: ['nhiệm kỳ ban kiểm soát mấy năm'],
  target: { passageId: ARTICLE.id, lineIndex: 2, unitText: ARTICLE.text.split('\n')[2]!, unit: 'Khoản 2 Điều 7' },
  ...over,
});
const match = (e: ResolvedBankEntry, similarity: number, extra: Partial<BankMatch> = {}): BankMatch => ({
  entry: e,
  question: e.questions[0]!,
  similarity,
  precision: similarity,
  recall: similarity,
  subjects: [],
  ...extra,
});
// The lexical scores favour the first khoản; only the bank knows the question is about the term.
const lines = scoredLines(ARTICLE, { '1.': 0.9, '2.': 0.6 });

describe('answer first', () => {
  it('opens with the bank lead, then quotes the khoản the bank points to, cited to that khoản', () => {
    const lead = entry({ lead: 'Tối đa 05 năm.', basis: 'tối đa là 05 năm' });
    const result = fakeResult('nhiem ky bks may nam', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 2, match: match(lead, 0.9) } })]);
    const answer = compose(result);
    const [first, second] = answer.answer.split('\n');
    expect(first).toBe('Tối đa 05 năm.');
    expect(second).toBe('“Nhiệm kỳ của Ban kiểm soát tối đa là 05 năm.”');
    expect(answer.answer).toContain(`**${ANSWER_TEXTS.basis}:** Khoản 2 Điều 7 ${LAW.citeAs}, về Ban kiểm soát — còn hiệu lực (giả lập)`);
    expect(answer.citations[0]).toMatchObject({ docId: LAW.id, citation: `Khoản 2 Điều 7 ${LAW.citeAs}` });
    expect(answer.answer).not.toContain('01 đến 07');
  });

  it('opens with a lead that says yes ("Có.") only when the question asks yes or no', () => {
    const yes = entry({ lead: 'Có. Ban kiểm soát có nhiệm kỳ tối đa 05 năm.', basis: 'tối đa là 05 năm' });
    const asked = (kind: 'yes-no' | 'when') =>
      compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 2, match: match(yes, 0.9) } })], { kind })).answer.split('\n')[0];
    expect(asked('yes-no')).toBe('Có. Ban kiểm soát có nhiệm kỳ tối đa 05 năm.');
    expect(asked('when')).toBe('Nhiệm kỳ của Ban kiểm soát tối đa là 05 năm.');
  });

  it('opens with a yes or no only from a bank question that is nearly the same question', () => {
    const yes = entry({ lead: 'Có. Ban kiểm soát có nhiệm kỳ tối đa 05 năm.', basis: 'tối đa là 05 năm' });
    const at = (similarity: number) =>
      compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 2, match: match(yes, similarity) } })], { kind: 'yes-no' })).answer.split('\n')[0];
    expect(at(0.92)).toBe('Có. Ban kiểm soát có nhiệm kỳ tối đa 05 năm.');
    expect(at(0.85)).toBe('Nhiệm kỳ của Ban kiểm soát tối đa là 05 năm.');
  });

  it('opens with a lead that starts with "Có" or "Không" but says no yes or no, whatever the question asks', () => {
    for (const text of ['Có hai mức: tối đa 05 năm.', 'Không quá 05 năm.']) {
      const lead = entry({ lead: text, basis: 'tối đa là 05 năm' });
      const answer = compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 2, match: match(lead, 0.9) } })], { kind: 'number' }));
      expect(answer.answer.split('\n')[0]).toBe(text);
    }
  });

  it('quotes the pointed khoản without a lead when the match is not close enough for one', () => {
    const lead = entry({ lead: 'Tối đa 05 năm.', basis: 'tối đa là 05 năm' });
    const nearlyAsGood = scoredLines(ARTICLE, { '1.': 0.9, '2.': 0.8 });
    const answer = compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines: nearlyAsGood, pointed: { lineIndex: 2, match: match(lead, 0.76) } })]));
    expect(answer.answer.split('\n')[0]).toBe('Nhiệm kỳ của Ban kiểm soát tối đa là 05 năm.');
  });

  // A loosely similar bank question (of a neighbouring khoản) must not pick a line that answers far
  // less of the question than another line of the same passage.
  it('a loose match does not override a line that answers much better', () => {
    const answer = compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 2, match: match(entry({}), 0.76) } })]));
    expect(answer.answer.split('\n')[0]).toBe('Ban kiểm soát có từ 01 đến 07 thành viên do đại hội bầu.');
  });

  it('a close match points to its khoản even when another line covers more words', () => {
    const answer = compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 2, match: match(entry({}), 0.85) } })]));
    expect(answer.answer.split('\n')[0]).toBe('Nhiệm kỳ của Ban kiểm soát tối đa là 05 năm.');
  });

  it('without a bank match, quotes the line that covers the question best', () => {
    const answer = compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines })]));
    expect(answer.answer.split('\n')[0]).toBe('Ban kiểm soát có từ 01 đến 07 thành viên do đại hội bầu.');
    expect(answer.citations[0]!.citation).toBe(`Khoản 1 Điều 7 ${LAW.citeAs}`);
  });

  it('lists the điểm under a pointed lead-in', () => {
    const duties = entry({ ref: '7.3', target: { passageId: ARTICLE.id, lineIndex: 3, unitText: '', unit: 'Khoản 3 Điều 7' } });
    const answer = compose(fakeResult('q', [fakeRetrieved(ARTICLE, { document: LAW, lines, pointed: { lineIndex: 3, match: match(duties, 0.8) } })]));
    expect(answer.answer.split('\n').slice(0, 3)).toEqual(['Ban kiểm soát có các nhiệm vụ sau đây:', '• Kiểm tra việc chấp hành điều lệ;', '• Giám sát hoạt động tài chính.']);
  });
});

describe('knows what it does not hold', () => {
  const found = [fakeRetrieved(ARTICLE, { document: LAW, lines })];

  it('declines a question about a document it does not hold, and names what it holds nearby', () => {
    const answer = compose(fakeResult('q', found, { unheldDocuments: ['nghi dinh 113/2024'] }));
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain(ANSWER_TEXTS.unheldDocument('nghi dinh 113/2024'));
    expect(answer.answer).toContain(`Điều 7 ${LAW.citeAs}`);
    expect(answer.answer).toContain('Liên minh Hợp tác xã');
  });

  it('declines a percentage the quoted text does not give', () => {
    const answer = compose(fakeResult('q', found, { kind: 'number', asksNumber: true, askedUnit: 'percent' }));
    expect(answer.abstained).toBe(true);
    expect(answer.answer).toContain(ANSWER_TEXTS.noFigure);
  });

  it('declines "which decision" when the quoted text names none', () => {
    const answer = compose(fakeResult('q', found, { kind: 'which-document' }));
    expect(answer).toMatchObject({ abstained: true });
    expect(answer.answer).toContain(ANSWER_TEXTS.noDocument);
  });

  it('answers the same passages when the question asks for nothing they lack', () => {
    expect(compose(fakeResult('q', found, { kind: 'number', asksNumber: true })).abstained).toBe(false);
  });
});

describe('two close readings', () => {
  const members = entry({ ref: '7.1', questions: ['ban kiểm soát có mấy thành viên'], target: { passageId: ARTICLE.id, lineIndex: 1, unitText: '', unit: 'Khoản 1 Điều 7' } });
  const coop = entry({ id: 'luat-mau:3:0', ref: '3', questions: ['hợp tác xã có mấy thành viên'], target: { passageId: 'luat-mau#d3', lineIndex: 1, unitText: '' } });
  const found = [fakeRetrieved(ARTICLE, { document: LAW, lines })];

  it('asks which one, with the bank questions as choices', () => {
    const bank = [match(members, 0.7, { recall: 1, precision: 0.6, subjects: ['ban kiem soat'] }), match(coop, 0.69, { recall: 1, precision: 0.6, subjects: ['hop tac xa'] })];
    const answer = compose(fakeResult('có mấy thành viên', found, {}, bank));
    expect(answer.choices).toEqual(['Ban kiểm soát có mấy thành viên?', 'Hợp tác xã có mấy thành viên?']);
    expect(answer.answer).toContain(ANSWER_TEXTS.whichOne);
    expect(answer.abstained).toBe(false);
  });

  it('answers when the user named whom the question is about', () => {
    const bank = [match(members, 0.7, { recall: 1, precision: 0.6, subjects: ['ban kiem soat'] }), match(coop, 0.69, { recall: 1, precision: 0.6, subjects: ['hop tac xa'] })];
    const answer = compose(fakeResult('ban kiểm soát có mấy thành viên', found, { subjects: ['ban kiem soat', 'hop tac xa'] }, bank));
    expect(answer.choices).toBeUndefined();
  });

  it('answers when one reading is clearly closer', () => {
    const bank = [match(members, 0.9, { recall: 1, precision: 0.8, subjects: ['ban kiem soat'] }), match(coop, 0.7, { recall: 1, precision: 0.6, subjects: ['hop tac xa'] })];
    expect(compose(fakeResult('q', found, {}, bank)).choices).toBeUndefined();
  });
});

describe('another part of the same article', () => {
  // A long article is indexed in parts; the part ranked first need not hold the answering khoản.
  const partOne = { ...article(9, 'Đại hội thành viên', ['1. Đại hội bất thường do Hội đồng quản trị triệu tập khi cần.'], '-k1'), citation: `Khoản 1 Điều 9 ${LAW.citeAs}` };
  const partTwo = { ...article(9, 'Đại hội thành viên', ['2. Đại hội thường niên họp trong thời hạn 04 tháng kể từ ngày kết thúc năm tài chính.'], '-k2'), citation: `Khoản 2 Điều 9 ${LAW.citeAs}` };
  const other = article(10, 'Hội đồng quản trị', ['1. Hội đồng quản trị họp trong thời hạn 03 tháng.']);

  it('quotes the better khoản from a lower-ranked part of the same article, cited to it', () => {
    const result = fakeResult('q', [
      fakeRetrieved(partOne, { document: LAW, score: 2, lines: scoredLines(partOne, { '1.': 0.5 }) }),
      fakeRetrieved(partTwo, { document: LAW, score: 1, lines: scoredLines(partTwo, { '2.': 0.9 }) }),
    ]);
    const answer = compose(result);
    expect(answer.answer.split('\n')[0]).toContain('04 tháng');
    expect(answer.citations[0]!.citation).toBe(`Khoản 2 Điều 9 ${LAW.citeAs}`);
  });

  it('never takes the quote from a different article', () => {
    const result = fakeResult('q', [
      fakeRetrieved(partOne, { document: LAW, score: 2, lines: scoredLines(partOne, { '1.': 0.5 }) }),
      fakeRetrieved(other, { document: LAW, score: 1, lines: scoredLines(other, { '1.': 0.9 }) }),
    ]);
    expect(compose(result).citations[0]!.citation).toBe(`Khoản 1 Điều 9 ${LAW.citeAs}`);
  });

  it('keeps the khoản a close bank match points to', () => {
    const pointedHere = entry({ ref: '9.1', target: { passageId: partOne.id, lineIndex: 1, unitText: '', unit: 'Khoản 1 Điều 9' } });
    const result = fakeResult('q', [
      fakeRetrieved(partOne, { document: LAW, score: 2, lines: scoredLines(partOne, { '1.': 0.5 }), pointed: { lineIndex: 1, match: match(pointedHere, 0.9) } }),
      fakeRetrieved(partTwo, { document: LAW, score: 1, lines: scoredLines(partTwo, { '2.': 0.9 }) }),
    ]);
    expect(compose(result).citations[0]!.citation).toBe(`Khoản 1 Điều 9 ${LAW.citeAs}`);
  });
});

describe('an article answered as a list', () => {
  const contents = article(12, 'Điều lệ', ['Điều lệ có các nội dung chủ yếu sau đây:', '1. Tên, địa chỉ trụ sở;', '2. Ngành, nghề kinh doanh;', '3. Vốn điều lệ.']);

  it('opens with the article’s own lead-in, then its khoản', () => {
    const whole = entry({ ref: '12', target: { passageId: contents.id, lineIndex: 0, unitText: '', unit: 'Điều 12' } });
    const result = fakeResult('q', [fakeRetrieved(contents, { document: LAW, lines: scoredLines(contents, { 'Điều 12': 0.9 }), pointed: { lineIndex: 0, match: match(whole, 0.9) } })], { asksList: true, kind: 'list' });
    const shown = compose(result).answer.split('\n');
    expect(shown.slice(0, 4)).toEqual(['Điều lệ có các nội dung chủ yếu sau đây:', '• Tên, địa chỉ trụ sở;', '• Ngành, nghề kinh doanh;', '• Vốn điều lệ.']);
  });
});

describe('the topic in "Căn cứ"', () => {
  it('is left out when the heading is too long to help', () => {
    const title = 'Mã số tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã, mã số đơn vị phụ thuộc, mã số địa điểm kinh doanh của hợp tác xã';
    const long: Passage = { ...ARTICLE, headingPath: [`Điều 7. ${title}`], text: ARTICLE.text.replace('Điều 7. Ban kiểm soát', `Điều 7. ${title}`) };
    const answer = compose(fakeResult('q', [fakeRetrieved(long, { document: LAW, lines: scoredLines(long, { '1.': 0.9 }) })]));
    expect(answer.answer).toContain(`**${ANSWER_TEXTS.basis}:** Khoản 1 Điều 7 ${LAW.citeAs} — còn hiệu lực (giả lập)`);
  });
});

describe('"X là gì" where the texts define no X', () => {
  const units = article(20, 'Chi nhánh', ['1. Hợp tác xã được lập chi nhánh ở trong nước.', '2. Chi nhánh là đơn vị phụ thuộc của hợp tác xã.']);

  it('answers with the line saying what is one', () => {
    const lines = scoredLines(units, { '1.': 0.6, '2.': 0.5 }).map((l) => ({ ...l, exemplifiesAsked: l.text.startsWith('2.') }));
    const answer = compose(fakeResult('q', [fakeRetrieved(units, { document: LAW, lines })], { kind: 'definition', definitionOf: 'don vi phu thuoc' }));
    expect(answer.answer.split('\n')[0]).toBe('Chi nhánh là đơn vị phụ thuộc của hợp tác xã.');
  });
});

describe('the number asked, in a definitions article', () => {
  const terms = article(4, 'Giải thích từ ngữ', ['1. Góp vốn là việc thành viên góp tài sản khi thành lập hợp tác xã.', '2. Hợp tác xã là tổ chức do ít nhất 05 thành viên thành lập.']);

  it('is answered by its line alone, not with the other terms beside it', () => {
    const lines = scoredLines(terms, { '1.': 0.7, '2.': 0.8 }).map((l) => ({ ...l, countsAsked: l.text.startsWith('2.') }));
    const answer = compose(fakeResult('q', [fakeRetrieved(terms, { document: LAW, lines })], { kind: 'number', asksNumber: true, quantityOf: 'thanh vien' }));
    expect(answer.answer.split('\n')[0]).toBe('Hợp tác xã là tổ chức do ít nhất 05 thành viên thành lập.');
    expect(answer.answer).not.toContain('Góp vốn');
  });
});
