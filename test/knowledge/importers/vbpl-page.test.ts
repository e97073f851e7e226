import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVbplPage } from '../../../src/knowledge/importers/vbpl-page.ts';
import { SOURCES } from './temp-knowledge.ts';

const path = join(SOURCES, 'raw', 'vbpl-9001-luat-tuong-tro.html');

describe('parseVbplPage', () => {
  const text = parseVbplPage(readFileSync(path, 'utf8'), path);
  const lines = text.text.split('\n');

  it('reads the number from the "Số:" line', () => {
    expect(text).toMatchObject({ number: '12/2030/QH99', format: 'vbpl', origin: path });
  });

  it('reads only the full-text box, not the site navigation', () => {
    expect(lines[0]).toBe('QUỐC HỘI');
    expect(text.text).not.toContain('Trang chủ');
    expect(text.text).not.toContain('Điều 99');
    expect(text.text).not.toContain('Liên hệ');
  });

  it('emits chapters, sections, articles, khoản and điểm as canonical lines', () => {
    const start = lines.indexOf('Chương I');
    expect(lines.slice(start, start + 16)).toEqual([
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
      '1. Mỗi thành viên góp vốn theo thỏa thuận ghi trong sổ & biên bản của tổ:',
      'a) Bằng tiền mặt;',
      'b) Bằng ngày công lao động của Kỳ thu hoạch.',
    ]);
    expect(lines).toContain('Chương II');
    expect(lines).toContain('Điều 4. (được bãi bỏ)');
  });

  it('decodes entities, collapses whitespace and composes to NFC', () => {
    expect(text.text).not.toMatch(/&nbsp;|&amp;|\u00a0| {2}/);
    expect(text.text).toBe(text.text.normalize('NFC'));
    expect(text.text).toContain('do Hợp tác viết tay.');
  });

  it('uses the fallback number when the page prints none', () => {
    const page = '<html><body><p>Điều 1. Một điều</p><p>Nội dung.</p></body></html>';
    expect(parseVbplPage(page, 'u', { fallbackNumber: '3/2032/TT-BTC' }).number).toBe('3/2032/TT-BTC');
    expect(() => parseVbplPage(page, 'u')).toThrow(/no document number/);
  });
});
