import { describe, expect, it } from 'vitest';
import { sourcesReplies } from '../../src/conversation/sources-reply.ts';

const law = {
  title: 'Luật Hợp tác xã',
  citeAs: 'Luật Hợp tác xã 2023 (17/2023/QH15)',
  number: '17/2023/QH15',
  issued: '2023-06-20',
  effective: '2024-07-01',
  status: 'in_force' as const,
  statusNote: 'còn hiệu lực (từ 01/7/2024)',
  scope: 'national',
};

const localPlan = {
  title: 'Nghị quyết của Ban Chấp hành Đảng bộ huyện Tuần Giáo về phát triển kinh tế tập thể',
  citeAs: 'Nghị quyết huyện Tuần Giáo 2021-2025',
  issued: '2021',
  status: 'expired' as const,
  statusNote: 'văn bản địa phương cho giai đoạn 2021-2025 (đã kết thúc)',
  scope: 'huyện Tuần Giáo, tỉnh Điện Biên',
};

describe('sourcesReplies', () => {
  it('lists national and local texts apart, a numbered line each, and how to see one in full', () => {
    const replies = sourcesReplies({ documents: [localPlan, law], nationalTextsImported: true });
    expect(replies).toHaveLength(2);
    expect(replies[0]?.text).toBe(['**Văn bản trung ương (1)**', '1. Luật Hợp tác xã 2023 (17/2023/QH15) — còn hiệu lực'].join('\n'));
    expect(replies[1]?.text).toContain('chỉ áp dụng tại địa phương ban hành');
    expect(replies[1]?.text).toContain('2. Nghị quyết huyện Tuần Giáo 2021-2025 — hết hiệu lực');
    expect(replies[1]?.text).toContain('Gõ "nguồn" và số thứ tự');
  });

  it('shows one document in full by its number: dates, status and scope', () => {
    const listing = { documents: [localPlan, law], nationalTextsImported: true };
    expect(sourcesReplies(listing, 1)).toEqual([
      {
        text: [
          '• **Luật Hợp tác xã 2023 (17/2023/QH15)**',
          'Ban hành: 20/06/2023 · Hiệu lực từ: 01/07/2024',
          'Tình trạng: còn hiệu lực (từ 01/7/2024)',
          'Phạm vi: toàn quốc',
        ].join('\n'),
      },
    ]);
    const [local] = sourcesReplies(listing, 2);
    expect(local?.text).toContain(localPlan.title);
    expect(local?.text).toContain('Ban hành: 2021');
    expect(local?.text).toContain('Tình trạng: hết hiệu lực — văn bản địa phương');
    expect(local?.text).toContain('Phạm vi: huyện Tuần Giáo, tỉnh Điện Biên');
    expect(sourcesReplies(listing, 9)[0]?.text).toContain('một số từ 1 đến 2');
  });

  it('keeps every reply of a long listing to one phone screen', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ ...law, citeAs: `Nghị định ${i + 10}/2024/NĐ-CP về một việc khá dài của hợp tác xã` }));
    for (const reply of sourcesReplies({ documents: [...many, localPlan], nationalTextsImported: true })) expect(reply.text.length).toBeLessThanOrEqual(1200);
  });

  it('says plainly when the national texts are not loaded, and how to load them', () => {
    const replies = sourcesReplies({ documents: [localPlan], nationalTextsImported: false });
    expect(replies.at(-1)?.text).toContain('chưa được nạp');
    expect(replies.at(-1)?.text).toContain('npm run knowledge -- import');
  });

  it('says so when there is nothing at all', () => {
    const replies = sourcesReplies({ documents: [], nationalTextsImported: false });
    expect(replies[0]?.text).toContain('chưa có văn bản nào');
  });
});
