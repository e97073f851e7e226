import { resolve } from 'node:path';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { carryOverFollowUp } from '../../src/answering/carry-over.ts';
import { rewriteFollowUp } from '../../src/answering/follow-up.ts';
import { loadPrompts } from '../../src/answering/prompts.ts';
import type { ConversationTurn } from '../../src/answering/types.ts';
import { captureLogger } from '../fixtures/answering/capture-logger.ts';
import { sentMessages } from '../fixtures/answering/sent-messages.ts';

const prompts = loadPrompts(resolve(import.meta.dirname, '../../prompts'));

const founding: ConversationTurn[] = [
  { role: 'user', text: 'Thành lập hợp tác xã cần bao nhiêu thành viên?' },
  { role: 'bot', text: 'Hợp tác xã cần ít nhất 05 thành viên chính thức [1].\n\n**Căn cứ:**\n• [1] Điều 30 Luật Hợp tác xã 2023 (17/2023/QH15) — còn hiệu lực' },
];

describe('carryOverFollowUp', () => {
  it('asks the previous question again about the organisation the follow-up names', () => {
    const query = carryOverFollowUp('còn liên hiệp thì sao?', founding);
    expect(query).toBe('thành lập liên hiệp hợp tác xã cần bao nhiêu thành viên');
    expect(query).not.toMatch(/\bcòn\b|thì sao/);
  });

  it('understands follow-ups typed without diacritics, and keeps the question unaccented', () => {
    const history: ConversationTurn[] = [{ role: 'user', text: 'thanh lap htx can bao nhieu thanh vien' }];
    expect(carryOverFollowUp('con lien hiep thi sao', history)).toBe('thanh lap lien hiep hop tac xa can bao nhieu thanh vien');
  });

  it('resolves a follow-up of a follow-up against the whole chain: the latest subject wins', () => {
    const history: ConversationTurn[] = [...founding, { role: 'user', text: 'Còn liên hiệp thì sao?' }, { role: 'bot', text: '…' }];
    const query = carryOverFollowUp('thế còn tổ hợp tác?', history);
    expect(query).toBe('thành lập tổ hợp tác cần bao nhiêu thành viên');
  });

  it('swaps a co-op body the same way ("thế còn ban kiểm soát" after a question on the board)', () => {
    const history: ConversationTurn[] = [{ role: 'user', text: 'nhiệm kỳ hội đồng quản trị tối đa mấy năm' }];
    expect(carryOverFollowUp('thế còn ban kiểm soát?', history)).toBe('nhiệm kỳ ban kiểm soát tối đa mấy năm');
  });

  it('appends what the follow-up adds when it names no new subject', () => {
    const query = carryOverFollowUp('còn thời hạn thì sao?', founding);
    expect(query).toBe('thời hạn thành lập hợp tác xã cần bao nhiêu thành viên');
  });

  it('recognises pronouns pointing back', () => {
    const history: ConversationTurn[] = [{ role: 'user', text: 'Cho tôi hỏi hợp tác xã là gì ạ?' }];
    expect(carryOverFollowUp('Nó có tư cách pháp nhân không?', history)).toBe('có tư cách pháp nhân không hợp tác xã là gì');
  });

  it('leaves a standalone question unchanged', () => {
    expect(carryOverFollowUp('Hồ sơ đăng ký hợp tác xã gồm những gì?', founding)).toBe('Hồ sơ đăng ký hợp tác xã gồm những gì?');
    // "nợ" (debt) is not "nó" (it) when diacritics are typed.
    expect(carryOverFollowUp('Hợp tác xã nợ thuế bị xử lý ra sao?', founding)).toBe('Hợp tác xã nợ thuế bị xử lý ra sao?');
    expect(carryOverFollowUp('còn liên hiệp thì sao?', [])).toBe('còn liên hiệp thì sao?');
  });
});

describe('rewriteFollowUp', () => {
  it('asks the model for a standalone question, passing the conversation as data', async () => {
    const { handler, calls } = sentMessages();
    const model = new FakeListChatModel({ responses: ['Thành lập liên hiệp hợp tác xã cần bao nhiêu thành viên?'], callbacks: [handler] });
    const { logger } = captureLogger();
    const query = await rewriteFollowUp('còn liên hiệp thì sao?', founding, { model, prompts, logger, signal: AbortSignal.timeout(1_000) });
    expect(query).toBe('Thành lập liên hiệp hợp tác xã cần bao nhiêu thành viên?');
    const sent = String(calls[0]?.[0]?.content);
    expect(sent).toMatch(/<lich_su>\nNgười dùng: Thành lập hợp tác xã cần bao nhiêu thành viên\?\nTrợ lý: Hợp tác xã cần/);
    expect(sent).toMatch(/<cau_hoi>\ncòn liên hiệp thì sao\?\n<\/cau_hoi>/);
  });

  it('does not call the model before there is a conversation', async () => {
    const { handler, calls } = sentMessages();
    const model = new FakeListChatModel({ responses: ['không dùng'], callbacks: [handler] });
    const { logger } = captureLogger();
    const query = await rewriteFollowUp('Hợp tác xã là gì?', [], { model, prompts, logger, signal: AbortSignal.timeout(1_000) });
    expect(query).toBe('Hợp tác xã là gì?');
    expect(calls).toHaveLength(0);
  });

  it('falls back to the carry-over when the model times out, and logs why', async () => {
    const model = new FakeListChatModel({ responses: ['quá muộn'], sleep: 2_000 });
    const { logger, entries } = captureLogger();
    const query = await rewriteFollowUp('còn liên hiệp thì sao?', founding, { model, prompts, logger, signal: AbortSignal.timeout(100) });
    expect(query).toBe(carryOverFollowUp('còn liên hiệp thì sao?', founding));
    expect(entries()).toContainEqual(expect.objectContaining({ reason: 'timeout' }));
  });

  it('falls back to the carry-over when the model answers instead of rewriting', async () => {
    const model = new FakeListChatModel({ responses: ['Theo quy định '.repeat(60)] });
    const { logger, entries } = captureLogger();
    const query = await rewriteFollowUp('còn liên hiệp thì sao?', founding, { model, prompts, logger, signal: AbortSignal.timeout(1_000) });
    expect(query).toBe(carryOverFollowUp('còn liên hiệp thì sao?', founding));
    expect(entries()).toContainEqual(expect.objectContaining({ reason: 'malformed_reply' }));
  });

  it('uses the carry-over when there is no model', async () => {
    await expect(rewriteFollowUp('con lien hiep thi sao', founding)).resolves.toBe(carryOverFollowUp('con lien hiep thi sao', founding));
  });
});
