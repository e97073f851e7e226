import { describe, expect, it } from 'vitest';
import { foldDiacritics, hasDiacritics, syllables, toNfc } from '../../src/retrieval/vietnamese.ts';

const NFD = (s: string) => s.normalize('NFD');

describe('toNfc', () => {
  it('composes decomposed text, as pasted from some PDFs and phones', () => {
    const composed = 'Hợp tác xã đăng ký';
    expect(NFD(composed)).not.toBe(composed);
    expect(toNfc(NFD(composed))).toBe(composed);
    expect(toNfc(NFD(composed)).length).toBe(composed.length);
  });
});

describe('foldDiacritics', () => {
  it('drops tone and vowel marks and lower-cases', () => {
    expect(foldDiacritics('Hợp Tác Xã')).toBe('hop tac xa');
    expect(foldDiacritics('Ủy ban nhân dân')).toBe('uy ban nhan dan');
    expect(foldDiacritics('thành viên góp vốn')).toBe('thanh vien gop von');
    expect(foldDiacritics('ưu đãi, ơn')).toBe('uu dai, on');
  });

  it('folds đ and Đ to d, which Unicode does not decompose', () => {
    expect(foldDiacritics('Đăng ký')).toBe('dang ky');
    expect(foldDiacritics('ĐẠI HỘI ĐỒNG')).toBe('dai hoi dong');
    expect(foldDiacritics('đđ')).toBe('dd');
  });

  it('gives the same result for composed and decomposed input', () => {
    expect(foldDiacritics(NFD('Điều kiện trở thành thành viên'))).toBe('dieu kien tro thanh thanh vien');
  });

  it('leaves unaccented text, digits and punctuation as they are', () => {
    expect(foldDiacritics('92/2024/ND-CP, 05 nguoi')).toBe('92/2024/nd-cp, 05 nguoi');
  });
});

describe('hasDiacritics', () => {
  it('tells marked syllables from plain ones, whatever the case', () => {
    expect(hasDiacritics('hội')).toBe(true);
    expect(hasDiacritics('đi')).toBe(true);
    expect(hasDiacritics('hoi')).toBe(false);
    expect(hasDiacritics('HOI')).toBe(false);
    expect(hasDiacritics('Ủy')).toBe(true);
  });
});

describe('syllables', () => {
  it('lower-cases and splits at anything that is not a letter or digit', () => {
    expect(syllables('Hợp tác xã (HTX), thành viên!')).toEqual(['hợp', 'tác', 'xã', 'htx', 'thành', 'viên']);
    expect(syllables('92/2024/NĐ-CP')).toEqual(['92', '2024', 'nđ', 'cp']);
    expect(syllables('  ')).toEqual([]);
  });

  it('drops leading zeros of numbers: "05 thành viên" is what people type as "5 thanh vien"', () => {
    expect(syllables('ít nhất 05 thành viên')).toEqual(['ít', 'nhất', '5', 'thành', 'viên']);
    expect(syllables('ngày 01/7/2024')).toEqual(['ngày', '1', '7', '2024']);
    expect(syllables('007 và 0 và 000 và 100')).toEqual(['7', 'và', '0', 'và', '0', 'và', '100']);
  });

  it('keeps a number glued to letters as one token, untouched', () => {
    expect(syllables('mẫu 01a')).toEqual(['mẫu', '01a']);
  });

  it('returns NFC syllables for decomposed input', () => {
    expect(syllables(NFD('Hội đồng'))).toEqual(['hội', 'đồng']);
  });
});
