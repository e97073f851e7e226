import { describe, expect, it } from 'vitest';
import { plainText, renderReplies, splitText } from '../../../src/channels/plain-text/render.ts';

describe('plainText', () => {
  it('drops the bold markers and keeps bullets', () => {
    expect(plainText('**Điều 30.** Thành viên\n• cá nhân\n• hộ gia đình')).toBe('Điều 30. Thành viên\n• cá nhân\n• hộ gia đình');
  });

  it('composes decomposed Vietnamese, so lengths count letters', () => {
    expect(plainText('Ho\u031b\u0323p ta\u0301c xa\u0303')).toBe('Hợp tác xã');
  });
});

describe('splitText', () => {
  it('leaves a short text whole', () => {
    expect(splitText('Xin chào', 2_000)).toEqual(['Xin chào']);
  });

  it('cuts at paragraphs, then lines, then words, never beyond the limit', () => {
    const paragraph = 'Hợp tác xã là tổ chức kinh tế tập thể. '.repeat(10).trim();
    const pieces = splitText([paragraph, paragraph, paragraph].join('\n\n'), 900);
    expect(pieces).toEqual([`${paragraph}\n\n${paragraph}`, paragraph]);

    const lines = Array.from({ length: 40 }, (_, i) => `• dòng ${i + 1}`).join('\n');
    const byLine = splitText(lines, 100);
    expect(byLine.every((p) => p.length <= 100 && !p.startsWith('\n'))).toBe(true);
    expect(byLine.join('\n')).toBe(lines);

    const words = 'xã '.repeat(500).trim();
    const byWord = splitText(words, 301);
    expect(byWord.every((p) => p.length <= 301)).toBe(true);
    expect(byWord.join(' ')).toBe(words);
  });

  it('cuts a text without spaces hard, but not through an emoji', () => {
    const text = `${'a'.repeat(9)}🌾${'b'.repeat(10)}`;
    const pieces = splitText(text, 10);
    expect(pieces.every((p) => p.length <= 10)).toBe(true);
    expect(pieces.join('')).toBe(text);
    expect(pieces[1]?.startsWith('🌾')).toBe(true);
  });
});

describe('renderReplies', () => {
  it('numbers buttons on across replies and returns them in order', () => {
    const rendered = renderReplies(
      [
        { text: '**Chọn** mục:', buttons: ['Thành lập', 'Chính sách'] },
        { text: 'Hoặc:', buttons: ['Nguồn'] },
        { text: 'Hết.' },
      ],
      2_000,
    );
    expect(rendered.messages).toEqual([
      'Chọn mục:\n\nNhắn số để chọn:\n1. Thành lập\n2. Chính sách',
      'Hoặc:\n\nNhắn số để chọn:\n3. Nguồn',
      'Hết.',
    ]);
    expect(rendered.options).toEqual(['Thành lập', 'Chính sách', 'Nguồn']);
  });
});
