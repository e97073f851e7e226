import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparableText, findPassage } from '../../src/flows/article-lookup.ts';

const text = readFileSync(resolve(import.meta.dirname, '../fixtures/flows/sample-canonical-law.txt'), 'utf8');

describe('findPassage', () => {
  it('returns a whole article, heading included, up to the next heading', () => {
    expect(findPassage(text, { article: 1 })).toBe('Điều 1. Phạm vi\nLuật mẫu này chỉ dùng để kiểm thử việc tra cứu điều, khoản.');
    expect(findPassage(text, { article: 2 })?.split('\n')).toHaveLength(8);
  });

  it('ends an article at a section heading and at a signature block', () => {
    expect(findPassage(text, { article: 2 })).not.toContain('Mục 1');
    expect(findPassage(text, { article: 3 })).not.toContain('Điều 3a');
    expect(findPassage(text, { article: 3 })).toContain('(được bãi bỏ)[5]');
  });

  it('returns a khoản with its điểm and unnumbered paragraphs', () => {
    const clause = findPassage(text, { article: 2, clause: 2 });
    expect(clause?.startsWith('2. Người tham gia')).toBe(true);
    expect(clause).toContain('đ) Trường hợp khác');
    expect(clause).toContain('Đoạn này không đánh số');
    expect(clause).not.toContain('07 ngày');
    expect(findPassage(text, { article: 2, clause: 3 })).toBe('3. Nhóm đăng ký trong 07 ngày làm việc.[4]');
  });

  it('returns a điểm, the letter đ included', () => {
    expect(findPassage(text, { article: 2, clause: 2, point: 'a' })).toBe('a) Người từ đủ 16 tuổi;');
    expect(findPassage(text, { article: 2, clause: 2, point: 'đ' })).toBe(
      'đ) Trường hợp khác do nhóm tự quyết định.\nĐoạn này không đánh số nhưng vẫn thuộc khoản 2.',
    );
  });

  it('is undefined for what the text does not have, sample forms in appendices included', () => {
    expect(findPassage(text, { article: 4 })).toBeUndefined();
    expect(findPassage(text, { article: 9 })).toBeUndefined();
    expect(findPassage(text, { article: 2, clause: 9 })).toBeUndefined();
    expect(findPassage(text, { article: 2, clause: 2, point: 'c' })).toBeUndefined();
  });

  it('does not mistake an inserted article for the one it follows', () => {
    expect(findPassage(text, { article: 3, clause: 1 })).toBe('1. Mỗi người góp không quá 25% tổng số vốn.');
  });
});

describe('comparableText', () => {
  it('ignores case, spacing and Unicode composition', () => {
    const decomposed = 'Ít  nhất\n05 THÀNH VIÊN'.normalize('NFD');
    expect(comparableText(decomposed)).toBe('ít nhất 05 thành viên');
  });
});
