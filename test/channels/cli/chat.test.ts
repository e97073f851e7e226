import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliChat } from '../../../src/channels/cli/chat.ts';
import type { StateStore } from '../../../src/conversation/state/state-store.ts';
import type { ConversationService } from '../../../src/conversation/types.ts';
import { buildService, openTempStore } from '../../conversation/fakes.ts';

/** Feeds `lines` as a script would and collects everything written. */
async function chat(service: ConversationService, lines: string[], options: { json: boolean; interactive?: boolean; userId?: string }) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  const done = runCliChat(service, { input, output, interactive: false, ...options });
  input.end(lines.map((line) => `${line}\n`).join(''));
  await done;
  return written;
}

let store: StateStore;
let ctx: ReturnType<typeof buildService>;
beforeEach(() => {
  store = openTempStore();
  ctx = buildService({ store });
});
afterEach(async () => {
  await store.close();
});

describe('runCliChat --json', () => {
  it('writes one JSON line per reply, always with a buttons array', async () => {
    const written = await chat(ctx.service, ['/start', 'Vốn góp tối đa của một thành viên?', '/nguon'], { json: true });
    const lines = written.trimEnd().split('\n');
    const replies = lines.map((line) => JSON.parse(line) as { text: string; buttons: string[] });
    expect(replies).toHaveLength(4); // welcome, answer, and /nguon's local list and "not imported" note
    for (const reply of replies) {
      expect(Object.keys(reply)).toEqual(['text', 'buttons']);
      expect(Array.isArray(reply.buttons)).toBe(true);
    }
    expect(replies[0]?.buttons).toEqual(['📘 Thành lập HTX', '💰 Chính sách hỗ trợ', '📚 Nguồn văn bản']);
    expect(replies[1]?.text).toContain('Trả lời: Vốn góp tối đa');
    expect(replies[1]?.buttons).toEqual(['👍 Hữu ích', '👎 Chưa đúng']);
    expect(replies[3]?.buttons).toEqual([]);
  });

  it('shows **bold** as plain text', async () => {
    const [welcome] = (await chat(ctx.service, ['/start'], { json: true })).split('\n');
    expect(JSON.parse(welcome!).text).toContain('về hợp tác xã (HTX)');
    expect(welcome).not.toContain('**');
  });

  it('presses a button by sending its text, and state persists across runs', async () => {
    await chat(ctx.service, ['/start', '📘 Thành lập HTX', 'HTX Hoa Sen'], { json: true });
    const second = await chat(ctx.service, ['Trên 10'], { json: true });
    expect(JSON.parse(second).text).toContain('"ten":"HTX Hoa Sen"');
    expect(await store.get('cli:cli')).toMatchObject({ flow: { completed: true } });
  });

  it('chats as the given user', async () => {
    await chat(ctx.service, ['câu hỏi'], { json: true, userId: 'nguoi-thu' });
    expect(await store.get('cli:nguoi-thu')).toBeDefined();
    expect(await store.get('cli:cli')).toBeUndefined();
  });

  it('answers a blank line and a number as the core does: a number is text in a script', async () => {
    const written = await chat(ctx.service, ['', '1'], { json: true });
    const [blank, number] = written.trimEnd().split('\n').map((line) => JSON.parse(line) as { text: string });
    expect(blank?.text).toContain('chưa nhập nội dung');
    expect(ctx.answerer.calls.map((c) => c.question)).toEqual(['1']);
    expect(number?.text).toContain('Trả lời: 1');
  });

  it('returns once the input ends, every reply written', async () => {
    ctx.answerer.delayMs = 20;
    const written = await chat(ctx.service, ['câu 1', 'câu 2', 'câu 3'], { json: true });
    expect(written.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('runCliChat with files', () => {
  const file = { name: 'ho-so.docx', path: '/data/papers/x/ho-so.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
  const withFile: ConversationService = { handle: async () => [{ text: '**Hồ sơ**', buttons: ['Tiếp'], files: [file] }, { text: 'Hết.' }] };

  it('--json adds "files" to a reply that hands over documents, and only to it', async () => {
    const [first, second] = (await chat(withFile, ['tải hồ sơ'], { json: true })).trimEnd().split('\n').map((line) => JSON.parse(line) as object);
    expect(first).toEqual({ text: 'Hồ sơ', buttons: ['Tiếp'], files: [file] });
    expect(Object.keys(first as object)).toEqual(['text', 'buttons', 'files']);
    expect(second).toEqual({ text: 'Hết.', buttons: [] });
  });

  it('as plain text, shows a file by its name and path', async () => {
    expect(await chat(withFile, ['tải hồ sơ'], { json: false })).toBe('Hồ sơ\n📎 ho-so.docx: /data/papers/x/ho-so.docx\n[1] Tiếp\n\nHết.\n\n');
  });
});

describe('runCliChat as plain text', () => {
  it('prints the text, then numbered buttons', async () => {
    const written = await chat(ctx.service, ['câu hỏi'], { json: false });
    expect(written).toBe('Trả lời: câu hỏi\n\nNguồn: Điều 30, Luật Hợp tác xã 2023 (17/2023/QH15)\n[1] 👍 Hữu ích\n[2] 👎 Chưa đúng\n\n');
  });

  it('interactive: typing a number presses the button shown', async () => {
    const written = await chat(ctx.service, ['/start', '1', 'HTX Hoa Sen', '2'], { json: false, interactive: true });
    expect(written).toContain('[1] 📘 Thành lập HTX');
    expect(written).toContain('Tên dự kiến của HTX là gì?');
    expect(written).toContain('HTX có bao nhiêu thành viên?');
    expect((await store.get('cli:cli'))?.flow?.answers).toEqual({ ten: 'HTX Hoa Sen', 'thanh-vien': 'Trên 10' });
  });
});
