import { describe, expect, it } from 'vitest';
import { canonicalLines, isAppendixHeading, parseArticleHeading } from '../../../src/knowledge/importers/canonical-text.ts';

describe('canonicalLines', () => {
  it('splits a chapter or section heading from its title and spells it one way', () => {
    expect(canonicalLines(['CHƯƠNG III. TỔ VÀ THÀNH VIÊN', 'MỤC 2: SỔ SÁCH', 'Chương IV'])).toEqual([
      'Chương III',
      'TỔ VÀ THÀNH VIÊN',
      'Mục 2',
      'SỔ SÁCH',
      'Chương IV',
    ]);
  });

  it('leaves sentences that merely start with "Chương" or "Mục" alone', () => {
    const sentences = ['Chương II của Luật này nói về vốn.', 'Mục 1 Chương III được áp dụng.', 'CHƯƠNG VIỆC LÀM'];
    expect(canonicalLines(sentences)).toEqual(sentences);
  });

  it('normalises article headings, footnote marks and numbering spaces', () => {
    expect(canonicalLines(['Điều  7 .  Tên\u00a0điều', 'Điều 8.[3] Tên khác', '2.[4] (được bãi bỏ)', '3.Nội dung', 'c)Điểm', '1.000 đồng'])).toEqual([
      'Điều 7. Tên điều',
      'Điều 8. Tên khác[3]',
      '2. (được bãi bỏ)[4]',
      '3. Nội dung',
      'c) Điểm',
      '1.000 đồng',
    ]);
  });

  it('drops empty paragraphs and invisible characters', () => {
    expect(canonicalLines(['', '   ', '\u200bNội dung\u00ad', '\u00a0'])).toEqual(['Nội dung']);
  });
});

describe('headings', () => {
  it('reads an article heading with a letter suffix and no title', () => {
    expect(parseArticleHeading('Điều 5a.')).toEqual({ number: 5, suffix: 'a', title: '' });
    expect(parseArticleHeading('Điều 5 của Luật này')).toBeUndefined();
  });

  it('tells an appendix heading from a sentence about an appendix', () => {
    expect(isAppendixHeading('PHỤ LỤC')).toBe(true);
    expect(isAppendixHeading('Phụ lục II. MẪU VĂN BẢN')).toBe(true);
    expect(isAppendixHeading('Phụ lục kèm theo hợp đồng này')).toBe(false);
  });
});
