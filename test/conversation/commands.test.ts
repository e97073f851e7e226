import { describe, expect, it } from 'vitest';
import { recognizeAction } from '../../src/conversation/commands.ts';

describe('recognizeAction', () => {
  it.each([
    ['/start', 'start'],
    ['/start@HtxBot payload', 'start'],
    ['/help', 'help'],
    ['/thanhlap', 'thanhlap'],
    ['thành lập', 'thanhlap'],
    ['Thanh Lap', 'thanhlap'],
    ['/chinhsach', 'chinhsach'],
    ['Chính sách', 'chinhsach'],
    ['/nguon', 'nguon'],
    ['nguồn', 'nguon'],
    ['Hủy', 'huy'],
    ['huỷ', 'huy'],
    ['/moi', 'moi'],
    ['Mới', 'moi'],
    ['/thongke', 'thongke'],
    ['📚 Nguồn văn bản', 'nguon'],
    ['nguon van ban', 'nguon'],
  ])('%s is the command %s', (text, command) => {
    expect(recognizeAction(text)).toEqual({ kind: 'command', command });
  });

  it.each([
    ['👍 Hữu ích', 'up'],
    ['huu ich', 'up'],
    ['👍', 'up'],
    ['👎 Chưa đúng', 'down'],
    ['👎🏽', 'down'],
  ])('%s is feedback %s', (text, verdict) => {
    expect(recognizeAction(text)).toEqual({ kind: 'feedback', verdict });
  });

  it('recognises the flow choices', () => {
    expect(recognizeAction('▶️ Tiếp tục phần đang dở')).toEqual({ kind: 'flow-choice', choice: 'resume' });
    expect(recognizeAction('Xem lại kết quả')).toEqual({ kind: 'flow-choice', choice: 'review' });
    expect(recognizeAction('🔄 Làm lại từ đầu')).toEqual({ kind: 'flow-choice', choice: 'restart' });
  });

  it.each(['/abc', '/', '/constructor'])('%s is an unknown command', (text) => {
    expect(recognizeAction(text)).toEqual({ kind: 'unknown-command' });
  });

  it.each(['Thành lập HTX cần mấy người?', 'luật mới nhất', 'constructor', 'Trên 10', '😀', ''])(
    '%s is not for the bot itself',
    (text) => {
      expect(recognizeAction(text)).toBeUndefined();
    },
  );
});
