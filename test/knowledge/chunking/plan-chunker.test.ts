import { describe, expect, it } from 'vitest';
import { PASSAGE_MAX_CHARS } from '../../../src/knowledge/chunking/passage-builder.ts';
import { chunkPlanDocument } from '../../../src/knowledge/chunking/plan-chunker.ts';
import type { KnowledgeDocument, Passage } from '../../../src/knowledge/types.ts';
import { PLAN, PLAN_CITE, provincePlan } from '../../fixtures/knowledge/documents.ts';

const plan = chunkPlanDocument(provincePlan());
const byId = (anchor: string): Passage => {
  const found = plan.find((p) => p.id === `${PLAN}#${anchor}`);
  if (!found) throw new Error(`no passage #${anchor} among ${plan.map((p) => p.id).join(', ')}`);
  return found;
};

function localPlan(text: string): KnowledgeDocument {
  return {
    meta: { id: 'kh-thu', title: 'Kế hoạch thử', citeAs: 'Kế hoạch thử', issuer: 'UBND xã thử', status: 'in_force', scope: 'xã Thử', type: 'ke-hoach' },
    text,
  };
}

describe('chunkPlanDocument', () => {
  it('gives the preamble, then one passage per section with content, in order', () => {
    expect(plan.map((p) => p.id.replace(`${PLAN}#`, ''))).toEqual([
      'mo-dau',
      'muc-I.1',
      'muc-I.2',
      'muc-II.1',
      'muc-II.2.1',
      'muc-II.2.2',
      'muc-III.1',
      'muc-III.1-2',
      'muc-III.2',
      'muc-III.3.1',
      'muc-III.3.2',
      'muc-IV.1',
      'muc-IV.2',
    ]);
  });

  it('cites a section by its Roman part and deepest number, with the heading path above it', () => {
    const section = byId('muc-II.2.1');
    expect(section.citation).toBe(`Mục II.2.1 ${PLAN_CITE}`);
    expect(section.headingPath).toEqual(['II- MỤC TIÊU', '2. Mục tiêu cụ thể', '2.1. Về số lượng']);
    // The headings above are written into the passage so it reads on its own.
    expect(section.text.split('\n')).toEqual([
      'II- MỤC TIÊU',
      '2. Mục tiêu cụ thể',
      '2.1. Về số lượng',
      '- Thành lập mới ít nhất 20 hợp tác xã và 35 tổ hợp tác trong năm 2025.',
    ]);
    expect(byId('muc-I.2').citation).toBe(`Mục I.2 ${PLAN_CITE}`);
    expect(byId('muc-III.3.2').headingPath).toEqual(['III. NHIỆM VỤ VÀ GIẢI PHÁP', '3. Hỗ trợ sản xuất', '3.2. Tổ hợp tác trông bò']);
  });

  it('gives a bare heading no passage of its own, yet keeps it in its children’s path', () => {
    const bare = ['I. MỤC ĐÍCH, YÊU CẦU', 'II- MỤC TIÊU', '2. Mục tiêu cụ thể', 'III. NHIỆM VỤ VÀ GIẢI PHÁP', '3. Hỗ trợ sản xuất', 'IV. TỔ CHỨC THỰC HIỆN'];
    for (const heading of bare) {
      expect(plan.filter((p) => p.headingPath.at(-1) === heading)).toEqual([]);
      expect(plan.some((p) => p.headingPath.slice(0, -1).includes(heading))).toBe(true);
    }
  });

  it('keeps a short numbered item with no body and no children: it is content, not a heading', () => {
    // Regression: such items (who does what under "IV. TỔ CHỨC THỰC HIỆN") used to vanish from the index.
    const item = byId('muc-IV.2');
    expect(item.citation).toBe(`Mục IV.2 ${PLAN_CITE}`);
    expect(item.headingPath).toEqual(['IV. TỔ CHỨC THỰC HIỆN', '2. UBND các huyện bố trí cán bộ hướng dẫn người dân thành lập hợp tác xã.']);
    expect(item.text).toBe('IV. TỔ CHỨC THỰC HIỆN\n2. UBND các huyện bố trí cán bộ hướng dẫn người dân thành lập hợp tác xã.');
  });

  it('splits a long section into windows that repeat its context and heading', () => {
    const parts = plan.filter((p) => p.citation === `Mục III.1 ${PLAN_CITE}`);
    expect(parts.map((p) => p.id)).toEqual([`${PLAN}#muc-III.1`, `${PLAN}#muc-III.1-2`]);
    for (const part of parts) {
      expect(part.text.split('\n').slice(0, 2)).toEqual(['III. NHIỆM VỤ VÀ GIẢI PHÁP', '1. Tuyên truyền về kinh tế tập thể']);
      expect(part.text.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
      expect(part.headingPath).toEqual(['III. NHIỆM VỤ VÀ GIẢI PHÁP', '1. Tuyên truyền về kinh tế tập thể']);
    }
    // Every bullet of the section is in exactly one window, and the section needed splitting.
    const source = provincePlan().text;
    const section = source.slice(source.indexOf('1. Tuyên truyền'), source.indexOf('2. Hỗ trợ thành lập'));
    expect(section.length).toBeGreaterThan(PASSAGE_MAX_CHARS);
    const bullets = section.split('\n').filter((l) => l.startsWith('- '));
    expect(bullets).toHaveLength(12);
    for (const bullet of bullets) expect(parts.filter((p) => p.text.includes(bullet))).toHaveLength(1);
  });

  it('drops the distribution list and signature after "Nơi nhận"', () => {
    for (const p of plan) {
      for (const gone of ['Nơi nhận', 'Bộ Nông nghiệp và Môi trường;', 'Lưu: VT', 'TM. ỦY BAN NHÂN DÂN', 'PHÓ CHỦ TỊCH', 'Lê Thị Thử']) {
        expect(p.text).not.toContain(gone);
      }
    }
  });

  it('keeps the text before the first heading as the preamble', () => {
    const preamble = byId('mo-dau');
    expect(preamble.citation).toBe(`Phần mở đầu ${PLAN_CITE}`);
    expect(preamble.headingPath).toEqual(['Phần mở đầu']);
    expect(preamble.text.split('\n')).toContain('KẾ HOẠCH');
    expect(preamble.text.split('\n').at(-1)).toBe(
      'Để đưa chủ trương phát triển kinh tế tập thể vào cuộc sống, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:',
    );
    expect(preamble.text).not.toContain('MỤC ĐÍCH');
  });

  it('carries the plan’s scope and status, and no article number', () => {
    expect(new Set(plan.map((p) => p.scope))).toEqual(new Set(['tỉnh Ngọc Sơn']));
    expect(new Set(plan.map((p) => p.status))).toEqual(new Set(['in_force']));
    expect(plan.every((p) => p.article === undefined && p.docId === PLAN)).toBe(true);
    const ids = plan.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('titles a long numbered paragraph by the words before its colon, and reads "IV)" and "1-" headings', () => {
    const long = `1. Hỗ trợ vốn: ${'tổ hợp tác được vay vốn ưu đãi để mua giống, phân bón và máy móc nhỏ phục vụ sản xuất; '.repeat(3)}`;
    const passages = chunkPlanDocument(
      localPlan(['Kế hoạch thử của xã', 'IV) GIẢI PHÁP', long, '2- Hỗ trợ đất', 'Xã cho thuê đất công để làm nhà kho chung.', 'T/M ỦY BAN NHÂN DÂN', 'Nguyễn Văn Ký'].join('\n')),
    );
    expect(passages.map((p) => [p.id, p.citation, p.headingPath])).toEqual([
      ['kh-thu#mo-dau', 'Phần mở đầu Kế hoạch thử', ['Phần mở đầu']],
      ['kh-thu#muc-IV.1', 'Mục IV.1 Kế hoạch thử', ['IV) GIẢI PHÁP', '1. Hỗ trợ vốn']],
      ['kh-thu#muc-IV.2', 'Mục IV.2 Kế hoạch thử', ['IV) GIẢI PHÁP', '2- Hỗ trợ đất']],
    ]);
    // The long paragraph itself is the content: kept whole although it has no lines under it.
    expect(passages[1]!.text).toBe(`IV) GIẢI PHÁP\n${long.trim()}`);
    expect(passages.some((p) => p.text.includes('Nguyễn Văn Ký'))).toBe(false);
  });
});
