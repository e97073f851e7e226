import { describe, expect, it } from 'vitest';
import { formatCitations } from '../../src/flows/citation.ts';
import type { Citation } from '../../src/flows/flow-definition.ts';
import { loadCatalog } from '../../src/knowledge/catalog.ts';
import { KNOWLEDGE_DIR } from './engine-harness.ts';

const catalog = loadCatalog(KNOWLEDGE_DIR);
const cite = (c: Partial<Citation> & { article: number }): Citation => ({ doc: 'luat-htx-2023', mustContain: [], showStatus: false, ...c });

describe('formatCitations', () => {
  it('quotes a khoản with the catalog citeAs', () => {
    expect(formatCitations([cite({ article: 30, clause: 1 })], catalog)).toBe('Khoản 1 Điều 30 Luật Hợp tác xã 2023 (17/2023/QH15)');
  });

  it('groups khoản of one article in order, and điểm of one khoản', () => {
    expect(formatCitations([cite({ article: 4, clause: 21 }), cite({ article: 4, clause: 7 }), cite({ article: 4, clause: 8 })], catalog)).toBe(
      'Khoản 7, 8, 21 Điều 4 Luật Hợp tác xã 2023 (17/2023/QH15)',
    );
    expect(formatCitations([cite({ article: 42, clause: 2, point: 'g' }), cite({ article: 42, clause: 2, point: 'e' })], catalog)).toBe(
      'Điểm e, g khoản 2 Điều 42 Luật Hợp tác xã 2023 (17/2023/QH15)',
    );
  });

  it('runs whole articles together and separates documents', () => {
    const text = formatCitations(
      [cite({ article: 20 }), cite({ article: 21 }), cite({ doc: 'nd-92-2024', article: 11, clause: 1 }), cite({ article: 38, clause: 3 })],
      catalog,
    );
    expect(text).toBe('Điều 20, 21; khoản 3 Điều 38 Luật Hợp tác xã 2023 (17/2023/QH15); khoản 1 Điều 11 Nghị định 92/2024/NĐ-CP');
  });

  it('adds the catalog status note when a citation asks for it', () => {
    const text = formatCitations([cite({ doc: 'nd-92-2024', article: 5, clause: 1, showStatus: true })], catalog);
    expect(text).toMatch(/^Khoản 1 Điều 5 Nghị định 92\/2024\/NĐ-CP — .*cấp huyện.*01\/7\/2025/);
  });
});
