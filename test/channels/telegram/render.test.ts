import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkup, renderParts, TELEGRAM_TEXT_LIMIT } from '../../../src/channels/telegram/render.ts';

/** What a reader sees: tags dropped, entities decoded, white space collapsed. */
function visible(html: string): string {
  return html
    .replace(/<\/?b>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every tag opened in a part is closed in that part, and nothing else looks like a tag. */
function expectBalanced(html: string): void {
  const tags = html.match(/<[^>]*>/g) ?? [];
  let open = 0;
  for (const tag of tags) {
    expect(['<b>', '</b>']).toContain(tag);
    open += tag === '<b>' ? 1 : -1;
    expect(open === 0 || open === 1).toBe(true);
  }
  expect(open).toBe(0);
  expect(html.replace(/<\/?b>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
}

describe('renderMarkup', () => {
  it('escapes everything that is not markup', () => {
    expect(renderMarkup('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(renderMarkup('a & b')).toBe('a &amp; b');
    expect(renderMarkup('**x** < y')).toBe('<b>x</b> &lt; y');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('renders bold inside a line and keeps bullets as text', () => {
    expect(renderMarkup('**Điều 30.** Thành viên\n• quyền & nghĩa vụ <1>\n• **khác**')).toBe(
      '<b>Điều 30.</b> Thành viên\n• quyền &amp; nghĩa vụ &lt;1&gt;\n• <b>khác</b>',
    );
  });

  it('escapes inside bold and leaves unpaired or cross-line asterisks as they are', () => {
    expect(renderMarkup('**<b>&**')).toBe('<b>&lt;b&gt;&amp;</b>');
    expect(renderMarkup('2 ** 3 = 8')).toBe('2 ** 3 = 8');
    expect(renderMarkup('**a\nb**')).toBe('**a\nb**');
  });
});

describe('renderParts', () => {
  it('keeps a short answer in one message', () => {
    expect(renderParts('**Chào** bạn!\n\n• /thanhlap')).toEqual(['<b>Chào</b> bạn!\n\n• /thanhlap']);
    expect(renderParts('  \n\n ')).toEqual([]);
  });

  it('splits a 10,000-character answer at paragraph boundaries, in order, nothing lost', () => {
    const paragraphs = Array.from(
      { length: 40 },
      (_, i) => `**Đoạn ${i}** 🌾 hợp tác xã & thành viên <${i}> ` + 'nội dung '.repeat(25).trim() + ` 👨‍🌾 hết đoạn ${i}.`,
    );
    const markup = paragraphs.join('\n\n');
    expect(markup.length).toBeGreaterThan(10_000);

    const parts = renderParts(markup);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expectBalanced(part);
      // Cut only between paragraphs: every part starts a paragraph and ends one.
      expect(part.startsWith('<b>Đoạn ')).toBe(true);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(visible(parts.join('\n\n'))).toBe(visible(renderMarkup(markup)));
    expect(visible(parts.join(' '))).toContain('hết đoạn 39.');
  });

  it('counts astral characters as two code units', () => {
    // 2,100 emoji are 2,100 characters but 4,200 UTF-16 code units: too long for one message.
    const parts = renderParts('🌾'.repeat(2_100));
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(parts.join('')).toBe('🌾'.repeat(2_100));
  });

  it('measures after rendering: escapes count', () => {
    // 1,000 "&" are 1,000 characters of markup but 5,000 of HTML.
    const parts = renderParts('&'.repeat(1_000));
    expect(parts.length).toBe(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.every((p) => /^(&amp;)+$/.test(p))).toBe(true);
  });

  it('falls back to lines, then words, and never cuts inside a tag', () => {
    const longLine = Array.from({ length: 900 }, (_, i) => (i % 3 === 0 ? `**đậm${i}**` : `từ<${i}>`)).join(' ');
    const markup = `Mở đầu\n${longLine}\n• dòng cuối`;
    const parts = renderParts(markup, 1_000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1_000);
      expectBalanced(part);
    }
    expect(parts[0]?.startsWith('Mở đầu\n')).toBe(true);
    expect(parts.at(-1)?.endsWith('\n• dòng cuối')).toBe(true);
    expect(visible(parts.join(' '))).toBe(visible(renderMarkup(markup)));
  });

  it('cuts a word longer than a message between graphemes, keeping bold on every piece', () => {
    const word = '👨‍👩‍👧'.repeat(300); // family emoji: 8 code units each, one grapheme
    const parts = renderParts(`**${word}**`, 1_000);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1_000);
      expect(part).toMatch(/^<b>(👨‍👩‍👧)+<\/b>$/u);
    }
    expect(parts.map((p) => p.slice(3, -4)).join('')).toBe(word);
  });
});
