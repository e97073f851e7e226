/**
 * Issues 5 and 12: each guided flow walked end to end through the real core, as a chat user meets
 * it: the app assembled by createApp (the real flow engine over knowledge/flows, the committed
 * knowledge base for local plans, the offline answerer) and the real SQLite state store in a
 * temporary DATA_DIR. No fakes. Every reply is one phone screen; the checklist comes a page at a
 * time, with the papers as a Word file, opened here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { StateStore } from '../../src/conversation/state/state-store.ts';
import type { ChannelName, ConversationService, Reply } from '../../src/conversation/types.ts';
import { createLogger } from '../../src/logger.ts';
import { docxText } from '../flows/docx-text.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const LAW = 'Luật Hợp tác xã 2023 (17/2023/QH15)';
const PROBLEM = 'Cần lưu ý:';
const FITS = '✅ Các câu trả lời của bạn phù hợp với luật đang có hiệu lực.';
const NEXT = '➡️ Tiếp';
const PREVIOUS = '⬅️ Xem lại';
const PAPERS_BUTTON = '📄 Tải hồ sơ';
/** The buttons of the checklist's first page, and of every page between the first and the last. */
const FIRST_PAGE_BUTTONS = [NEXT, PAPERS_BUTTON, 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu'];
const MIDDLE_PAGE_BUTTONS = [NEXT, PREVIOUS, PAPERS_BUTTON, 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu'];
/** What a reply may hold: one phone screen. */
const SCREEN = 1200;
const RESUME = '▶️ Tiếp tục phần đang dở';
const RESTART_OFFER = '🔄 Làm lại từ đầu';

/** The papers' questions: name, head office, business lines, members' names. */
const PAPERS = ['HTX Thành Công', 'Số 12 đường Lê Lợi, thôn 3, xã Ea Tu', 'trồng cà phê, sơ chế và bán cà phê', 'Nguyễn Văn An, Trần Thị Bình'];
/**
 * A co-op that fits the law, answer by answer: form, new, members, kinds, youngest, foreign, field,
 * province (one merged into Quảng Ngãi in 2025), capital, largest; then the papers' answers.
 */
const GOOD_COOP = ['Hợp tác xã', 'Không, lập mới', '7', 'Cá nhân', '35', 'Không có', 'Nông nghiệp', 'Kon Tum', '500 triệu', '100 triệu', ...PAPERS];
const GOOD_GROUP = ['Tổ hợp tác', '3', 'Cá nhân', 'Không có', 'Lĩnh vực khác', 'Huế', 'Rau sạch Hương Trà', 'thôn La Khê, phường Hương Trà', 'trồng rau', 'Bỏ qua'];
const GOOD_UNION = ['Liên hiệp hợp tác xã', '4', 'Không có', 'Lĩnh vực khác', 'Cần Thơ', '2 tỷ', '35%', 'Liên hiệp HTX Mekong', 'phường Ninh Kiều', 'thu mua lúa gạo', 'Bỏ qua'];

/** An explicit environment: nothing of the developer's .env or shell (a language model, Redis) leaks in. */
function configFor(dataDir: string) {
  return loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, 'knowledge'), PROMPTS_DIR: join(ROOT, 'prompts'), LOG_LEVEL: 'silent' });
}

let dataDir: string;
let app: App;
let service: ConversationService;
let store: StateStore;

async function openConversation(using: App = app) {
  ({ service, store } = await using.openConversation({ rateLimitPerMinute: Infinity }));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'htx-flows-e2e-'));
  app = await createApp(configFor(dataDir), createLogger('silent'));
});
beforeEach(async () => {
  await openConversation();
});
afterEach(async () => {
  await store.close();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** One chat user; every test has its own, so tests never see each other's state. */
function user(userId: string, channel: ChannelName = 'telegram') {
  const say = (text: string): Promise<Reply[]> =>
    service.handle({ channel, userId, chatId: userId, isGroup: false, addressed: true, text });
  return {
    key: `${channel}:${userId}`,
    say,
    /** Sends each message in turn; returns the replies to the last one. */
    async sayAll(texts: string[]): Promise<Reply[]> {
      let replies: Reply[] = [];
      for (const text of texts) replies = await say(text);
      return replies;
    },
    state: () => store.get(`${channel}:${userId}`),
  };
}

const allText = (replies: Reply[]) => replies.map((r) => r.text).join('\n\n');
const lastButtons = (replies: Reply[]) => replies[replies.length - 1]?.buttons ?? [];

/** The checklist's first page and every page after it, pressing "Tiếp" as long as it is offered. */
async function pages(u: ReturnType<typeof user>, first: Reply[]): Promise<Reply[][]> {
  const all = [first];
  while (lastButtons(all[all.length - 1] as Reply[]).includes(NEXT)) all.push(await u.say(NEXT));
  return all;
}
const pagesText = (all: Reply[][]) => all.map(allText).join('\n\n');

describe('founding guide (/thanhlap): the happy path of each form, to the checklist', () => {
  it('hợp tác xã', async () => {
    const u = user('happy-coop');
    const opening = await u.say('/thanhlap');
    expect(opening[0]?.text).toContain('Mình sẽ hỏi vài câu ngắn');
    expect(allText(opening)).toContain(`Căn cứ: Khoản 7, 8, 21 Điều 4 ${LAW}`);
    expect(lastButtons(opening)).toEqual(['Tổ hợp tác', 'Hợp tác xã', 'Liên hiệp hợp tác xã', 'Chưa biết chọn']);

    const transcript: Reply[][] = [];
    for (const answer of GOOD_COOP) transcript.push(await u.say(answer));
    for (const turn of transcript.slice(0, -1)) {
      expect(allText(turn)).toMatch(/^\*\*Câu \d+\.\*\*|^Từ 12\/6\/2025/);
      expect(allText(turn)).not.toContain(PROBLEM);
      for (const reply of turn) expect(reply.text.length).toBeLessThanOrEqual(SCREEN);
    }
    // Kon Tum was merged into Quảng Ngãi: said at once, and its alliance is the one to ask.
    expect(allText(transcript[7] as Reply[])).toContain(
      'Từ 12/6/2025, tỉnh Kon Tum đã được sáp nhập vào tỉnh Quảng Ngãi (Nghị quyết 202/2025/QH15): giấy tờ mới ghi tỉnh Quảng Ngãi, và nơi hỗ trợ là Liên minh Hợp tác xã tỉnh Quảng Ngãi.',
    );
    expect(allText(transcript[10] as Reply[])).toContain('**Câu 12.** Trụ sở chính dự kiến đặt ở đâu trong tỉnh Quảng Ngãi?');

    const first = transcript[transcript.length - 1] as Reply[];
    expect(first).toHaveLength(1);
    const overview = allText(first);
    expect(overview).toMatch(/^\*\*Danh sách việc cần làm của bạn\*\*/);
    expect(overview).toContain('Hợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · vốn điều lệ 500 triệu đồng');
    expect(overview).toContain(FITS);
    expect(overview).not.toContain('Cần khắc phục');
    expect(overview).toContain('giấy đề nghị đăng ký (Mẫu II-1), danh sách thành viên (Mẫu II-2)');
    expect(lastButtons(first)).toEqual(FIRST_PAGE_BUTTONS);

    const all = await pages(u, first);
    const text = pagesText(all);
    const total = all.length - 1;
    for (const [i, page] of all.entries()) {
      expect(page).toHaveLength(1);
      expect(allText(page).length).toBeLessThanOrEqual(SCREEN);
      if (i > 0) expect(allText(page)).toMatch(new RegExp(`^\\*\\*Phần ${i}/${total} · `));
      if (i > 0 && i < total) expect(lastButtons(page)).toEqual(MIDDLE_PAGE_BUTTONS);
    }
    expect(lastButtons(all[total] as Reply[])).toEqual([PREVIOUS, PAPERS_BUTTON, 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu']);
    for (const step of ['Bước 1. Sáng lập viên chuẩn bị', 'Bước 2. Dự thảo Điều lệ', 'Bước 3. Hội nghị thành lập', 'Bước 4. Hồ sơ đăng ký', 'Bước 5. Nộp ở đâu', 'Sau khi có Giấy chứng nhận', 'Hỗ trợ có thể nhận']) {
      expect(overview).toContain(`. ${step}`);
      expect(text).toContain(` · ${step}`);
    }
    expect(text).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(text).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    expect(text).toContain(`[Khoản 4 Điều 74 ${LAW}]`);
    expect(text).toContain('Liên minh Hợp tác xã tỉnh Quảng Ngãi');
    // "Xem lại" turns back a page; the state remembers where the user is.
    const back = await u.say(PREVIOUS);
    expect(allText(back)).toMatch(new RegExp(`^\\*\\*Phần ${total - 1}/${total} · `));
    expect((await u.state())?.flow).toMatchObject({ flowId: 'thanh-lap', completed: true, page: total - 1, answers: { form: 'hop-tac-xa', members: 7 } });
  });

  it('hands over the papers as a Word file: the checklist with its articles and the forms filled with the answers', async () => {
    const u = user('papers-coop');
    await u.say('/thanhlap');
    const [first] = await u.sayAll(GOOD_COOP);
    const [file] = first?.files ?? [];
    expect(file).toMatchObject({ name: 'ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(file?.path.startsWith(join(dataDir, 'papers'))).toBe(true);
    const doc = docxText(readFileSync(file?.path as string));

    // What the user said, where the forms ask for it.
    expect(doc).toContain('HỢP TÁC XÃ THÀNH CÔNG');
    expect(doc).toContain('Số nhà/phòng, ngách (hẻm), ngõ (kiệt), đường/phố/đại lộ: Số 12 đường Lê Lợi');
    expect(doc).toContain('Tổ/xóm/ấp/thôn: thôn 3');
    expect(doc).toContain('Xã/Phường/Thị trấn: xã Ea Tu');
    expect(doc).toContain('Tỉnh/Thành phố trực thuộc Trung ương: tỉnh Quảng Ngãi');
    expect(doc).toContain('500.000.000');
    expect(doc).toContain('Năm trăm triệu đồng');
    expect(doc).toContain('Số thành viên chính thức: 7');
    expect(doc).toMatch(/1 \| trồng cà phê \| {2}\| X/);
    expect(doc).toContain('sơ chế và bán cà phê');
    expect(doc).toContain('1 | Nguyễn Văn An');
    expect(doc).toContain('2 | Trần Thị Bình');
    expect(doc).toContain('☒ Thành lập mới');
    // The checklist, each item with its article.
    expect(doc).toContain(`Trong 03 ngày làm việc kể từ ngày nhận hồ sơ`);
    expect(doc).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(doc).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    // Which forms of which circular, and that a newer one may be asked for.
    expect(doc).toContain('Bản nháp Mẫu II-1: giấy đề nghị đăng ký');
    expect(doc).toContain('Bản nháp Mẫu II-2: danh sách thành viên');
    expect(doc).toContain('Thông tư 09/2024/TT-BKHĐT');
    expect(doc).toContain('Cơ quan đăng ký có thể yêu cầu dùng mẫu mới hơn');

    // "Tải hồ sơ" makes it again, from whichever page.
    await u.say(NEXT);
    const [again] = await u.say(PAPERS_BUTTON);
    expect(again?.text).toContain('Hồ sơ của bạn (tệp Word)');
    expect(again?.files?.[0]?.name).toBe(file?.name);
    expect(again?.buttons).toEqual(MIDDLE_PAGE_BUTTONS);
    // What is kept to show again carries no file: a file is handed over when asked for.
    expect((await u.state())?.flowReplies?.some((r) => r.files !== undefined)).toBe(false);
  });

  it('tổ hợp tác', async () => {
    const u = user('happy-group');
    await u.say('/thanhlap');
    const first = await u.sayAll(GOOD_GROUP);
    const text = pagesText(await pages(u, first));
    expect(text).toContain('Tổ hợp tác · 3 thành viên · Lĩnh vực khác · thành phố Huế');
    expect(text).toContain(FITS);
    expect(text).toContain(' · Bước 1. Hợp đồng hợp tác**');
    expect(text).toContain(' · Bước 2. Đăng ký tổ hợp tác**');
    expect(text).toContain(`[Khoản 2 Điều 107 ${LAW}]`);
    expect(text).toContain(`[Khoản 2 Điều 22 ${LAW}]`);
    // When it may later become a hợp tác xã: 12 months, all members, at least five.
    expect(text).toMatch(/\[Khoản 1 Điều 108; khoản 7 Điều 4 Luật Hợp tác xã 2023/);
    expect(text).not.toContain('Hội nghị thành lập');
    const doc = docxText(readFileSync(first[0]?.files?.[0]?.path as string));
    expect(doc).toContain('Bản nháp Mẫu III-1: giấy đề nghị đăng ký');
    expect(doc).toContain('Bản nháp Mẫu III-2: danh sách thành viên');
    expect(doc).toContain('RAU SẠCH HƯƠNG TRÀ');
    expect(doc).toContain('Tỉnh/Thành phố trực thuộc Trung ương: thành phố Huế');
  });

  it('liên hiệp hợp tác xã', async () => {
    const u = user('happy-union');
    await u.say('/thanhlap');
    const first = await u.sayAll(GOOD_UNION);
    const text = pagesText(await pages(u, first));
    expect(text).toContain('Liên hiệp hợp tác xã · 4 thành viên · Lĩnh vực khác · thành phố Cần Thơ · vốn điều lệ 2 tỷ đồng');
    expect(text).toContain(FITS);
    expect(text).toContain('Mỗi thành viên chính thức góp không quá 40% vốn điều lệ.');
    expect(text).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    expect(text).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(text).toContain('Liên hiệp dưới 10 thành viên được chọn quản trị đầy đủ hoặc rút gọn.');
    // A liên hiệp fills the co-op forms, "liên hiệp hợp tác xã" written for "hợp tác xã".
    const doc = docxText(readFileSync(first[0]?.files?.[0]?.path as string));
    expect(doc).toContain('GIẤY ĐỀ NGHỊ ĐĂNG KÝ LIÊN HIỆP HỢP TÁC XÃ');
    expect(doc).toContain('LIÊN HIỆP HỢP TÁC XÃ MEKONG');
    expect(doc).not.toContain('liên hiệp liên hiệp');
  });
});

describe('founding guide: questions along the way', () => {
  it('a question in the middle of a step is answered, then the step is asked again and kept', async () => {
    const u = user('aside');
    await u.say('/thanhlap');
    await u.sayAll(['Hợp tác xã', 'Không, lập mới', '7']);
    const replies = await u.say('hộ nghèo có được ưu tiên vay vốn không?');
    expect(replies).toHaveLength(2);
    // Answered as any question is (here the texts are not loaded, so it says where to ask), not taken as "Hộ gia đình".
    expect(replies[0]?.buttons).toBeUndefined();
    expect(replies[1]?.text).toContain('Mình trả lời câu hỏi của bạn ở trên. Giờ mình hỏi tiếp phần đang làm:');
    expect(replies[1]?.text).toContain('**Câu 4.** Thành viên gồm những ai?');
    expect(replies[1]?.buttons).toEqual(['Cá nhân', 'Hộ gia đình', 'Tổ chức', 'Quay lại']);
    for (const reply of replies) expect(reply.text.length).toBeLessThanOrEqual(SCREEN);
    const state = await u.state();
    expect(state?.flow).toMatchObject({ stepId: 'member-kinds', history: ['form', 'converting', 'members'] });
    expect(state?.flow?.answers['member-kinds']).toBeUndefined();
    expect(state?.turns.map((t) => t.text)[0]).toBe('hộ nghèo có được ưu tiên vay vốn không?');
    // A question naming an option does not choose it either; a plain answer still does.
    await u.say('doanh nghiệp có được làm thành viên không');
    expect((await u.state())?.flow?.answers['member-kinds']).toBeUndefined();
    await u.say('Cá nhân');
    expect((await u.state())?.flow?.answers['member-kinds']).toBe('ca-nhan');
  });

  it('starting the policy finder during the guide asks first, and continuing loses nothing', async () => {
    const u = user('switch');
    await u.say('/thanhlap');
    await u.sayAll(['Hợp tác xã', 'Không, lập mới']);
    const [offer] = await u.say('/chinhsach');
    expect(offer?.text).toContain('Bạn đang làm dở phần hướng dẫn thành lập HTX');
    expect(offer?.buttons).toEqual([RESUME, '🔀 Sang tìm chính sách hỗ trợ']);
    expect(allText(await u.say(RESUME))).toContain('**Câu 3.** Có bao nhiêu người');
    expect((await u.state())?.flow).toMatchObject({ flowId: 'thanh-lap', answers: { form: 'hop-tac-xa', converting: 'lap-moi' } });
    // Asked for in words inside a step, the same; even at a question whose option the words name.
    const [asked] = await u.say('tìm chính sách hỗ trợ cho hợp tác xã');
    expect(asked?.buttons).toEqual([RESUME, '🔀 Sang tìm chính sách hỗ trợ']);
    const other = user('switch-at-form');
    await other.say('/thanhlap');
    expect((await other.say('tìm chính sách hỗ trợ cho hợp tác xã'))[0]?.buttons).toEqual([RESUME, '🔀 Sang tìm chính sách hỗ trợ']);
    expect((await other.state())?.flow).toMatchObject({ stepId: 'form', answers: {} });
    const [policies] = await u.say('🔀 Sang tìm chính sách hỗ trợ');
    expect(policies?.text).toContain('liệt kê các chính sách hỗ trợ phù hợp');
    expect((await u.state())?.flow?.flowId).toBe('chinh-sach');
  });

  it('"quay lại" after the checklist goes back into the guide', async () => {
    const u = user('back-after');
    await u.say('/thanhlap');
    await u.sayAll(GOOD_COOP);
    await u.say(NEXT);
    const [back] = await u.say('quay lại');
    expect(back?.text).toContain('Họ tên các thành viên chính thức là gì?');
    expect((await u.state())?.flow).toMatchObject({ stepId: 'member-names' });
    expect((await u.state())?.flow?.completed).toBeUndefined();
    const [again] = await u.say('Bỏ qua');
    expect(again?.text).toContain('**Danh sách việc cần làm của bạn**');
  });
});

describe('founding guide: each eligibility problem is told at once, with its article', () => {
  /** The replies to the answer that breaks the rule: the problem first, then the next question. */
  async function problemAfter(userId: string, answers: string[]) {
    const u = user(userId);
    await u.say('/thanhlap');
    const replies = await u.sayAll(answers);
    expect(replies[0]?.text.startsWith(`**${PROBLEM}**`)).toBe(true);
    expect(replies[0]?.text).toContain('Gõ "quay lại" để sửa câu trả lời');
    return { u, replies, problem: replies[0]?.text ?? '', next: allText(replies.slice(1)) };
  }

  it('a hợp tác xã of 4 members', async () => {
    const { problem, next } = await problemAfter('problem-four', ['Hợp tác xã', 'Không, lập mới', '4']);
    expect(problem).toContain(`ít nhất 05 thành viên chính thức; nhóm bạn mới có 4. Hãy rủ thêm người trước khi họp thành lập. [Khoản 7 Điều 4 ${LAW}]`);
    expect(next).toContain('**Câu 4.** Thành viên gồm những ai?');
  });

  it('a member under 18', async () => {
    const { problem, next } = await problemAfter('problem-age', ['Hợp tác xã', 'Không, lập mới', '7', 'Cá nhân', '16']);
    expect(problem).toContain('phải từ đủ 18 tuổi');
    expect(problem).toContain(`[Điểm a khoản 1, điểm b khoản 2 Điều 30 ${LAW}]`);
    expect(next).toContain('nhà đầu tư nước ngoài');
  });

  it('the largest contribution above 30% of charter capital', async () => {
    const { u, problem, next } = await problemAfter('problem-share', [...GOOD_COOP.slice(0, 9), '200 triệu']);
    expect(problem).toContain(`tối đa 30% vốn điều lệ hợp tác xã; người góp nhiều nhất đang là 40%`);
    expect(problem).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    expect(next).toContain('Hợp tác xã dự kiến tên là gì?');
    // Answered to the end, the checklist says there is something to fix and lists it first.
    const first = await u.sayAll(PAPERS);
    expect(allText(first)).toContain('⚠️ Có 1 điểm cần khắc phục trước khi đăng ký (xem phần 1).');
    expect(allText(first)).not.toContain(FITS);
    const [toFix] = await u.say(NEXT);
    expect(toFix?.text).toMatch(/^\*\*Phần 1\/\d+ · Cần khắc phục trước khi đăng ký\*\*\n• Mỗi thành viên chính thức chỉ được góp tối đa 30%/);
  });

  it('foreign members at 35% or more', async () => {
    const { problem, next } = await problemAfter('problem-foreign', ['Hợp tác xã', 'Không, lập mới', '5', 'Cá nhân', '30', '2']);
    expect(problem).toContain('dưới 35% tổng số thành viên chính thức; nhóm bạn đang là 40%');
    expect(problem).toContain(`[Khoản 7 Điều 30 ${LAW}]`);
    expect(next).toContain('Lĩnh vực hoạt động chính là gì?');
  });

  it('a tổ hợp tác converting less than 12 months after registration', async () => {
    const { u, problem, next } = await problemAfter('problem-months', ['Hợp tác xã', 'Có, tổ hợp tác đã đăng ký', '8 tháng']);
    expect(problem).toContain('ít nhất 12 tháng');
    expect(problem).toContain('tổ hợp tác của bạn mới được 8 tháng');
    expect(problem).toContain(`[Điểm b khoản 1 Điều 108 ${LAW}]`);
    expect(next).toContain('sẽ là thành viên chính thức?');
    // Answered on to the end, every problem is listed again, on the checklist's first part.
    await u.sayAll(['4', 'Cá nhân', '17', 'Không có', 'Khác', 'An Giang', '1 tỷ', '20%', ...PAPERS]);
    const toFix = allText(await u.say(NEXT));
    expect(toFix).toContain(' · Cần khắc phục trước khi đăng ký**');
    expect(toFix.length).toBeLessThanOrEqual(SCREEN);
    expect(toFix.match(/^• /gm)).toHaveLength(3);
    for (const article of ['Điểm b khoản 1 Điều 108', 'Khoản 7 Điều 4', 'Điểm a khoản 1, điểm b khoản 2 Điều 30']) expect(toFix).toContain(article);
  });
});

describe('founding guide: answers as farmers type them', () => {
  it('reads Vietnamese number words, with or without diacritics', async () => {
    const u = user('number-words');
    await u.say('/thanhlap');
    const afterMembers = await u.sayAll(['hop tac xa', 'Có, tổ hợp tác đã đăng ký', 'mười hai tháng', 'muoi hai']);
    expect(allText(afterMembers)).not.toContain(PROBLEM);
    const afterYoungest = await u.sayAll(['ca nhan', 'mười tám']);
    expect(allText(afterYoungest)).toContain('Trong 12 thành viên');
    const checklist = allText(await u.sayAll(['không có', 'nông nghiệp', 'kon tum', 'năm trăm triệu', 'ba mươi phần trăm', ...PAPERS]));
    expect(checklist).toContain(FITS);
    expect(checklist).toContain('Hợp tác xã · tổ hợp tác đã đăng ký 1 năm · 12 thành viên · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · vốn điều lệ 500 triệu đồng');
    expect((await u.state())?.flow?.answers).toMatchObject({
      'registered-months': 12,
      members: 12,
      'youngest-age': 18,
      foreign: 0,
      'charter-capital': 500_000_000,
      'largest-contribution': 150_000_000,
    });
  });

  it('"năm" is five members, and just enough', async () => {
    const u = user('number-five');
    await u.say('/thanhlap');
    const replies = await u.sayAll(['Hợp tác xã', 'Không, lập mới', 'năm']);
    expect(allText(replies)).not.toContain(PROBLEM);
    expect((await u.state())?.flow?.answers.members).toBe(5);
  });
});

describe('founding guide: moving around', () => {
  it('"quay lại" goes back one step and forgets that answer', async () => {
    const u = user('back');
    await u.say('/thanhlap');
    await u.sayAll(['Hợp tác xã', 'Không, lập mới', '4']);
    const [back] = await u.say('quay lại');
    expect(back?.text).toContain('**Câu 3.** Có bao nhiêu người');
    const reopened = (await u.state())?.flow;
    expect(reopened).toMatchObject({ stepId: 'members', history: ['form', 'converting'] });
    expect(reopened?.answers.members).toBeUndefined();
    const [next] = await u.say('9');
    expect(next?.text).toContain('**Câu 4.**');
    const [twoBack] = await u.sayAll(['quay lại', 'quay lại']);
    expect(twoBack?.text).toContain('**Câu 2.** Nhóm bạn đang là một tổ hợp tác');
    // Back at the start, it says so rather than leaving.
    await u.say('quay lại');
    const [first] = await u.say('quay lại');
    expect(first?.text).toContain('Đây là câu hỏi đầu tiên rồi.');
    expect((await u.state())?.flow?.stepId).toBe('form');
  });

  it('/huy leaves the guide; the next message is a question again', async () => {
    const u = user('leave');
    await u.say('/thanhlap');
    await u.sayAll(['Hợp tác xã', 'Không, lập mới']);
    const [left] = await u.say('/huy');
    expect(left?.text).toContain('Đã thoát phần hướng dẫn thành lập HTX');
    expect((await u.state())?.flow).toBeUndefined();
    const [answer] = await u.say('Hợp tác xã cần ít nhất mấy thành viên?');
    expect(answer?.buttons).toEqual(['👍 Hữu ích', '👎 Chưa đúng']);
    expect((await u.state())?.turns).toHaveLength(2);
  });

  it('a bare "hủy" leaves too (the engine\'s word), and a bare "mới" is an answer, not "forget me"', async () => {
    const u = user('bare-words');
    await u.say('Vốn điều lệ là gì?');
    await u.say('/thanhlap');
    await u.say('Hợp tác xã');
    await u.say('mới');
    const kept = await u.state();
    expect(kept?.turns).toHaveLength(2);
    // "mới" answered "lập mới?" and the guide moved on: nothing was forgotten.
    expect(kept?.flow).toMatchObject({ flowId: 'thanh-lap', answers: { converting: 'lap-moi' } });
    const [left] = await u.say('hủy');
    expect(left?.text).toContain('Đã dừng phần hướng dẫn');
    expect((await u.state())?.flow).toBeUndefined();
  });

  it('coming back later with /thanhlap offers to resume where the user stopped, or start over', async () => {
    const u = user('resume');
    await u.say('/thanhlap');
    await u.sayAll(['Hợp tác xã', 'Không, lập mới', '7']);
    // Off to something else: the guide waits.
    expect(allText(await u.say('/nguon'))).toContain('Kon Tum');
    const [offer] = await u.say('/thanhlap');
    expect(offer?.text).toContain('Bạn đang làm dở phần hướng dẫn thành lập HTX');
    expect(offer?.buttons).toEqual([RESUME, RESTART_OFFER]);
    const resumed = await u.say(RESUME);
    expect(allText(resumed)).toContain('**Câu 4.** Thành viên gồm những ai?');
    const text = allText(await u.sayAll(GOOD_COOP.slice(3)));
    expect(text).toContain('Hợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum');

    // A finished guide offers its checklist again (the page last seen), or a fresh start.
    const [again] = await u.say('/thanhlap');
    expect(again?.buttons).toEqual(['📋 Xem lại kết quả', RESTART_OFFER]);
    const [review] = await u.say('📋 Xem lại kết quả');
    expect(review?.text).toContain('Hợp tác xã · 7 thành viên');
    expect(review?.files).toBeUndefined();
    const [fresh] = await u.sayAll(['/thanhlap', RESTART_OFFER]);
    expect(fresh?.text).toContain('Mình sẽ hỏi vài câu ngắn');
    expect((await u.state())?.flow).toMatchObject({ stepId: 'form', answers: {} });
  });

  it('continues where it was after the store is closed and the app started again', async () => {
    const u = user('restart');
    await u.say('/thanhlap');
    await u.sayAll(GOOD_COOP.slice(0, 5));
    await store.close();

    const restarted = await createApp(configFor(dataDir), createLogger('silent'));
    await openConversation(restarted);
    const [next] = await u.say('Không có');
    expect(next?.text).toContain('**Câu 7.** Lĩnh vực hoạt động chính là gì?');
    const text = allText(await u.sayAll(GOOD_COOP.slice(6)));
    expect(text).toContain('Hợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · vốn điều lệ 500 triệu đồng');
    expect(text).toContain(FITS);
  });

  it('two users in the same guide at once do not cross', async () => {
    const coop = user('together-coop');
    const group = user('together-group', 'zalo');
    const coopAnswers = ['/thanhlap', ...GOOD_COOP.slice(0, 2), '4', ...GOOD_COOP.slice(3)];
    const groupAnswers = ['/thanhlap', ...GOOD_GROUP];
    let coopLast: Reply[] = [];
    let groupLast: Reply[] = [];
    for (let i = 0; i < Math.max(coopAnswers.length, groupAnswers.length); i++) {
      // Each turn both users' messages are in flight together.
      const [a, b] = await Promise.all([
        coopAnswers[i] === undefined ? undefined : coop.say(coopAnswers[i] as string),
        groupAnswers[i] === undefined ? undefined : group.say(groupAnswers[i] as string),
      ]);
      if (a) coopLast = a;
      if (b) groupLast = b;
      if (i === 3) {
        expect(allText(a ?? [])).toContain('nhóm bạn mới có 4');
        expect(allText(b ?? [])).not.toContain(PROBLEM);
      }
    }
    const coopText = allText(coopLast);
    const groupText = allText(groupLast);
    expect(coopText).toContain('Hợp tác xã · 4 thành viên · Nông nghiệp · tỉnh Kon Tum');
    expect(coopText).toContain('⚠️ Có 1 điểm cần khắc phục');
    expect(groupText).toContain('Tổ hợp tác · 3 thành viên · Lĩnh vực khác · thành phố Huế');
    expect(groupText).toContain(FITS);
    expect((await coop.state())?.flow?.answers).toMatchObject({ form: 'hop-tac-xa', members: 4, province: 'Kon Tum' });
    expect((await group.state())?.flow?.answers).toMatchObject({ form: 'to-hop-tac', members: 3, province: 'Huế' });
  });
});

describe('support-policy finder (/chinhsach)', () => {
  it('adds the plan of a province the knowledge base has one for (Kon Tum, merged into Quảng Ngãi)', async () => {
    const u = user('policies-kon-tum');
    const opening = await u.say('/chinhsach');
    expect(opening[0]?.text).toContain('liệt kê các chính sách hỗ trợ phù hợp');
    const first = await u.sayAll(['Hợp tác xã', 'Nông nghiệp', 'kon tum', 'vay vốn, đất đai']);
    const all = await pages(u, first);
    const text = pagesText(all);
    for (const page of all) expect(allText(page).length).toBeLessThanOrEqual(SCREEN);
    expect(text).toContain('Hợp tác xã · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · cần: Đất đai; Vốn, tín dụng, bảo hiểm');
    expect(text).toContain(`[Khoản 1 Điều 18 ${LAW}]`);
    expect(text).toContain(`[Khoản 2 Điều 21 ${LAW}]`);
    expect(text).toContain(`[Điểm b khoản 1 Điều 23 ${LAW}]`);
    expect(text).toContain(' · Kế hoạch riêng của tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi)**');
    // The plan keeps its own locality and date.
    expect(text).toMatch(/• [^\n]*Chương trình 41-CTr\/TU của Tỉnh ủy Kon Tum \(07\/10\/2022\)[^\n]*: \S/);
    expect(text).toContain('Liên minh Hợp tác xã tỉnh Quảng Ngãi');
    expect(text).not.toContain('chưa có kế hoạch riêng');
    expect(lastButtons(all[all.length - 1] as Reply[])).toEqual([PREVIOUS, 'Làm lại từ đầu']);
    expect(first[0]?.files).toBeUndefined();
    expect((await u.state())?.flow).toMatchObject({ flowId: 'chinh-sach', completed: true });
  });

  it('gives the province formed in 2025 the plans of those merged into it, each labelled as theirs', async () => {
    const u = user('policies-quang-ngai');
    await u.say('/chinhsach');
    const text = pagesText(await pages(u, await u.sayAll(['Hợp tác xã', 'Khác', 'Quảng Ngãi', 'Đất đai'])));
    expect(text).toContain(' · Kế hoạch riêng của tỉnh Quảng Ngãi**');
    expect(text).toContain('Kế hoạch phát triển kinh tế tập thể, hợp tác xã năm 2024 của UBND thành phố Quảng Ngãi');
    expect(text).toMatch(/Chương trình 41-CTr\/TU của Tỉnh ủy Kon Tum [^\n]*— văn bản của tỉnh Kon Tum trước khi sáp nhập vào tỉnh Quảng Ngãi:/);
  });

  it('says so for a province it has no plan for', async () => {
    const u = user('policies-ca-mau');
    await u.say('chính sách');
    const text = pagesText(await pages(u, await u.sayAll(['Tổ hợp tác', 'Khác', 'Cà Mau', 'Thuế, phí'])));
    expect(text).toContain('Kho kiến thức của mình chưa có kế hoạch riêng của tỉnh Cà Mau');
    expect(text).not.toContain('Chương trình 41-CTr/TU');
  });

  it('from the founding checklist, "Tìm chính sách hỗ trợ" asks only what it does not know yet', async () => {
    const u = user('handoff');
    await u.say('/thanhlap');
    await u.sayAll(GOOD_COOP);
    const asked = await u.say('Tìm chính sách hỗ trợ');
    const question = allText(asked);
    expect(question).toContain('Bạn cần hỗ trợ về việc gì?');
    expect(question).not.toContain('loại hình');
    expect((await u.state())?.flow).toMatchObject({ flowId: 'chinh-sach', stepId: 'needs', answers: { form: 'hop-tac-xa', field: 'nong-nghiep', province: 'Kon Tum' } });
    const text = pagesText(await pages(u, await u.say('Đất đai')));
    expect(text).toContain('Hợp tác xã · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · cần: Đất đai');
    expect(text).toContain(' · Kế hoạch riêng của tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi)**');
  });
});

describe('/nguon on a phone', () => {
  it('lists the documents in a few lines, and shows one in full by its number', async () => {
    const u = user('sources');
    const replies = await u.say('/nguon');
    for (const reply of replies) expect(reply.text.length).toBeLessThanOrEqual(SCREEN);
    expect(allText(replies)).toMatch(/\d+\. Chương trình 41-CTr\/TU của Tỉnh ủy Kon Tum \(07\/10\/2022\) — /);
    const number = /(\d+)\. Chương trình 41-CTr/.exec(allText(replies))?.[1];
    const [detail] = await u.say(`nguồn ${number}`);
    expect(detail?.text).toContain('Ban hành: 07/10/2022');
    expect(detail?.text).toContain('Phạm vi: tỉnh Kon Tum');
  });
});
