import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePhapdienPage } from '../../../src/knowledge/importers/phapdien-page.ts';
import { SOURCES } from './temp-knowledge.ts';

const path = join(SOURCES, 'raw', 'phapdien-de-muc-tuong-tro.html');

describe('parsePhapdienPage', () => {
  const texts = parsePhapdienPage(readFileSync(path, 'utf8'), path);
  const law = texts.find((t) => t.number === '12/2030/QH99');
  const decree = texts.find((t) => t.number === '7/2031/NĐ-CP');

  it('returns one text per source document named in the link notes', () => {
    expect(texts.map((t) => t.number).sort()).toEqual(['12/2030/QH99', '7/2031/NĐ-CP']);
    expect(texts.every((t) => t.format === 'phapdien' && t.origin === path)).toBe(true);
    expect(decree?.title).toBe('Nghị định số 7/2031/NĐ-CP Quy định chi tiết Luật Tổ tương trợ');
  });

  it("gives the Law its chapters and sections, renumbered to the Law's own articles", () => {
    expect(law?.text.split('\n')).toEqual([
      'Chương I',
      'QUY ĐỊNH CHUNG',
      'Mục 1',
      'NGUYÊN TẮC',
      'Điều 1. Phạm vi áp dụng',
      'Luật này nói về tổ tương trợ của những người cùng làm một nghề trong làng.',
      'Điều 2. Giải thích từ ngữ',
      '1. Tổ tương trợ là nhóm người cùng nghề giúp nhau lúc khó khăn.',
      '2. Thành viên là người đã ghi tên vào sổ của tổ.',
      'Mục 2',
      'VỐN CỦA TỔ',
      'Điều 3. Góp vốn',
      '1. Mỗi thành viên góp vốn theo thỏa thuận ghi trong sổ:',
      'a) Bằng tiền mặt;',
      'b) Bằng ngày công lao động.',
      'Chương II',
      'ĐIỀU KHOẢN CUỐI',
      'Điều 5. Hiệu lực',
      'Luật này có hiệu lực từ ngày 01 tháng 01 năm 2031.',
    ]);
  });

  it("orders a decree's articles by its own numbers, letter suffixes included, under no Law chapter", () => {
    const lines = decree?.text.split('\n') ?? [];
    expect(lines.filter((l) => l.startsWith('Điều '))).toEqual([
      'Điều 1. Phạm vi',
      'Điều 2. Đối tượng',
      'Điều 3. Sổ của tổ',
      'Điều 3a. Tổ trưởng',
    ]);
    expect(lines.some((l) => l.startsWith('Chương') || l.startsWith('Mục'))).toBe(false);
    expect(lines).toContain('1. Nghị định áp dụng với tổ tương trợ.');
  });

  it('drops cross-reference notes and keeps what a link note says about repeal', () => {
    const all = texts.map((t) => t.text).join('\n');
    expect(all).not.toContain('có nội dung liên quan đến');
    expect(all).not.toContain('99.1.');
    const lines = decree?.text.split('\n') ?? [];
    expect(lines[lines.indexOf('Điều 3a. Tổ trưởng') + 1]).toBe(
      '(Có nội dung bị bãi bỏ bởi Điều 9 Nghị định số 8/2032/NĐ-CP có hiệu lực thi hành kể từ ngày 01/01/2032)',
    );
  });

  it('warns about articles whose note is missing instead of guessing their document', () => {
    expect(law?.warnings).toEqual([expect.stringContaining('99.1.TT.1.9')]);
    expect(texts.map((t) => t.text).join('\n')).not.toContain('thiếu ghi chú');
  });

  it('leaves the chapters out when they do not follow the Law article order', () => {
    const page = [
      "<div class='_content'>",
      "<p class='pChuong'>Chương II</p><p class='pChuong'>SAU</p>",
      "<p class='pDieu'>Điều 1.1.LQ.1. Một</p><p class='pGhiChu'>(Điều 1 Luật số 1/2030/QH99, có hiệu lực)</p><p class='pNoiDung'><p>Nội dung một.</p></p>",
      "<p class='pChuong'>Chương I</p><p class='pChuong'>TRƯỚC</p>",
      "<p class='pDieu'>Điều 1.1.LQ.2. Hai</p><p class='pGhiChu'>(Điều 2 Luật số 1/2030/QH99, có hiệu lực)</p><p class='pNoiDung'><p>Nội dung hai.</p></p>",
      '</div>',
    ].join('');
    const [text] = parsePhapdienPage(page, 'p.html');
    expect(text?.text).toBe('Điều 1. Một\nNội dung một.\nĐiều 2. Hai\nNội dung hai.');
    expect(text?.warnings).toEqual([expect.stringContaining('chapters left out')]);
  });
});
