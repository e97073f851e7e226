/**
 * Issues 5 and 12, once through the real command line: `cli chat --json` as a script drives it
 * (see CONTRACT.md), one message a line, buttons pressed by sending their text, state kept in
 * DATA_DIR between runs, the papers listed as `"files"` and opened here.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docxText } from '../flows/docx-text.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The longest a turn may take (the first one includes start-up), and the whole test. */
const TURN_MS = 20_000;
const TEST_MS = 120_000;

interface JsonReply {
  text: string;
  buttons: string[];
  files?: Array<{ name: string; path: string; mime: string }>;
}

/**
 * One run of `node --import tsx src/channels/cli/main.ts chat --json --user <id>`. Every reply
 * this walk expects ends its turn with buttons (a question, an offer, a checklist), so a turn is
 * over when a reply with buttons arrives.
 */
class CliChat {
  readonly replies: JsonReply[] = [];
  private stdout = '';
  private stderr = '';
  private badLine: Error | undefined;
  private notify: () => void = () => {};
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.stdout += chunk;
      let end: number;
      while ((end = this.stdout.indexOf('\n')) >= 0) {
        const line = this.stdout.slice(0, end);
        this.stdout = this.stdout.slice(end + 1);
        try {
          this.replies.push(parseReply(line));
        } catch (error) {
          // Thrown from the waiting test, not from this event handler.
          this.badLine ??= new Error(`stdout holds something other than a reply: ${line}\n${(error as Error).message}`);
        }
      }
      this.notify();
    });
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((done) => child.on('close', (code) => done(code)));
    this.exited.then(() => this.notify());
  }

  static start(dataDir: string, userId: string): CliChat {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/channels/cli/main.ts', 'chat', '--json', '--user', userId], {
      cwd: ROOT,
      // Providers set empty ("not set") rather than left out: the real environment wins over a developer's .env.
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        KNOWLEDGE_DIR: join(ROOT, 'knowledge'),
        KNOWLEDGE_SOURCES: '',
        LLM_BASE_URL: '',
        EMBEDDINGS_BASE_URL: '',
        EMBEDDINGS_LOCAL_MODEL_PATH: '',
        REDIS_URL: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new CliChat(child);
  }

  /** Sends one line; resolves with the replies of that turn. */
  async say(text: string): Promise<JsonReply[]> {
    const from = this.replies.length;
    this.child.stdin.write(`${text}\n`);
    await this.until(() => this.replies.slice(from).some((r) => r.buttons.length > 0), `replies to "${text}"`);
    return this.replies.slice(from);
  }

  /** Presses a button of the last reply by sending its text, as a script does. */
  async press(label: string): Promise<JsonReply[]> {
    expect(this.replies[this.replies.length - 1]?.buttons).toContain(label);
    return this.say(label);
  }

  /** Ends the input, as a script's end of file does; resolves with the exit code. */
  async end(): Promise<number | null> {
    this.child.stdin.end();
    let code: number | null | undefined;
    void this.exited.then((c) => (code = c));
    await this.until(() => code !== undefined, 'the process to exit');
    return code ?? null;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + TURN_MS;
    while (!done()) {
      if (this.badLine) throw this.badLine;
      if (this.child.exitCode !== null && what !== 'the process to exit') {
        throw new Error(`the CLI exited (${this.child.exitCode}) while waiting for ${what}\n${this.stderr}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${TURN_MS} ms\nstderr:\n${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 500));
        this.notify = () => {
          clearTimeout(timer);
          wake();
        };
      });
    }
    if (this.badLine) throw this.badLine;
  }
}

/** A line of stdout: exactly {"text", "buttons"}, and "files" when it hands over documents; plain text with no chat markup. */
function parseReply(line: string): JsonReply {
  const reply = JSON.parse(line) as JsonReply;
  expect(Object.keys(reply)).toEqual(reply.files === undefined ? ['text', 'buttons'] : ['text', 'buttons', 'files']);
  expect(typeof reply.text).toBe('string');
  expect(Array.isArray(reply.buttons)).toBe(true);
  expect(reply.text).not.toContain('**');
  return reply;
}

const allText = (replies: JsonReply[]) => replies.map((r) => r.text).join('\n\n');
const lastButtons = (replies: JsonReply[]) => replies[replies.length - 1]?.buttons ?? [];

let dataDir: string;
const running: CliChat[] = [];
const start = () => {
  const chat = CliChat.start(dataDir, 'u1');
  running.push(chat);
  return chat;
};

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'htx-cli-e2e-'));
});
afterEach(() => {
  for (const chat of running.splice(0)) chat.kill();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('cli chat --json: a founding walk, stopped and resumed in a second run', () => {
  it(
    'walks /thanhlap line by line, then resumes it in a new process and hands over to /chinhsach',
    async () => {
      const first = start();
      const opening = await first.say('/thanhlap');
      expect(opening).toHaveLength(2);
      expect(opening[0]).toEqual({ text: expect.stringContaining('Mình sẽ hỏi vài câu ngắn'), buttons: [] });
      expect(opening[1]?.text).toContain('Câu 1. Bạn muốn thành lập loại nào?');
      expect(opening[1]?.buttons).toEqual(['Tổ hợp tác', 'Hợp tác xã', 'Liên hiệp hợp tác xã', 'Chưa biết chọn']);

      expect((await first.press('Hợp tác xã'))[0]?.text).toContain('Câu 2.');
      expect((await first.press('Không, lập mới'))[0]?.text).toContain('Câu 3. Có bao nhiêu người');
      const members = await first.say('bảy');
      expect(members).toEqual([
        { text: expect.stringContaining('Câu 4. Thành viên gồm những ai?'), buttons: ['Cá nhân', 'Hộ gia đình', 'Tổ chức', 'Quay lại'] },
      ]);
      expect((await first.press('Quay lại'))[0]?.text).toContain('Câu 3. Có bao nhiêu người');
      await first.say('bảy');
      expect((await first.press('Cá nhân'))[0]?.text).toContain('Câu 5. Trong các thành viên là cá nhân, người nhỏ tuổi nhất');
      expect(await first.end()).toBe(0);

      // A new process, the same user: the guide is still there.
      const second = start();
      const [offer] = await second.say('/thanhlap');
      expect(offer).toEqual({
        text: 'Bạn đang làm dở phần hướng dẫn thành lập HTX. Bạn muốn tiếp tục hay làm lại từ đầu?',
        buttons: ['▶️ Tiếp tục phần đang dở', '🔄 Làm lại từ đầu'],
      });
      expect((await second.press('▶️ Tiếp tục phần đang dở'))[0]?.text).toContain('Câu 5.');
      await second.say('35');
      await second.press('Không có');
      await second.press('Nông nghiệp');
      await second.say('Kon Tum');
      await second.say('500 triệu');
      await second.say('100 triệu');
      await second.say('HTX Thành Công');
      await second.say('thôn 3, xã Ea Tu');
      await second.say('trồng cà phê, sơ chế và bán cà phê');
      const checklist = await second.say('Nguyễn Văn An, Trần Thị Bình');
      expect(checklist).toHaveLength(1);
      const [overview] = checklist;
      expect(overview?.text).toContain('Danh sách việc cần làm của bạn\nHợp tác xã · 7 thành viên · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · vốn điều lệ 500 triệu đồng');
      expect(overview?.text).toContain('✅ Các câu trả lời của bạn phù hợp với luật đang có hiệu lực.');
      expect(overview?.text.length).toBeLessThanOrEqual(1200);
      expect(overview?.buttons).toEqual(['➡️ Tiếp', '📄 Tải hồ sơ', 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu']);
      // The papers, as CONTRACT.md says: a name, an absolute path, a type.
      const [file] = overview?.files ?? [];
      expect(file).toEqual({
        name: 'ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx',
        path: expect.stringMatching(new RegExp(`^${dataDir}/papers/`)),
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
      expect(existsSync(file?.path as string)).toBe(true);
      const doc = docxText(readFileSync(file?.path as string));
      expect(doc).toContain('HỢP TÁC XÃ THÀNH CÔNG');
      expect(doc).toContain('1 | Nguyễn Văn An');
      expect(doc).toContain('[Khoản 4 Điều 42 Luật Hợp tác xã 2023 (17/2023/QH15)]');

      // A page at a time, each with its buttons.
      const step1 = await second.press('➡️ Tiếp');
      expect(step1[0]?.text).toMatch(/^Phần 1\/\d+ · Bước 1. Sáng lập viên chuẩn bị/);
      expect(step1[0]?.buttons).toEqual(['➡️ Tiếp', '⬅️ Xem lại', '📄 Tải hồ sơ', 'Tìm chính sách hỗ trợ', 'Làm lại từ đầu']);
      let text = step1[0]?.text ?? '';
      for (let page = step1; page[0]?.buttons.includes('➡️ Tiếp'); ) {
        page = await second.press('➡️ Tiếp');
        expect(page[0]?.text.length).toBeLessThanOrEqual(1200);
        text += `\n${page[0]?.text}`;
      }
      expect(text).toContain('Bước 4. Hồ sơ đăng ký');
      expect(text).toContain('[Khoản 4 Điều 42 Luật Hợp tác xã 2023 (17/2023/QH15)]');
      expect(text).toContain('[Khoản 1 Điều 74 Luật Hợp tác xã 2023 (17/2023/QH15)]');
      const again = await second.press('📄 Tải hồ sơ');
      expect(again[0]?.files?.[0]?.name).toBe('ho-so-thanh-lap-hop-tac-xa-thanh-cong.docx');

      // The checklist's own button carries the answers over: only the needs are asked.
      const needs = await second.press('Tìm chính sách hỗ trợ');
      expect(allText(needs)).toContain('Câu 1. Bạn cần hỗ trợ về việc gì?');
      const policies = [await second.press('Đất đai')];
      while (lastButtons(policies.at(-1) as JsonReply[]).includes('➡️ Tiếp')) policies.push(await second.press('➡️ Tiếp'));
      const found = policies.map(allText).join('\n');
      expect(found).toContain('Hợp tác xã · Nông nghiệp · tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi) · cần: Đất đai');
      expect(found).toContain('Kế hoạch riêng của tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi)\n• ');
      expect(found).toContain('Chương trình 41-CTr/TU của Tỉnh ủy Kon Tum');
      expect(lastButtons(policies.at(-1) as JsonReply[])).toEqual(['⬅️ Xem lại', 'Làm lại từ đầu']);
      expect(await second.end()).toBe(0);
    },
    TEST_MS,
  );
});
