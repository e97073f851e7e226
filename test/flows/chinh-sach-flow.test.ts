import { describe, expect, it } from 'vitest';
import type { LocalPlan } from '../../src/flows/flow-engine.ts';
import { allText, finalOutput, lastButtons, resultText, stateOf, testEngine, walk, type TestEngine } from './engine-harness.ts';

const LAW = 'Luật Hợp tác xã 2023 (17/2023/QH15)';
const KON_TUM_PLAN: LocalPlan = {
  docId: 'ctr-41-tu-kon-tum-2022',
  citeAs: 'Chương trình 41-CTr/TU của Tỉnh ủy Kon Tum (07/10/2022)',
  statusNote: 'chỉ áp dụng tại tỉnh Kon Tum',
  excerpt: 'Ưu tiên hỗ trợ hợp tác xã nông nghiệp ứng dụng công nghệ cao.',
};

/** A fake knowledge base holding one plan, for Kon Tum, that records what it was asked (on every page shown). */
function plansFake() {
  const asked: string[] = [];
  const localPlansFor = (province: string): LocalPlan[] => {
    asked.push(province);
    return province === 'Kon Tum' ? [KON_TUM_PLAN] : [];
  };
  return { asked, localPlansFor };
}

/** Every page of the policies found after these answers. */
async function policies(engine: TestEngine, answers: string[]): Promise<string> {
  return resultText(engine, await finalOutput(engine, 'chinh-sach', answers));
}

describe('support-policy finder', () => {
  it('lists the policies that fit, with criteria and articles, and the province plan the knowledge base has', async () => {
    const fake = plansFake();
    const engine = testEngine(fake.localPlansFor);
    const done = await finalOutput(engine, 'chinh-sach', ['Hợp tác xã', 'Nông nghiệp', 'kon tum', 'vay vốn, đất đai']);
    const text = await resultText(engine, done);

    expect([...new Set(fake.asked)]).toEqual(['Kon Tum']);
    expect(allText(done)).toContain('Hợp tác xã · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · cần: Đất đai; Vốn, tín dụng, bảo hiểm');
    expect(text).toContain(`[Khoản 1 Điều 18 ${LAW}]`);
    expect(text).toMatch(/\*\*Phần \d+\/\d+ · Đất đai\*\*/);
    expect(text).toContain(`[Khoản 2 Điều 21 ${LAW}]`);
    expect(text).toContain(' · Vốn, tín dụng, bảo hiểm**');
    expect(text).toContain(`[Điểm b khoản 1 Điều 23 ${LAW}]`);
    expect(text).toContain(`Hoạt động nông nghiệp được hỗ trợ phí bảo hiểm nông nghiệp. [Điểm a khoản 1 Điều 28 ${LAW}]`);
    expect(text).not.toContain('Thị trường, hội chợ**');
    expect(text).not.toContain('Thuế, phí**');

    // A plan of a province since merged keeps its own locality and date.
    expect(text).toContain(' · Kế hoạch riêng của tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi)**');
    expect(text).toContain(
      '• Chương trình 41-CTr/TU của Tỉnh ủy Kon Tum (07/10/2022) (chỉ áp dụng tại tỉnh Kon Tum): Ưu tiên hỗ trợ hợp tác xã nông nghiệp ứng dụng công nghệ cao.',
    );
    expect(text).toContain('Luật Hợp tác xã 2012 đã hết hiệu lực từ 01/7/2024.');
    expect(text).toContain('Liên minh Hợp tác xã tỉnh Quảng Ngãi');
    expect(lastButtons(done)).toEqual(['➡️ Tiếp', 'Làm lại từ đầu']);
    expect(stateOf(done).completed).toBe(true);
  });

  it('adds, for a province formed in 2025, the plans of the provinces merged into it, labelled as theirs', async () => {
    const fake = plansFake();
    const text = await policies(testEngine(fake.localPlansFor), ['Hợp tác xã', 'Nông nghiệp', 'Quảng Ngãi', 'Đất đai']);
    expect([...new Set(fake.asked)]).toEqual(['Quảng Ngãi', 'Kon Tum']);
    expect(text).toContain(' · Kế hoạch riêng của tỉnh Quảng Ngãi**');
    expect(text).toContain(
      '• Chương trình 41-CTr/TU của Tỉnh ủy Kon Tum (07/10/2022) (chỉ áp dụng tại tỉnh Kon Tum) — văn bản của tỉnh Kon Tum trước khi sáp nhập vào tỉnh Quảng Ngãi: Ưu tiên',
    );
  });

  it('says when the knowledge base has no plan for the province', async () => {
    const fake = plansFake();
    const text = await policies(testEngine(fake.localPlansFor), ['Tổ hợp tác', 'Khác', 'Cà Mau', 'Thuế, phí']);
    // Cà Mau took in Bạc Liêu in 2025: the plans of both are looked for.
    expect([...new Set(fake.asked)]).toEqual(['Cà Mau', 'Bạc Liêu']);
    expect(text).toContain('Kho kiến thức của mình chưa có kế hoạch riêng của tỉnh Cà Mau');
    expect(text).not.toContain('Chương trình 41-CTr/TU');
  });

  it('works without any knowledge base, and waits for one that answers later', async () => {
    const without = await policies(testEngine(), ['Hợp tác xã', 'Khác', 'Kon Tum', 'Đất đai']);
    expect(without).toContain('chưa có kế hoạch riêng của tỉnh Kon Tum');
    const slow = testEngine(async (province) => {
      await new Promise((done) => setTimeout(done, 5));
      return province === 'Kon Tum' ? [KON_TUM_PLAN] : [];
    });
    expect(await policies(slow, ['Hợp tác xã', 'Khác', 'Kon Tum', 'Đất đai'])).toContain('Chương trình 41-CTr/TU');
  });

  it('shortens a long plan excerpt', async () => {
    const long = { ...KON_TUM_PLAN, excerpt: 'Hỗ trợ hợp tác xã. '.repeat(60) };
    const text = await policies(testEngine(() => [long]), ['Hợp tác xã', 'Khác', 'Kon Tum', 'Đất đai']);
    const line = text.split('\n').find((l) => l.startsWith('• Chương trình 41-CTr/TU')) ?? '';
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThan(520);
  });

  it('gives a tổ hợp tác its own criteria and says which policies are not for it', async () => {
    const text = await policies(testEngine(), ['Tổ hợp tác', 'Khác', 'Hà Nội', 'Chi phí kiểm toán, thuế']);
    expect(text).toContain(`[Khoản 2 Điều 18 ${LAW}]`);
    expect(text).not.toContain(`[Khoản 1 Điều 18 ${LAW}]`);
    expect(text).toContain('chỉ dành cho hợp tác xã quy mô siêu nhỏ và nhỏ, chưa áp dụng cho loại hình của bạn');
    expect(text).toContain('Không mất lệ phí đăng ký tổ hợp tác.');
    expect(text).toContain('Khi chuyển thành hợp tác xã');
    expect(text).not.toContain('Hoạt động nông nghiệp');
  });

  it('lists every need for "tất cả", and reads needs given as numbers', async () => {
    const all = await policies(testEngine(), ['Liên hiệp hợp tác xã', 'Nông nghiệp', 'Gia Lai', 'tat ca']);
    for (const title of ['Đào tạo, tư vấn', 'Đất đai', 'Vốn, tín dụng, bảo hiểm', 'Công nghệ, chuyển đổi số', 'Thị trường, hội chợ', 'Hạ tầng, trang thiết bị', 'Chi phí kiểm toán, tư vấn tài chính', 'Thuế, phí']) {
      expect(all).toContain(` · ${title}**`);
    }
    const numbered = stateOf(await finalOutput(testEngine(), 'chinh-sach', ['2', '1', 'Gia Lai', '1, 3']));
    expect(numbered.answers).toMatchObject({ form: 'hop-tac-xa', field: 'nong-nghiep', needs: 'dao-tao,von-bao-hiem' });
  });

  it('goes back and asks again like the founding guide', async () => {
    const outputs = await walk(testEngine(), 'chinh-sach', ['Hợp tác xã', 'Nông nghiệp', 'quay lại', 'Lĩnh vực khác', 'mặt trăng']);
    expect(stateOf(outputs[3] as never).stepId).toBe('field');
    expect(allText(outputs[5] as never)).toContain('Mình chưa hiểu');
    expect(stateOf(outputs[5] as never)).toMatchObject({ stepId: 'province', answers: { form: 'hop-tac-xa', field: 'khac' } });
  });
});
