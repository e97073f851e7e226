import { describe, expect, it } from 'vitest';
import { formatVnd, parseVietnameseNumber } from '../../src/flows/vietnamese-number.ts';

const value = (text: string) => parseVietnameseNumber(text)?.value;

describe('parseVietnameseNumber', () => {
  it('reads number words with or without diacritics', () => {
    expect(value('năm')).toBe(5);
    expect(value('mười hai')).toBe(12);
    expect(value('muoi hai')).toBe(12);
    expect(value('hai mươi lăm')).toBe(25);
    expect(value('hai muoi lam')).toBe(25);
    expect(value('ba mươi tư')).toBe(34);
    expect(value('hai mươi mốt')).toBe(21);
    expect(value('một trăm')).toBe(100);
    expect(value('một trăm linh năm')).toBe(105);
    expect(value('hai nghìn không trăm hai mươi tư')).toBe(2024);
    expect(value('MƯỜI BẢY')).toBe(17);
  });

  it('reads the spoken shortcuts after a hundred or a scale word', () => {
    expect(value('hai trăm mốt')).toBe(210);
    expect(value('năm trăm rưỡi')).toBe(550);
    expect(value('hai nghìn ba')).toBe(2300);
    expect(value('một tỷ rưỡi')).toBe(1_500_000_000);
    expect(value('1 tỷ 2')).toBe(1_200_000_000);
    expect(value('1 tỷ 200')).toBe(1_200_000_000);
  });

  it('reads money with scale words, abbreviations and separators', () => {
    expect(value('1,5 tỷ')).toBe(1_500_000_000);
    expect(value('500 triệu')).toBe(500_000_000);
    expect(value('500tr')).toBe(500_000_000);
    expect(value('200k')).toBe(200_000);
    expect(value('một tỷ năm trăm triệu')).toBe(1_500_000_000);
    expect(value('một phẩy năm tỷ')).toBe(1_500_000_000);
    expect(value('1.500.000.000')).toBe(1_500_000_000);
    expect(value('1,500,000')).toBe(1_500_000);
    expect(value('1.234,5')).toBe(1234.5);
  });

  it('marks percentages, written with a sign or in words', () => {
    expect(parseVietnameseNumber('30%')).toEqual({ value: 30, percent: true });
    expect(parseVietnameseNumber('ba mươi phần trăm')).toEqual({ value: 30, percent: true });
    expect(parseVietnameseNumber('35 phan tram')).toEqual({ value: 35, percent: true });
    expect(parseVietnameseNumber('7')).toEqual({ value: 7, percent: false });
  });

  it('rejects what is not a believable number', () => {
    for (const text of ['', '-5', 'âm năm', '1234567890123456789012345678901234567890', 'hai ba', 'không triệu', 'bảy người', '%', 'abc']) {
      expect(parseVietnameseNumber(text), text).toBeUndefined();
    }
  });
});

describe('formatVnd', () => {
  it('says amounts the way they are typed', () => {
    expect(formatVnd(1_500_000_000)).toBe('1,5 tỷ đồng');
    expect(formatVnd(500_000_000)).toBe('500 triệu đồng');
    expect(formatVnd(1_234_567)).toBe('1.234.567 đồng');
    expect(formatVnd(950_000)).toBe('950.000 đồng');
  });
});
