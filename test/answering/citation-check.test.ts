import { describe, expect, it } from 'vitest';
import {
  ABSTENTION_OPENING,
  checkCitations,
  findCitationMarkers,
  isAbstention,
  lacksCitationForLegalPoint,
  withoutSourcesSection,
} from '../../src/answering/citation-check.ts';

describe('findCitationMarkers', () => {
  it('finds single numbers, groups and ranges, in order of first appearance', () => {
    expect(findCitationMarkers('Cần ít nhất 05 thành viên [2]. Vốn góp [1, 3] và [4-5]; lại [2].')).toEqual([2, 1, 3, 4, 5]);
  });

  it('ignores brackets that are not citations', () => {
    expect(findCitationMarkers('Xem [Điều 30] và [a] hoặc [](x)')).toEqual([]);
  });
});

describe('checkCitations', () => {
  it('removes an invented [7] and keeps the passages given', () => {
    const checked = checkCitations('Hợp tác xã cần ít nhất 05 thành viên [1] [7]. Liên hiệp cần 03 hợp tác xã [7].', 3);
    expect(checked.text).toBe('Hợp tác xã cần ít nhất 05 thành viên [1]. Liên hiệp cần 03 hợp tác xã.');
    expect(checked.used).toEqual([1]);
    expect(checked.invented).toEqual([7]);
  });

  it('keeps the valid numbers of a group', () => {
    expect(checkCitations('Theo quy định [2, 7] thì được.', 3).text).toBe('Theo quy định [2] thì được.');
    expect(checkCitations('Theo quy định [2-4].', 3)).toMatchObject({ text: 'Theo quy định [2, 3].', used: [2, 3], invented: [4] });
  });

  it('tidies the space a removed marker leaves between words, at line starts and in lists', () => {
    expect(checkCitations('Góp vốn [9] theo điều lệ [1].', 1).text).toBe('Góp vốn theo điều lệ [1].');
    expect(checkCitations('[9] Góp vốn [1]\n• Ý hai [0]\n• Ý ba [1][8]', 1).text).toBe('Góp vốn [1]\n• Ý hai\n• Ý ba [1]');
  });

  it('counts [0] and numbers past the last passage as invented', () => {
    expect(checkCitations('A [0] B [4]', 3)).toMatchObject({ used: [], invented: [0, 4] });
  });
});

describe('withoutSourcesSection', () => {
  it('drops a sources list the model wrote', () => {
    const text = 'Cần ít nhất 05 thành viên [1].\n\n**Nguồn:**\n- [1] Điều 30 Luật Hợp tác xã 2023\n- [7] Luật bịa';
    expect(withoutSourcesSection(text)).toBe('Cần ít nhất 05 thành viên [1].');
    expect(withoutSourcesSection('Trả lời [1].\nCăn cứ: [1] Điều 30.')).toBe('Trả lời [1].');
  });

  it('keeps sentences that merely start with "Căn cứ"', () => {
    const text = 'Theo luật:\nCăn cứ Điều 30, hợp tác xã cần 05 thành viên [1].';
    expect(withoutSourcesSection(text)).toBe(text);
  });
});

describe('abstention and unsupported legal points', () => {
  it('recognises the abstention the system prompt asks for', () => {
    expect(isAbstention(`${ABSTENTION_OPENING}. Bạn nên hỏi Phòng Tài chính – Kế hoạch.`)).toBe(true);
    expect(isAbstention('Hợp tác xã cần ít nhất 05 thành viên.')).toBe(false);
  });

  it('flags an answer stating law with no valid citation, but not an abstention', () => {
    expect(lacksCitationForLegalPoint(checkCitations('Hợp tác xã cần ít nhất 05 thành viên [7].', 3))).toBe(true);
    expect(lacksCitationForLegalPoint(checkCitations('Hợp tác xã cần ít nhất 05 thành viên [2].', 3))).toBe(false);
    expect(lacksCitationForLegalPoint(checkCitations(`${ABSTENTION_OPENING}.`, 3))).toBe(false);
  });
});
