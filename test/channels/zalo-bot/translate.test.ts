import { describe, expect, it } from 'vitest';
import { toIncomingMessage, webhookUpdateOf } from '../../../src/channels/zalo-bot/translate.ts';
import type { ZaloBotChatType, ZaloBotInfo, ZaloBotUpdate } from '../../../src/channels/zalo-bot/types.ts';

const ME: ZaloBotInfo = { id: '1459232241454765289', account_name: 'bot.VDKyGxQvc', display_name: 'Trợ lý HTX', can_join_groups: true };

function update(event: string, text: string | undefined, chatType: ZaloBotChatType = 'PRIVATE'): ZaloBotUpdate {
  const chatId = chatType === 'PRIVATE' ? 'e4ea2cd5189df1c3a88c' : 'group-77';
  return {
    event_name: event,
    message: {
      message_id: '16f6366b3f02645a3d15',
      date: 1_766_619_597_466,
      chat: { id: chatId, chat_type: chatType },
      from: { id: 'e4ea2cd5189df1c3a88c', display_name: 'Nguyen Van A' },
      ...(text === undefined ? {} : { text }),
    },
  };
}

describe('toIncomingMessage', () => {
  it('reads a private text message as addressed to the bot', () => {
    expect(toIncomingMessage(update('message.text.received', 'Xin chào'), ME)).toEqual({
      channel: 'zalo-bot',
      userId: 'e4ea2cd5189df1c3a88c',
      chatId: 'e4ea2cd5189df1c3a88c',
      isGroup: false,
      addressed: true,
      text: 'Xin chào',
    });
  });

  it('reads images, stickers and unsupported messages as attachments', () => {
    const kinds = ['message.image.received', 'message.sticker.received', 'message.unsupported.received', 'message.video.received'].map(
      (event) => toIncomingMessage(update(event, undefined), ME)?.attachment,
    );
    expect(kinds).toEqual(['photo', 'sticker', 'other', 'other']);
  });

  it('in a group, is addressed only when the bot is named or given a command, with the name taken out', () => {
    const read = (text: string) => toIncomingMessage(update('message.text.received', text, 'GROUP'), ME);
    expect(read('Mai họp lúc mấy giờ?')).toMatchObject({ isGroup: true, addressed: false, chatId: 'group-77' });
    expect(read('@Trợ lý HTX, vốn điều lệ là gì?')).toMatchObject({ addressed: true, text: 'vốn điều lệ là gì?' });
    expect(read('cho hỏi @bot.VDKyGxQvc hồ sơ gồm gì')).toMatchObject({ addressed: true, text: 'cho hỏi hồ sơ gồm gì' });
    expect(read('/thanhlap')).toMatchObject({ addressed: true, text: '/thanhlap' });
    expect(toIncomingMessage(update('message.sticker.received', undefined, 'GROUP'), ME)).toMatchObject({ addressed: false, attachment: 'sticker' });
  });

  it('leaves out what is not a user message', () => {
    const fromBot = update('message.text.received', 'echo');
    fromBot.message.from.is_bot = true;
    expect(toIncomingMessage(fromBot, ME)).toBeUndefined();
    expect(toIncomingMessage({ ...update('message.text.received', 'x'), event_name: 'follow' }, ME)).toBeUndefined();
  });
});

describe('webhookUpdateOf', () => {
  it('reads the update with or without the {ok, result} envelope, and nothing else', () => {
    const plain = update('message.text.received', 'Xin chào');
    expect(webhookUpdateOf({ ok: true, result: plain })).toEqual(plain);
    expect(webhookUpdateOf(plain)).toEqual(plain);
    expect(webhookUpdateOf({ ok: true, result: [] })).toBeUndefined();
    expect(webhookUpdateOf('text')).toBeUndefined();
    expect(webhookUpdateOf({ event_name: 'message.text.received' })).toBeUndefined();
  });
});
