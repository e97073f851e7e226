/**
 * Issue 5: each guided flow walked end to end through the real core, as a chat user meets it: the
 * app assembled by createApp (the real flow engine over knowledge/flows, the committed knowledge
 * base for local plans, the offline answerer) and the real SQLite state store in a temporary
 * DATA_DIR. No fakes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { StateStore } from '../../src/conversation/state/state-store.ts';
import type { ChannelName, ConversationService, Reply } from '../../src/conversation/types.ts';
import { createLogger } from '../../src/logger.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const LAW = 'Luật Hợp tác xã 2023 (17/2023/QH15)';
const PROBLEM = 'Cần lưu ý:';
const FITS = 'Các câu trả lời của bạn phù hợp với luật đang có hiệu lực.';
const RESULT_BUTTONS = ['Tìm chính sách hỗ trợ', 'Làm lại từ đầu'];
const RESUME = '▶️ Tiếp tục phần đang dở';
const RESTART_OFFER = '🔄 Làm lại từ đầu';

/** A co-op that fits the law, answer by answer: form, new, members, kinds, youngest, foreign, field, province, capital, largest. */
const GOOD_COOP = ['Hợp tác xã', 'Không, lập mới', '7', 'Cá nhân', '35', 'Không có', 'Nông nghiệp', 'Kon Tum', '500 triệu', '100 triệu'];
const GOOD_GROUP = ['Tổ hợp tác', '3', 'Cá nhân', 'Không có', 'Lĩnh vực khác', 'Huế'];
const GOOD_UNION = ['Liên hiệp hợp tác xã', '4', 'Không có', 'Lĩnh vực khác', 'Cần Thơ', '2 tỷ', '35%'];

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
      expect(allText(turn)).toMatch(/^\*\*Câu \d+\.\*\*/);
      expect(allText(turn)).not.toContain(PROBLEM);
    }
    const checklist = transcript[transcript.length - 1] as Reply[];
    const text = allText(checklist);
    expect(text).toContain('**Danh sách việc cần làm của bạn**');
    expect(text).toContain('Hợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum · vốn điều lệ 500 triệu đồng');
    expect(text).toContain(FITS);
    for (const step of ['Bước 1. Sáng lập viên chuẩn bị', 'Bước 2. Dự thảo Điều lệ', 'Bước 3. Hội nghị thành lập', 'Bước 4. Hồ sơ đăng ký', 'Bước 5. Nộp ở đâu', 'Sau khi có Giấy chứng nhận']) {
      expect(text).toContain(`**${step}`);
    }
    expect(text).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(text).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    expect(text).toContain(`[Khoản 4 Điều 74 ${LAW}]`);
    expect(text).toContain('Liên minh Hợp tác xã tỉnh Kon Tum');
    expect(lastButtons(checklist)).toEqual(RESULT_BUTTONS);
    for (const reply of checklist) expect(reply.text.length).toBeLessThanOrEqual(3000);
    expect((await u.state())?.flow).toMatchObject({ flowId: 'thanh-lap', completed: true, answers: { form: 'hop-tac-xa', members: 7 } });
  });

  it('tổ hợp tác', async () => {
    const u = user('happy-group');
    await u.say('/thanhlap');
    const text = allText(await u.sayAll(GOOD_GROUP));
    expect(text).toContain('Tổ hợp tác · 3 thành viên · Lĩnh vực khác · thành phố Huế');
    expect(text).toContain(FITS);
    expect(text).toContain('**Bước 1. Hợp đồng hợp tác**');
    expect(text).toContain('**Bước 2. Đăng ký tổ hợp tác**');
    expect(text).toContain(`[Khoản 2 Điều 107 ${LAW}]`);
    expect(text).toContain(`[Khoản 2 Điều 22 ${LAW}]`);
    // When it may later become a hợp tác xã: 12 months, all members, at least five.
    expect(text).toMatch(/\[Khoản 1 Điều 108; khoản 7 Điều 4 Luật Hợp tác xã 2023/);
    expect(text).not.toContain('Hội nghị thành lập');
  });

  it('liên hiệp hợp tác xã', async () => {
    const u = user('happy-union');
    await u.say('/thanhlap');
    const replies = await u.sayAll(GOOD_UNION);
    const text = allText(replies);
    expect(text).toContain('Liên hiệp hợp tác xã · 4 thành viên · Lĩnh vực khác · thành phố Cần Thơ · vốn điều lệ 2 tỷ đồng');
    expect(text).toContain(FITS);
    expect(text).toContain('Mỗi thành viên chính thức góp không quá 40% vốn điều lệ.');
    expect(text).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    expect(text).toContain(`[Khoản 4 Điều 42 ${LAW}]`);
    expect(text).toContain('Liên hiệp dưới 10 thành viên được chọn quản trị đầy đủ hoặc rút gọn.');
    expect(lastButtons(replies)).toEqual(RESULT_BUTTONS);
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
    const { problem, next } = await problemAfter('problem-share', [...GOOD_COOP.slice(0, 9), '200 triệu']);
    expect(problem).toContain(`tối đa 30% vốn điều lệ hợp tác xã; người góp nhiều nhất đang là 40%`);
    expect(problem).toContain(`[Khoản 1 Điều 74 ${LAW}]`);
    // The last answer: the checklist follows at once and lists the problem to fix.
    expect(next).toContain('**Cần khắc phục trước khi đăng ký**\n• Mỗi thành viên chính thức chỉ được góp tối đa 30%');
    expect(next).not.toContain(FITS);
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
    // Answered on to the end, every problem is listed again in the checklist.
    const text = allText(await u.sayAll(['4', 'Cá nhân', '17', 'Không có', 'Khác', 'An Giang', '1 tỷ', '20%']));
    const toFix = text.slice(text.indexOf('**Cần khắc phục trước khi đăng ký**'), text.indexOf('**Bước 1.'));
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
    const checklist = allText(await u.sayAll(['không có', 'nông nghiệp', 'kon tum', 'năm trăm triệu', 'ba mươi phần trăm']));
    expect(checklist).toContain(FITS);
    expect(checklist).toContain('Hợp tác xã · tổ hợp tác đã đăng ký 1 năm · 12 thành viên · Nông nghiệp · tỉnh Kon Tum · vốn điều lệ 500 triệu đồng');
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

    // A finished guide offers its checklist again, or a fresh start.
    const [again] = await u.say('/thanhlap');
    expect(again?.buttons).toEqual(['📋 Xem lại kết quả', RESTART_OFFER]);
    expect(allText(await u.say('📋 Xem lại kết quả'))).toContain('Hợp tác xã · 7 thành viên');
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
    expect(text).toContain('Hợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum · vốn điều lệ 500 triệu đồng');
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
    expect(coopText).toContain('nhóm bạn mới có 4');
    expect(groupText).toContain('Tổ hợp tác · 3 thành viên · Lĩnh vực khác · thành phố Huế');
    expect(groupText).toContain(FITS);
    expect((await coop.state())?.flow?.answers).toMatchObject({ form: 'hop-tac-xa', members: 4, province: 'Kon Tum' });
    expect((await group.state())?.flow?.answers).toMatchObject({ form: 'to-hop-tac', members: 3, province: 'Huế' });
  });
});

describe('support-policy finder (/chinhsach)', () => {
  it('adds the plan of a province the knowledge base has one for (Kon Tum)', async () => {
    const u = user('policies-kon-tum');
    const opening = await u.say('/chinhsach');
    expect(opening[0]?.text).toContain('liệt kê các chính sách hỗ trợ phù hợp');
    const replies = await u.sayAll(['Hợp tác xã', 'Nông nghiệp', 'kon tum', 'vay vốn, đất đai']);
    const text = allText(replies);
    expect(text).toContain('Hợp tác xã · Nông nghiệp · tỉnh Kon Tum · cần: Đất đai; Vốn, tín dụng, bảo hiểm');
    expect(text).toContain(`[Khoản 1 Điều 18 ${LAW}]`);
    expect(text).toContain(`[Khoản 2 Điều 21 ${LAW}]`);
    expect(text).toContain(`[Điểm b khoản 1 Điều 23 ${LAW}]`);
    expect(text).toContain('**Kế hoạch riêng của tỉnh Kon Tum**');
    expect(text).toMatch(/• [^\n]*Chương trình 41-CTr\/TU của Tỉnh ủy Kon Tum[^\n]*: \S/);
    expect(text).not.toContain('chưa có kế hoạch riêng');
    expect(lastButtons(replies)).toEqual(['Làm lại từ đầu']);
    expect((await u.state())?.flow).toMatchObject({ flowId: 'chinh-sach', completed: true });
  });

  it('says so for a province it has no plan for', async () => {
    const u = user('policies-ca-mau');
    await u.say('chính sách');
    const text = allText(await u.sayAll(['Tổ hợp tác', 'Khác', 'Cà Mau', 'Thuế, phí']));
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
    const text = allText(await u.say('Đất đai'));
    expect(text).toContain('Hợp tác xã · Nông nghiệp · tỉnh Kon Tum · cần: Đất đai');
    expect(text).toContain('**Kế hoạch riêng của tỉnh Kon Tum**');
  });
});
