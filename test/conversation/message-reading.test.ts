import { describe, expect, it } from 'vitest';
import { hasWords, readMessageText } from '../../src/conversation/message-reading.ts';
import type { IncomingMessage } from '../../src/conversation/types.ts';

const incoming = (text?: string, attachment?: IncomingMessage['attachment']): IncomingMessage => ({
  channel: 'zalo',
  userId: '1',
  chatId: '1',
  isGroup: false,
  addressed: true,
  text,
  attachment,
});

describe('readMessageText', () => {
  it('trims and normalises to NFC', () => {
    expect(readMessageText(incoming('  Hợp tác xã  '.normalize('NFD')))).toEqual({ text: 'Hợp tác xã' });
  });

  it('keeps line breaks, tabs and emoji joiners', () => {
    expect(readMessageText(incoming('dòng 1\n\tdòng 2 👨‍👩‍👧'))).toEqual({ text: 'dòng 1\n\tdòng 2 👨‍👩‍👧' });
  });

  it('strips control characters, zero-width spaces and lone surrogates', () => {
    expect(readMessageText(incoming('a\u0000b\u009bc\u200bd\ud800e\udc00f\ufeff'))).toEqual({ text: 'abcdef' });
  });

  it('names each problem', () => {
    expect(readMessageText(incoming(undefined, 'sticker'))).toEqual({ problem: 'attachment' });
    expect(readMessageText(incoming('   ', 'voice'))).toEqual({ problem: 'attachment' });
    expect(readMessageText(incoming(' \n '))).toEqual({ problem: 'empty' });
    expect(readMessageText(incoming('\u0001\u0002\ufffd'))).toEqual({ problem: 'unreadable' });
    expect(readMessageText(incoming('x'.repeat(2_001)))).toEqual({ problem: 'too-long' });
  });

  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(readMessageText(incoming('😀'.repeat(2_000)))).toEqual({ text: '😀'.repeat(2_000) });
  });
});

describe('hasWords', () => {
  it('needs a letter or a digit', () => {
    expect(hasWords('?!…😀')).toBe(false);
    expect(hasWords('5')).toBe(true);
    expect(hasWords('đ')).toBe(true);
  });
});
