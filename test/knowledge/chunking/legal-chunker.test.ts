import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../../src/knowledge/chunking/index.ts';
import { chunkLegalDocument } from '../../../src/knowledge/chunking/legal-chunker.ts';
import { PASSAGE_MAX_CHARS } from '../../../src/knowledge/chunking/passage-builder.ts';
import type { KnowledgeDocument, Passage } from '../../../src/knowledge/types.ts';
import {
  CURRENT_CITE,
  CURRENT_LAW,
  OLD_CITE,
  OLD_LAW,
  currentLaw,
  oldLaw,
  provincePlan,
} from '../../fixtures/knowledge/documents.ts';

const current = chunkLegalDocument(currentLaw());
const old = chunkLegalDocument(oldLaw());
const byId = (passages: Passage[], anchor: string) => {
  const found = passages.find((p) => p.id.endsWith(`#${anchor}`));
  if (!found) throw new Error(`no passage #${anchor} among ${passages.map((p) => p.id).join(', ')}`);
  return found;
};

/** A small law-like text for the format variants the fixtures do not show. */
function law(text: string, id = 'luat-bien-the'): KnowledgeDocument {
  return {
    meta: { id, title: 'Luật biến thể', citeAs: 'Luật biến thể 2030', issuer: 'Quốc hội', status: 'in_force', scope: 'national', type: 'luat' },
    text,
  };
}

describe('chunkLegalDocument: article boundaries', () => {
  it('gives the preamble, one passage per article (the long one in khoản parts) and the appendix, in order', () => {
    expect(current.map((p) => p.id)).toEqual([
      `${CURRENT_LAW}#mo-dau`,
      `${CURRENT_LAW}#d1`,
      `${CURRENT_LAW}#d2`,
      `${CURRENT_LAW}#d3`,
      `${CURRENT_LAW}#d4`,
      `${CURRENT_LAW}#d5-k1`,
      `${CURRENT_LAW}#d5-k5`,
      `${CURRENT_LAW}#d5-k7`,
      `${CURRENT_LAW}#d6`,
      `${CURRENT_LAW}#d7`,
      `${CURRENT_LAW}#d8`,
      `${CURRENT_LAW}#d9`,
      `${CURRENT_LAW}#d10`,
      `${CURRENT_LAW}#d11`,
      `${CURRENT_LAW}#d12`,
      `${CURRENT_LAW}#phu-luc`,
    ]);
  });

  it('sets the article number on article passages only', () => {
    expect(current.map((p) => p.article)).toEqual([undefined, 1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 10, 11, 12, undefined]);
    expect(old.map((p) => p.article)).toEqual([undefined, 1, 2, 3, 4]);
  });

  it('ends each article where the next begins: its heading line first, its own khoản only', () => {
    const d4 = byId(current, 'd4');
    expect(d4.text.split('\n')).toEqual([
      'Điều 4. Điều kiện trở thành thành viên',
      '1. Cá nhân từ đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ và đồng ý với điều lệ thì được trở thành thành viên.',
      '2. Hộ gia đình, pháp nhân được trở thành thành viên khi cử người đại diện và góp đủ vốn theo điều lệ.',
      '3. Người muốn vào hợp tác xã nộp đơn cho hội đồng quản trị để xem xét.',
    ]);
    // Chapter and section headings between two articles belong to neither.
    expect(byId(current, 'd6').text).not.toContain('Chương III');
    expect(byId(current, 'd4').text).not.toContain('Mục 2');
  });

  it('cites "Điều N <citeAs>" and carries the document id, status and scope', () => {
    expect(byId(current, 'd4')).toMatchObject({
      docId: CURRENT_LAW,
      citation: `Điều 4 ${CURRENT_CITE}`,
      status: 'in_force',
      scope: 'national',
      article: 4,
    });
    expect(byId(old, 'd2')).toMatchObject({ docId: OLD_LAW, citation: `Điều 2 ${OLD_CITE}`, status: 'superseded', article: 2 });
  });

  it('keeps ids unique and prefixed with the document id', () => {
    const ids = [...current, ...old].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(current.every((p) => p.id.startsWith(`${CURRENT_LAW}#`))).toBe(true);
    expect(old.every((p) => p.id.startsWith(`${OLD_LAW}#`))).toBe(true);
  });
});

describe('chunkLegalDocument: heading paths', () => {
  it('carries the Chương and Mục titles read from the line after "Chương I" / "Mục 1"', () => {
    expect(byId(current, 'd3').headingPath).toEqual([
      'Chương II. THÀNH VIÊN',
      'Mục 1. SỐ LƯỢNG VÀ ĐIỀU KIỆN THÀNH VIÊN',
      'Điều 3. Số thành viên tối thiểu',
    ]);
    expect(byId(current, 'd6').headingPath).toEqual([
      'Chương II. THÀNH VIÊN',
      'Mục 2. QUYỀN VÀ NGHĨA VỤ CỦA THÀNH VIÊN',
      'Điều 6. Nghĩa vụ của thành viên',
    ]);
  });

  it('forgets the Mục when a new Chương begins', () => {
    expect(byId(current, 'd7').headingPath).toEqual(['Chương III. TỔ CHỨC QUẢN LÝ', 'Điều 7. Đại hội thành viên']);
    expect(byId(current, 'd12').headingPath).toEqual(['Chương IV. ĐIỀU KHOẢN THI HÀNH', 'Điều 12. Hiệu lực thi hành']);
    expect(byId(old, 'd2').headingPath).toEqual(['Chương II. THÀNH VIÊN', 'Điều 2. Số thành viên tối thiểu']);
  });

  it('reads a title on the heading line itself, an Arabic chapter number and an article label with a letter', () => {
    const passages = chunkLegalDocument(
      law(
        [
          'Chương 1. QUY ĐỊNH CHUNG',
          'Điều 1. Phạm vi',
          'Luật này nói về tổ thử nghiệm.',
          'Chương II',
          'TỔ CHỨC',
          'Mục 1. BAN ĐIỀU HÀNH',
          'Điều 2. Ban điều hành',
          'Ban điều hành có ba người.',
          'Điều 2a. Thư ký',
          'Thư ký do ban điều hành cử.',
        ].join('\n'),
      ),
    );
    expect(passages.map((p) => [p.id, p.citation, p.article, p.headingPath])).toEqual([
      ['luat-bien-the#d1', 'Điều 1 Luật biến thể 2030', 1, ['Chương 1. QUY ĐỊNH CHUNG', 'Điều 1. Phạm vi']],
      ['luat-bien-the#d2', 'Điều 2 Luật biến thể 2030', 2, ['Chương II. TỔ CHỨC', 'Mục 1. BAN ĐIỀU HÀNH', 'Điều 2. Ban điều hành']],
      ['luat-bien-the#d2a', 'Điều 2a Luật biến thể 2030', 2, ['Chương II. TỔ CHỨC', 'Mục 1. BAN ĐIỀU HÀNH', 'Điều 2a. Thư ký']],
    ]);
  });
});

describe('chunkLegalDocument: long articles split at khoản', () => {
  const parts = current.filter((p) => p.article === 5);
  const heading = 'Điều 5. Quyền của thành viên';
  const lead = 'Thành viên hợp tác xã có các quyền sau đây:';

  it('is given an article long enough to need splitting', () => {
    const source = currentLaw().text;
    const article = source.slice(source.indexOf(heading), source.indexOf('Điều 6. '));
    expect(article.length).toBeGreaterThan(PASSAGE_MAX_CHARS);
  });

  it('cites the khoản of each part: a range for three or more, a list for two', () => {
    expect(parts.map((p) => p.citation)).toEqual([
      `Khoản 1–4 Điều 5 ${CURRENT_CITE}`,
      `Khoản 5, 6 Điều 5 ${CURRENT_CITE}`,
      `Khoản 7, 8 Điều 5 ${CURRENT_CITE}`,
    ]);
  });

  it('repeats the heading and the short lead-in in every part, and keeps each part within the limit', () => {
    for (const part of parts) {
      expect(part.text.split('\n').slice(0, 2)).toEqual([heading, lead]);
      expect(part.headingPath.at(-1)).toBe(heading);
      expect(part.text.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
    }
  });

  it('puts every khoản in exactly one part, with its điểm', () => {
    const clauseNumbers = parts.map((p) =>
      p.text
        .split('\n')
        .map((l) => /^(\d+)\. /.exec(l)?.[1])
        .filter(Boolean)
        .map(Number),
    );
    expect(clauseNumbers).toEqual([[1, 2, 3, 4], [5, 6], [7, 8]]);
    const first = parts[0]!.text;
    expect(first).toContain('\na) Theo mức độ sử dụng dịch vụ');
    expect(first).toContain('\nc) Theo công sức lao động');
    expect(first.indexOf('c) Theo công sức')).toBeLessThan(first.indexOf('3. Được dự đại hội'));
  });

  it('splits a khoản too long for one passage at its lines, ids still unique', () => {
    const points = Array.from({ length: 14 }, (_, i) => `${String.fromCharCode(97 + i)}) Điểm thử số ${i + 1} nói về một việc mà tổ viên phải làm đúng hạn, có sổ sách ghi chép rõ ràng và được ban điều hành kiểm tra định kỳ.`);
    const passages = chunkLegalDocument(
      law(['Điều 1. Việc phải làm', '1. Tổ viên phải làm các việc sau:', ...points, '2. Tổ viên được nghỉ khi ốm.'].join('\n')),
    );
    const ids = passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('luat-bien-the#d1-k1');
    expect(ids.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(p.text.startsWith('Điều 1. Việc phải làm\n')).toBe(true);
      expect(p.text.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
    }
    expect(passages.filter((p) => p.text.includes('n) Điểm thử số 14'))).toHaveLength(1);
  });

  it('keeps a long article without khoản whole: there is nowhere to cut it', () => {
    const long = Array.from({ length: 16 }, (_, i) => `Đoạn ${i + 1}: tổ viên họp bàn công việc chung, ghi biên bản và gửi cho mọi người cùng đọc lại trước buổi họp sau.`);
    const passages = chunkLegalDocument(law(['Điều 1. Họp tổ', ...long].join('\n')));
    expect(passages.map((p) => p.id)).toEqual(['luat-bien-the#d1']);
    expect(passages[0]!.text.length).toBeGreaterThan(PASSAGE_MAX_CHARS);
  });
});

describe('chunkLegalDocument: preamble, signature and appendix', () => {
  it('keeps the text before the first article as the preamble passage', () => {
    const preamble = byId(current, 'mo-dau');
    expect(preamble.headingPath).toEqual(['Phần mở đầu']);
    expect(preamble.citation).toBe(`Phần mở đầu ${CURRENT_CITE}`);
    expect(preamble.text.split('\n')[0]).toBe('QUỐC HỘI');
    expect(preamble.text).toContain('Căn cứ Hiến pháp;');
    expect(preamble.text).not.toContain('Chương I');
  });

  it('drops the signature block after the last article', () => {
    for (const p of [...current, ...old]) {
      expect(p.text).not.toContain('CHỦ TỊCH QUỐC HỘI');
      expect(p.text).not.toContain('Nguyễn Văn Mẫu');
      expect(p.text).not.toContain('Trần Văn Cũ');
    }
    // The adoption line is the last article's tail, as in the real texts.
    expect(byId(current, 'd12').text.split('\n').at(-1)).toBe('Luật này được Quốc hội thông qua tại kỳ họp giả lập ngày 01 tháng 6 năm 2024.');
    expect(old.at(-1)!.id).toBe(`${OLD_LAW}#d4`);
  });

  it('keeps the appendix as one passage and never reads its sample "Điều 1." lines as articles', () => {
    const appendix = byId(current, 'phu-luc');
    expect(appendix.headingPath).toEqual(['Phụ lục, ghi chú']);
    expect(appendix.citation).toBe(`Phụ lục / ghi chú ${CURRENT_CITE}`);
    expect(appendix.article).toBeUndefined();
    expect(appendix.text.split('\n')[0]).toBe('PHỤ LỤC');
    expect(appendix.text).toContain('Điều 1. Tên và trụ sở của hợp tác xã');
    // The real Điều 1 and Điều 2 are untouched by the form's own.
    expect(byId(current, 'd1').text).not.toContain('Tên và trụ sở');
    expect(byId(current, 'd2').text).not.toContain('Ngành nghề');
    expect(current.filter((p) => p.article === 1)).toHaveLength(1);
  });
});

describe('chunkDocument', () => {
  it('splits legal types at articles and plans at their headings', () => {
    expect(chunkDocument(currentLaw()).map((p) => p.id)).toEqual(current.map((p) => p.id));
    const plan = chunkDocument(provincePlan());
    expect(plan.some((p) => p.id.includes('#muc-'))).toBe(true);
    expect(plan.every((p) => p.article === undefined)).toBe(true);
  });
});
