import { describe, expect, it } from 'vitest';
import { ButtonMemory } from '../../../src/channels/plain-text/button-memory.ts';

describe('ButtonMemory', () => {
  it('maps a number or the option text, and nothing else', () => {
    const memory = new ButtonMemory();
    memory.remember('t', 'u', ['Thành lập HTX', 'Chính sách']);

    expect(memory.pressed('t', 'u', '1')).toBe('Thành lập HTX');
    expect(memory.pressed('t', 'u', '2.')).toBe('Chính sách');
    expect(memory.pressed('t', 'u', '  thành lập  htx ')).toBe('Thành lập HTX');
    expect(memory.pressed('t', 'u', '3')).toBeUndefined();
    expect(memory.pressed('t', 'u', '2 người')).toBeUndefined();
    expect(memory.pressed('t', 'someone else', '1')).toBeUndefined();
  });

  it("takes an option's words without its emoji, and typed without accents when only one option fits", () => {
    const memory = new ButtonMemory();
    memory.remember('t', 'u', ['📘 Thành lập HTX', '💰 Chính sách hỗ trợ', 'Có', 'Cỏ']);

    expect(memory.pressed('t', 'u', 'thành lập htx')).toBe('📘 Thành lập HTX');
    expect(memory.pressed('t', 'u', 'chinh sach ho tro')).toBe('💰 Chính sách hỗ trợ');
    expect(memory.pressed('t', 'u', 'có')).toBe('Có');
    // "co" could be either: it is left to the core as text.
    expect(memory.pressed('t', 'u', 'co')).toBeUndefined();
    expect(memory.pressed('t', 'u', '🙂')).toBeUndefined();
  });

  it('forgets options replaced by none', () => {
    const memory = new ButtonMemory();
    memory.remember('t', 'u', ['A']);
    memory.remember('t', 'u', []);
    expect(memory.pressed('t', 'u', '1')).toBeUndefined();
  });

  it('keeps a bounded number of conversations, forgetting the least recently shown', () => {
    const memory = new ButtonMemory(2);
    memory.remember('t1', 'u', ['A']);
    memory.remember('t2', 'u', ['B']);
    memory.remember('t1', 'u', ['A2']);
    memory.remember('t3', 'u', ['C']);

    expect(memory.pressed('t2', 'u', '1')).toBeUndefined();
    expect(memory.pressed('t1', 'u', '1')).toBe('A2');
    expect(memory.pressed('t3', 'u', '1')).toBe('C');
  });
});
