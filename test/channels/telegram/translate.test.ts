import { describe, expect, it } from 'vitest';
import { inlineKeyboard } from '../../../src/channels/telegram/keyboard.ts';
import { toIncomingMessage } from '../../../src/channels/telegram/translate.ts';
import { botMessage, callbackUpdate, GROUP, ME, messageUpdate, PRIVATE, textUpdate } from './fixtures.ts';

describe('toIncomingMessage', () => {
  it('passes a private text message on as it is, with ids as strings', () => {
    expect(toIncomingMessage(textUpdate('Thủ tục thành lập HTX?'), ME)).toEqual({
      channel: 'telegram',
      userId: '42',
      chatId: '42',
      isGroup: false,
      addressed: true,
      text: 'Thủ tục thành lập HTX?',
    });
  });

  it('passes commands as text and strips the bot\'s @suffix', () => {
    expect(toIncomingMessage(textUpdate('/start'), ME)?.text).toBe('/start');
    expect(toIncomingMessage(textUpdate('/thanhlap@TestNameBot'), ME)?.text).toBe('/thanhlap');
    expect(toIncomingMessage(textUpdate('/nguon@testnamebot luật'), ME)?.text).toBe('/nguon luật');
    const inGroup = toIncomingMessage(textUpdate('/chinhsach@TestNameBot', { chat: GROUP }), ME);
    expect(inGroup).toMatchObject({ isGroup: true, addressed: true, text: '/chinhsach', chatId: '-100123', userId: '42' });
  });

  it('in a group, answers only when addressed', () => {
    expect(toIncomingMessage(textUpdate('Hôm nay họp lúc mấy giờ?', { chat: GROUP }), ME)).toMatchObject({
      isGroup: true,
      addressed: false,
    });
    // A command meant for another bot is not addressed to this one.
    expect(toIncomingMessage(textUpdate('/start@OtherBot', { chat: GROUP }), ME)).toMatchObject({
      addressed: false,
      text: '/start@OtherBot',
    });
    // Mentioning someone else is not addressing the bot.
    expect(toIncomingMessage(textUpdate('@lan_htx ơi, vốn điều lệ?', { chat: GROUP }), ME)?.addressed).toBe(false);
  });

  it('in a group, a mention addresses the bot and is removed from the text', () => {
    expect(toIncomingMessage(textUpdate('@TestNameBot, vốn điều lệ tối thiểu?', { chat: GROUP }), ME)).toMatchObject({
      addressed: true,
      text: 'vốn điều lệ tối thiểu?',
    });
    expect(toIncomingMessage(textUpdate('cho hỏi @testnamebot vốn điều lệ?', { chat: GROUP }), ME)?.text).toBe(
      'cho hỏi vốn điều lệ?',
    );
  });

  it('in a group, a text mention of the bot (no @username) addresses it too', () => {
    const update = messageUpdate({
      chat: GROUP,
      // The emoji is two UTF-16 code units: the mention starts at offset 3.
      text: '🌾 Bot HTX ơi, điều 30 nói gì?',
      entities: [{ type: 'text_mention', offset: 3, length: 7, user: { id: ME.id, is_bot: true, first_name: 'Bot HTX' } }],
    });
    expect(toIncomingMessage(update, ME)).toMatchObject({ addressed: true, text: '🌾 ơi, điều 30 nói gì?' });
  });

  it('in a group, a reply to one of the bot\'s messages addresses it', () => {
    const update = textUpdate('còn hồ sơ thì sao?', { chat: GROUP, reply_to_message: botMessage('Vốn điều lệ…', { chat: GROUP }) as never });
    expect(toIncomingMessage(update, ME)).toMatchObject({ addressed: true, text: 'còn hồ sơ thì sao?' });
    const toSomeoneElse = textUpdate('đúng rồi', { chat: GROUP, reply_to_message: textUpdate('x').message as never });
    expect(toIncomingMessage(toSomeoneElse, ME)?.addressed).toBe(false);
  });

  it('turns media into attachment kinds', () => {
    const photo = [{ file_id: 'p', file_unique_id: 'p', width: 90, height: 90 }];
    expect(toIncomingMessage(messageUpdate({ sticker: { file_id: 's' } as never }), ME)).toMatchObject({ attachment: 'sticker', addressed: true });
    expect(toIncomingMessage(messageUpdate({ photo }), ME)).toEqual({
      channel: 'telegram', userId: '42', chatId: '42', isGroup: false, addressed: true, attachment: 'photo',
    });
    expect(toIncomingMessage(messageUpdate({ voice: { file_id: 'v' } as never }), ME)?.attachment).toBe('voice');
    expect(toIncomingMessage(messageUpdate({ video: { file_id: 'v' } as never }), ME)?.attachment).toBe('video');
    expect(toIncomingMessage(messageUpdate({ animation: {} as never, document: {} as never }), ME)?.attachment).toBe('video');
    expect(toIncomingMessage(messageUpdate({ document: { file_id: 'd' } as never }), ME)?.attachment).toBe('file');
    expect(toIncomingMessage(messageUpdate({ location: { latitude: 21, longitude: 105 } }), ME)?.attachment).toBe('location');
    expect(toIncomingMessage(messageUpdate({ contact: {} as never }), ME)?.attachment).toBe('other');
  });

  it('keeps a caption as text, and a caption mention addresses the bot in a group', () => {
    const photo = [{ file_id: 'p', file_unique_id: 'p', width: 90, height: 90 }];
    const update = messageUpdate({
      chat: GROUP,
      photo,
      caption: '@TestNameBot mẫu đơn này đúng không?',
      caption_entities: [{ type: 'mention', offset: 0, length: 12 }],
    });
    expect(toIncomingMessage(update, ME)).toMatchObject({ addressed: true, attachment: 'photo', text: 'mẫu đơn này đúng không?' });
    expect(toIncomingMessage(messageUpdate({ chat: GROUP, photo }), ME)).toMatchObject({ addressed: false, attachment: 'photo' });
  });

  it('ignores service messages, channel posts and other update kinds', () => {
    expect(toIncomingMessage(messageUpdate({ chat: GROUP, new_chat_members: [ME] }), ME)).toBeUndefined();
    expect(toIncomingMessage(textUpdate('tin', { chat: { id: -1001, type: 'channel', title: 'Kênh' } }), ME)).toBeUndefined();
    expect(toIncomingMessage({ update_id: 1, edited_message: { ...textUpdate('sửa').message!, edit_date: 1 } }, ME)).toBeUndefined();
  });

  it('turns a pressed button into its label, as if it had been typed', () => {
    const labels = ['Thủ tục thành lập hợp tác xã', 'Chính sách hỗ trợ', 'Các văn bản'];
    const withButtons = botMessage('Chào bạn', { reply_markup: inlineKeyboard(labels) });
    expect(toIncomingMessage(callbackUpdate('b1', withButtons), ME)).toEqual({
      channel: 'telegram', userId: '42', chatId: '42', isGroup: false, addressed: true, text: 'Chính sách hỗ trợ',
    });
    const inGroup = botMessage('Chào', { chat: GROUP, reply_markup: inlineKeyboard(labels) });
    expect(toIncomingMessage(callbackUpdate('b2', inGroup), ME)).toMatchObject({ isGroup: true, addressed: true, text: 'Các văn bản', chatId: '-100123' });
  });

  it('drops a button whose label cannot be recovered', () => {
    expect(toIncomingMessage(callbackUpdate('b0', botMessage('không có nút')), ME)).toBeUndefined();
    expect(toIncomingMessage(callbackUpdate('b9', botMessage('x', { reply_markup: inlineKeyboard(['A']) })), ME)).toBeUndefined();
    const inaccessible = { chat: PRIVATE, message_id: 1, date: 0 as const };
    expect(toIncomingMessage(callbackUpdate('b0', inaccessible as never), ME)).toBeUndefined();
  });
});

describe('inlineKeyboard', () => {
  it('keeps callback data short and well under the 64-byte limit', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `Lựa chọn thứ ${i} về chính sách hỗ trợ hợp tác xã nông nghiệp`);
    const buttons = inlineKeyboard(labels).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(labels);
    for (const b of buttons) expect(Buffer.byteLength('callback_data' in b ? b.callback_data : '', 'utf8')).toBeLessThanOrEqual(4);
  });

  it('puts short labels two a row and long labels one a row', () => {
    expect(inlineKeyboard(['Có', 'Không', 'Huỷ']).inline_keyboard.map((row) => row.length)).toEqual([2, 1]);
    expect(inlineKeyboard(['Thủ tục thành lập hợp tác xã', 'Có']).inline_keyboard.map((row) => row.length)).toEqual([1, 1]);
  });
});
