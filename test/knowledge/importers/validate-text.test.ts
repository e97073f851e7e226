import { describe, expect, it } from 'vitest';
import { validateText } from '../../../src/knowledge/importers/validate-text.ts';

const article = (n: number | string, body = 'Nội dung.') => `Điều ${n}. Tiêu đề ${n}\n${body}`;

describe('validateText', () => {
  it('counts the articles of a complete text', () => {
    const result = validateText(['Chương I', 'CHUNG', article(1), article(2), 'Mục 1', 'A', article(3)].join('\n'));
    expect(result).toEqual({ articleCount: 3, missingArticles: [], errors: [], warnings: [] });
  });

  it('reports a gap in the numbering as a warning, not an error', () => {
    const result = validateText([article(1), article(2), article(4)].join('\n'));
    expect(result.articleCount).toBe(3);
    expect(result.missingArticles).toEqual([3]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('Điều 3')]);
  });

  it('rejects an article without content', () => {
    const result = validateText(['Điều 1. Trống', article(2)].join('\n'));
    expect(result.errors).toEqual([expect.stringContaining('Điều 1 has no content')]);
  });

  it('accepts an empty article that says it was repealed', () => {
    expect(validateText(['Điều 1. (được bãi bỏ)', article(2), 'Điều 3. Bãi bỏ'].join('\n')).errors).toEqual([]);
  });

  it('rejects a text without articles', () => {
    expect(validateText('Kế hoạch\n1. Một việc').errors).toEqual([expect.stringContaining('no articles')]);
  });

  it('does not count the sample forms of an appendix as articles', () => {
    const result = validateText([article(1), article(2), 'PHỤ LỤC', 'MẪU HỢP ĐỒNG', article(1), article(7)].join('\n'));
    expect(result).toMatchObject({ articleCount: 2, missingArticles: [], warnings: [] });
  });

  it('counts an inserted article and warns about repeats and disorder', () => {
    const result = validateText([article(1), article('1a'), article(3), article(2), article(2)].join('\n'));
    expect(result.articleCount).toBe(4);
    expect(result.warnings).toEqual([
      expect.stringContaining('Điều 2 comes after Điều 3'),
      expect.stringContaining('Điều 2 appears more than once'),
    ]);
  });
});
