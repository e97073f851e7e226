import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceFormatError } from '../../../src/knowledge/importers/imported-text.ts';
import { parseTextFile } from '../../../src/knowledge/importers/text-file.ts';
import { SOURCES } from './temp-knowledge.ts';

const path = join(SOURCES, 'luat-tuong-tro-2030.txt');

describe('parseTextFile', () => {
  const text = parseTextFile(readFileSync(path, 'utf8'), path);
  const lines = text.text.split('\n');

  it('reads the number and title from a header that is not valid YAML', () => {
    expect(text.number).toBe('12/2030/QH99');
    expect(text.title).toBe('Luật Tổ tương trợ (Luật số 12/2030/QH99)');
    expect(text.format).toBe('text');
    expect(text.origin).toBe(path);
  });

  it('emits the canonical lines: chapters, sections, articles, khoản and điểm', () => {
    expect(lines.slice(4, 18)).toEqual([
      'Chương I',
      'QUY ĐỊNH CHUNG',
      'Mục 1',
      'NGUYÊN TẮC',
      'Điều 1. Phạm vi áp dụng',
      'Luật này nói về tổ tương trợ của những người cùng làm một nghề trong làng.',
      'Điều 2. Giải thích từ ngữ',
      'Trong Luật này, các từ sau được hiểu như thế này:',
      '1. Tổ tương trợ là nhóm người cùng nghề giúp nhau lúc khó khăn.',
      '2. Thành viên là người đã ghi tên vào sổ của tổ.',
      'Mục 2',
      'VỐN CỦA TỔ',
      'Điều 3. Góp vốn',
      '1. Mỗi thành viên góp vốn theo thỏa thuận ghi trong sổ:',
    ]);
    expect(lines).toContain('b) Bằng ngày công lao động.');
    expect(lines).not.toContain('');
  });

  it('moves a footnote mark after the article title so the heading keeps its shape', () => {
    expect(lines).toContain('Điều 4. (được bãi bỏ)[1]');
  });

  it('takes the number from a "Số:" line when the header has none, in NFC', () => {
    const nfd = 'Số: 1/2030/NĐ-CP'.normalize('NFD');
    const parsed = parseTextFile(`---\ntitle: x\n---\n${nfd}\nĐiều 1. A\nB`, 'x.txt');
    expect(parsed.number).toBe('1/2030/NĐ-CP');
    expect(parsed.text.startsWith('Số: 1/2030/NĐ-CP')).toBe(true);
  });

  it('refuses a file without any number', () => {
    expect(() => parseTextFile('---\ntitle: x\n---\nĐiều 1. A\nB', 'x.txt')).toThrow(SourceFormatError);
  });
});
