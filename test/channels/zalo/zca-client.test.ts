import * as zcaJs from 'zca-js';
import { describe, expect, it } from 'vitest';
import type * as ZcaJs from '../../../node_modules/zca-js/dist/index.js';
import { toZaloMessage } from '../../../src/channels/zalo/zca-client.ts';

// Typed the way src/channels/zalo/zca-js.ts explains; these are zca-js's own classes, built offline.
const { UserMessage, GroupMessage } = zcaJs as unknown as typeof ZcaJs;
type TMessage = ZcaJs.TMessage;
type TGroupMessage = ZcaJs.TGroupMessage;

const BOT = '1000000000000000001';

/** The fields of a received message that matter here; zca-js's real ones carry many more. */
function data(fields: Partial<TGroupMessage>): TGroupMessage {
  return {
    msgId: '7300000000001',
    ts: '1767225600000',
    msgType: 'webchat',
    content: '',
    uidFrom: '2000',
    idTo: '0',
    quote: undefined,
    mentions: undefined,
    ...fields,
  } as TGroupMessage;
}

describe('toZaloMessage', () => {
  it('reads a direct message from a user', () => {
    const message = new UserMessage(BOT, data({ uidFrom: '2000', idTo: '0', content: 'Xin chào' }) as TMessage);
    expect(toZaloMessage(message)).toEqual({
      messageId: '7300000000001',
      sentAt: 1_767_225_600_000,
      threadId: '2000',
      isGroup: false,
      isSelf: false,
      senderId: '2000',
      msgType: 'webchat',
      content: 'Xin chào',
      mentions: [],
      quotedSenderId: undefined,
    });
  });

  it("recognises the bot's own message (zca-js marks the sender as \"0\")", () => {
    const message = new UserMessage(BOT, data({ uidFrom: '0', idTo: '2000', content: 'reply' }) as TMessage);
    expect(toZaloMessage(message)).toMatchObject({ threadId: '2000', isSelf: true, senderId: BOT });
  });

  it('reads a group message with a mention, a quote and an attachment', () => {
    const photo = { title: '', description: '', href: 'https://example/p.jpg', thumb: '', childnumber: 0, action: '', params: '', type: '' };
    const message = new GroupMessage(
      BOT,
      data({
        uidFrom: '2000',
        idTo: '3000',
        msgType: 'chat.photo',
        content: photo,
        mentions: [{ uid: BOT, pos: 0, len: 4, type: 0 }],
        quote: { ownerId: BOT } as TGroupMessage['quote'],
      }),
    );
    expect(toZaloMessage(message)).toEqual({
      messageId: '7300000000001',
      sentAt: 1_767_225_600_000,
      threadId: '3000',
      isGroup: true,
      isSelf: false,
      senderId: '2000',
      msgType: 'chat.photo',
      content: photo,
      mentions: [{ uid: BOT, pos: 0, len: 4 }],
      quotedSenderId: BOT,
    });
  });
});
