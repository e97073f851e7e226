import { describe, expect, it } from 'vitest';
import { allText, finalOutput, lastButtons, PAPERS, resultPages, resultText, stateOf, testEngine, walk } from './engine-harness.ts';
import { MAX_PAGE_CHARS } from '../../src/flows/render-result.ts';

const engine = testEngine();
const LAW = 'Luật Hợp tác xã 2023 (17/2023/QH15)';

/** A co-op that fits the law: form, new, members, kinds, youngest, foreign, field, province, capital, largest; then the papers' answers. */
const GOOD_COOP = ['Hợp tác xã', 'Không, lập mới', '7', 'Cá nhân', '35', 'Không có', 'Nông nghiệp', 'Kon Tum', '500 triệu', '100 triệu', ...PAPERS];
/** The answers of GOOD_COOP up to the charter capital: the largest contribution comes next. */
const UP_TO_CAPITAL = GOOD_COOP.slice(0, 9);
/** The checklist's whole text (every page) after these answers. */
const checklist = async (answers: string[]) => resultText(engine, await finalOutput(engine, 'thanh-lap', answers));

describe('founding guide: happy paths', () => {
  it('walks a hợp tác xã to a checklist with every step, its article, and nothing to fix', async () => {
    const outputs = await walk(engine, 'thanh-lap', GOOD_COOP);
    for (const output of outputs.slice(1, -1)) expect(allText(output)).not.toContain('Cần lưu ý');
    const done = outputs[outputs.length - 1];
    if (!done) throw new Error('no output');
    const pages = await resultPages(engine, done);
    const text = pages.map(allText).join('\n\n');

    expect(allText(done)).toContain('Hợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · vốn điều lệ 500 triệu đồng');
    // The heading says what follows: no "Cần khắc phục" over answers that fit.
    expect(allText(done)).toContain('✅ Các câu trả lời của bạn phù hợp với luật đang có hiệu lực.');
    expect(allText(done)).not.toContain('Cần khắc phục');
    for (const heading of ['Bước 1. Sáng lập viên', 'Bước 2. Dự thảo Điều lệ', 'Bước 3. Hội nghị thành lập', 'Bước 4. Hồ sơ đăng ký', 'Bước 5. Nộp ở đâu', 'Sau khi có Giấy chứng nhận', 'Tổ chức quản trị', 'Hỗ trợ có thể nhận']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(`Trong 03 ngày làm việc kể từ ngày nhận hồ sơ`);
    expect(text).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(text).toContain('chậm nhất 06 tháng');
    expect(text).toContain(`[Khoản 4 Điều 74 ${LAW}]`);
    expect(text).toContain('Nghị quyết hội nghị thành lập.');
    expect(text).toContain('trực tiếp; gửi qua bưu điện; hoặc nộp trực tuyến');
    // The registration office of the decree may no longer exist: the checklist says so.
    expect(text).toMatch(/Phòng Tài chính - Kế hoạch[^\n]*Nghị định 92\/2024\/NĐ-CP — [^\n]*01\/7\/2025/);
    expect(text).toContain('Ủy ban nhân dân xã, phường nơi đặt trụ sở');
    // Kon Tum was merged into Quảng Ngãi: its alliance is the one to ask now.
    expect(text).toContain('Liên minh Hợp tác xã tỉnh Quảng Ngãi');
    // Agriculture adds its own support; a new co-op is not told about conversion.
    expect(text).toContain(`[Khoản 1 Điều 28 ${LAW}]`);
    expect(text).not.toContain('kế thừa toàn bộ quyền');
    expect(text).not.toContain('Bản sao giấy chứng nhận đăng ký đầu tư');

    // One page a turn, each one phone screen; the first lists the parts, each part has its page.
    expect(pages.length).toBeGreaterThan(8);
    for (const page of pages) {
      expect(page.replies).toHaveLength(1);
      expect(allText(page).length).toBeLessThanOrEqual(MAX_PAGE_CHARS);
    }
    expect(allText(pages[1] as never)).toMatch(new RegExp(`^\\*\\*Phần 1/${pages.length - 1} · Bước 1. Sáng lập viên chuẩn bị\\*\\*`));
    expect(allText(done)).toContain(`Gồm ${pages.length - 1} phần:\n1. Bước 1. Sáng lập viên chuẩn bị`);
    // This engine has no folder for papers: none are offered.
    expect(lastButtons(done)).toEqual(['➡️ Tiếp', 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu']);
    expect(lastButtons(pages[1] as never)).toEqual(['➡️ Tiếp', '⬅️ Xem lại', 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu']);
    expect(lastButtons(pages.at(-1) as never)).toEqual(['⬅️ Xem lại', 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu']);
    expect(stateOf(done)).toMatchObject({ flowId: 'thanh-lap', completed: true, page: 0 });
    expect(stateOf(pages.at(-1) as never).page).toBe(pages.length - 1);
    // "Xem lại" goes back a page, "quay lại" back into the questions.
    expect(allText(await engine.handle(stateOf(pages[2] as never), 'Xem lại'))).toContain('Phần 1/');
    expect(allText(await engine.handle(stateOf(pages[2] as never), 'quay lại'))).toContain('Họ tên các thành viên chính thức');
  });

  it('asks a tổ hợp tác nothing about charter capital and gives its own checklist', async () => {
    const outputs = await walk(engine, 'thanh-lap', ['Tổ hợp tác', '3', 'Cá nhân', 'Không có', 'Lĩnh vực khác', 'Huế', ...PAPERS]);
    const questions = outputs.map(allText).join('\n');
    expect(questions).not.toContain('Vốn điều lệ dự kiến');
    expect(questions).not.toContain('nhỏ tuổi nhất');
    const text = await resultText(engine, outputs[outputs.length - 1] as never);
    expect(text).toContain('Tổ hợp tác · 3 thành viên · Lĩnh vực khác · thành phố Huế');
    expect(text).toContain('Bước 1. Hợp đồng hợp tác');
    expect(text).toContain('chữ ký của 100% thành viên');
    expect(text).toContain('Trong 05 ngày làm việc kể từ ngày ký hợp đồng');
    expect(text).toContain(`Không mất lệ phí đăng ký tổ hợp tác. [Khoản 2 Điều 22 ${LAW}]`);
    expect(text).toContain('Nghị định 77/2019/NĐ-CP (VBHN 9191/VBHN-BKHĐT)');
    expect(text).not.toContain('Hội nghị thành lập');
  });

  it('walks a liên hiệp and fits the governance to its size', async () => {
    const small = await checklist(['Liên hiệp hợp tác xã', '4', 'Không có', 'Khác', 'Cần Thơ', '2 tỷ', '35%', ...PAPERS]);
    expect(small).toContain('Các câu trả lời của bạn phù hợp');
    expect(small).toContain('Liên hiệp dưới 10 thành viên được chọn quản trị đầy đủ hoặc rút gọn.');
    expect(small).toContain('Tên bắt đầu bằng cụm từ "Liên hiệp hợp tác xã"');
    const large = await checklist(['Liên hiệp hợp tác xã', '12', 'Không có', 'Khác', 'Cần Thơ', '2 tỷ', '10%', ...PAPERS]);
    expect(large).toContain('Liên hiệp từ 10 thành viên trở lên phải tổ chức quản trị đầy đủ.');
    expect(large).toContain('ít nhất 02 năm một lần');
  });

  it('walks a conversion from a registered tổ hợp tác and adds what conversion brings', async () => {
    const text = await checklist(['Hợp tác xã', 'Có, tổ hợp tác đã đăng ký', '14 tháng', '6', 'Cá nhân', '40', 'Không có', 'Khác', 'An Giang', '600 triệu', '20%', ...PAPERS]);
    expect(text).toContain('tổ hợp tác đã đăng ký 1 năm 2 tháng');
    expect(text).toContain('Các câu trả lời của bạn phù hợp');
    expect(text).toContain('Chuyển từ tổ hợp tác');
    expect(text).toContain('giữ nguyên mã số của tổ hợp tác');
    expect(text).toContain('miễn lệ phí cấp Giấy chứng nhận đăng ký lần đầu');
  });
});

describe('founding guide: each eligibility problem is named at once, with its article', () => {
  it('a hợp tác xã of 4 members', async () => {
    const [, , , afterMembers] = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', '4']);
    const text = allText(afterMembers as never);
    expect(text).toContain('Cần lưu ý:');
    expect(text).toContain(`ít nhất 05 thành viên chính thức; nhóm bạn mới có 4`);
    expect(text).toContain(`[Khoản 7 Điều 4 ${LAW}]`);
    // The flow goes on: the next question comes in the same answer.
    expect(text).toContain('Thành viên gồm những ai?');
  });

  it('a member under 18 as an official member', async () => {
    const outputs = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', '5', 'Cá nhân', '16']);
    const text = allText(outputs[5] as never);
    expect(text).toContain('phải từ đủ 18 tuổi');
    expect(text).toContain(`[Điểm a khoản 1, điểm b khoản 2 Điều 30 ${LAW}]`);
  });

  it('one contribution above 30% of charter capital, as an amount or a percentage', async () => {
    const asAmount = await checklist([...UP_TO_CAPITAL, '200 triệu', ...PAPERS]);
    expect(asAmount).toContain('người góp nhiều nhất đang là 40%');
    expect(asAmount).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    const asPercent = await checklist([...UP_TO_CAPITAL, '31%', ...PAPERS]);
    expect(asPercent).toContain('đang là 31%');
    const exactlyThirty = await checklist([...UP_TO_CAPITAL, '30%', ...PAPERS]);
    expect(exactlyThirty).toContain('Các câu trả lời của bạn phù hợp');
  });

  it('foreign members at 35% or more of official members, and not below', async () => {
    const twoOfFive = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', '5', 'Cá nhân', '30', '2']);
    expect(allText(twoOfFive[6] as never)).toContain('dưới 35% tổng số thành viên chính thức; nhóm bạn đang là 40%');
    expect(allText(twoOfFive[6] as never)).toContain(`[Khoản 7 Điều 30 ${LAW}]`);
    const oneOfFive = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', '5', 'Cá nhân', '30', '1']);
    expect(allText(oneOfFive[6] as never)).not.toContain('Cần lưu ý');
    const withForeign = await checklist(['Hợp tác xã', 'Không, lập mới', '5', 'Cá nhân', '30', '1', 'Khác', 'Hà Nội', '1 tỷ', '20%', ...PAPERS]);
    expect(withForeign).toContain('Bản sao giấy chứng nhận đăng ký đầu tư');
    expect(withForeign).toContain('điều kiện tiếp cận thị trường');
  });

  it('a tổ hợp tác registered less than 12 months before conversion, by length or by date', async () => {
    const byLength = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Có, tổ hợp tác đã đăng ký', '8 tháng']);
    expect(allText(byLength[3] as never)).toContain('ít nhất 12 tháng');
    expect(allText(byLength[3] as never)).toContain('mới được 8 tháng');
    expect(allText(byLength[3] as never)).toContain(`[Điểm b khoản 1 Điều 108 ${LAW}]`);
    const byDate = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Có, tổ hợp tác đã đăng ký', 'cấp từ tháng 3/2026']);
    expect(allText(byDate[3] as never)).toContain('mới được 8 tháng');
    const longEnough = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Có, tổ hợp tác đã đăng ký', '11/2025']);
    expect(allText(longEnough[3] as never)).not.toContain('Cần lưu ý');
  });

  it('a tổ hợp tác with no registration certificate cannot convert', async () => {
    const outputs = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Có, nhưng chưa đăng ký']);
    expect(allText(outputs[2] as never)).toContain(`[Điểm a khoản 1 Điều 108 ${LAW}]`);
    expect(stateOf(outputs[2] as never).stepId).toBe('members');
  });

  it('a liên hiệp of 2 co-ops, and one contribution above 40%', async () => {
    const text = await checklist(['Liên hiệp hợp tác xã', '2', 'Không có', 'Khác', 'Cần Thơ', '2 tỷ', '45%', ...PAPERS]);
    expect(text).toContain(`ít nhất 03 hợp tác xã thành lập; hiện mới có 2. [Khoản 8 Điều 4 ${LAW}]`);
    expect(text).toContain(`tối đa 40% vốn điều lệ liên hiệp hợp tác xã; thành viên góp nhiều nhất đang là 45%.`);
  });

  it('a tổ hợp tác with a foreigner or a household as member', async () => {
    const text = await checklist(['Tổ hợp tác', '3', 'Cá nhân, hộ gia đình', '1', 'Khác', 'Hà Nội', ...PAPERS]);
    expect(text).toContain('Điều 7 Nghị định 77/2019/NĐ-CP (VBHN 9191/VBHN-BKHĐT)');
    expect(text).toContain('hộ gia đình không có trong danh sách này');
    expect(text).toContain('người nước ngoài không tham gia tổ hợp tác được');
  });

  it('lists every problem again on a page of its own, the first after the overview', async () => {
    const done = await finalOutput(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', '4', 'Cá nhân', '17', '2', 'Nông nghiệp', 'Kon Tum', '500 triệu', '40%', ...PAPERS]);
    expect(allText(done)).toContain('⚠️ Có 4 điểm cần khắc phục trước khi đăng ký (xem phần 1).');
    expect(allText(done)).not.toContain('phù hợp với luật');
    const [, problems] = await resultPages(engine, done);
    const text = allText(problems as never);
    expect(text).toMatch(/^\*\*Phần 1\/\d+ · Cần khắc phục trước khi đăng ký\*\*/);
    expect(text.match(/^• /gm)).toHaveLength(4);
    for (const article of ['Khoản 7 Điều 4', 'Điểm a khoản 1, điểm b khoản 2 Điều 30', 'Khoản 7 Điều 30', 'Khoản 1 Điều 74']) expect(text).toContain(article);
  });
});

describe('founding guide: answers as people type them', () => {
  it('accepts Vietnamese number words, with or without diacritics', async () => {
    const state = stateOf(
      await finalOutput(engine, 'thanh-lap', ['hop tac xa', 'khong', 'mười hai', 'ca nhan', 'muoi tam', 'khong co', 'nong nghiep', 'dak lak', 'một tỷ rưỡi', 'ba mươi phần trăm', ...PAPERS]),
    );
    expect(state.answers).toMatchObject({
      form: 'hop-tac-xa',
      converting: 'lap-moi',
      members: 12,
      'youngest-age': 18,
      foreign: 0,
      province: 'Đắk Lắk',
      'charter-capital': 1_500_000_000,
      'largest-contribution': 450_000_000,
    });
    const members = stateOf(await finalOutput(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', 'hai mươi lăm người']));
    expect(members.answers.members).toBe(25);
    const five = stateOf(await finalOutput(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', 'năm']));
    expect(five.answers.members).toBe(5);
  });

  it('takes the numbers of a numbered button list (Zalo) as the buttons', async () => {
    const state = stateOf(await finalOutput(engine, 'thanh-lap', ['2', '1', '7', '1, 2']));
    expect(state.answers).toMatchObject({ form: 'hop-tac-xa', converting: 'lap-moi', members: 7, 'member-kinds': 'ca-nhan,ho-gia-dinh' });
  });

  it('explains the three forms when the user does not know which to choose', async () => {
    const [, help] = await walk(engine, 'thanh-lap', ['Chưa biết chọn']);
    expect(allText(help as never)).toContain('Gợi ý:');
    expect(allText(help as never)).toContain('điểm b khoản 1 Điều 108');
    expect(allText(help as never)).toContain('Bạn muốn thành lập loại nào?');
    expect(stateOf(help as never)).toMatchObject({ stepId: 'form', history: [] });
  });

  it.each([
    ['a sentence off the question', 'tôi không biết'],
    ['a negative number', '-5'],
    ['a 40-digit number', '1234567890123456789012345678901234567890'],
    ['a place name', 'Hà Nội'],
    ['two numbers in a row', 'hai ba'],
  ])('asks again, kindly, after %s', async (_case, answer) => {
    const outputs = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'Không, lập mới', answer]);
    const before = stateOf(outputs[2] as never);
    const after = outputs[3];
    if (!after) throw new Error('no output');
    expect(allText(after)).toMatch(/^Mình chưa hiểu câu trả lời này|^Con số này có vẻ chưa đúng/);
    expect(allText(after)).toContain('sẽ là thành viên chính thức?');
    expect(allText(after)).toContain('ví dụ: 7 hoặc bảy');
    expect(stateOf(after)).toEqual(before);
  });

  it('asks again when a part is larger than the whole, or a sum has no unit', async () => {
    const larger = await walk(engine, 'thanh-lap', [...UP_TO_CAPITAL, '600 triệu']);
    expect(allText(larger[10] as never)).toContain('Con số này lớn hơn cả 500 triệu đồng');
    expect(stateOf(larger[10] as never).stepId).toBe('largest-contribution');
    const noUnit = await walk(engine, 'thanh-lap', [...UP_TO_CAPITAL, '150']);
    expect(allText(noUnit[10] as never)).toContain('Con số này có vẻ chưa đúng');
  });

  it('asks again for a province it does not know, and matches ones typed without diacritics', async () => {
    const outputs = await walk(engine, 'thanh-lap', ['Tổ hợp tác', '3', 'Cá nhân', 'Không có', 'Khác', 'xyz']);
    expect(allText(outputs[6] as never)).toContain('Mình chưa hiểu');
    expect(stateOf(await engine.handle(stateOf(outputs[6] as never), 'tinh kon tum')).answers.province).toBe('Kon Tum');
    expect(stateOf(await engine.handle(stateOf(outputs[6] as never), 'TP HCM')).answers.province).toBe('Hồ Chí Minh');
  });

  it('asks to choose when an answer fits two options', async () => {
    const [, , ambiguous] = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'có']);
    expect(allText(ambiguous as never)).toContain('hợp với nhiều lựa chọn');
    const [, , precise] = await walk(engine, 'thanh-lap', ['Hợp tác xã', 'có, chưa đăng ký']);
    expect(stateOf(precise as never).answers.converting).toBe('chua-dang-ky');
  });
});
