import { describe, expect, it } from 'vitest';
import { parseDurationInMonths } from '../../src/flows/duration-in-months.ts';

const now = new Date(2026, 10, 22);
const months = (text: string) => parseDurationInMonths(text, now);

describe('parseDurationInMonths', () => {
  it('reads lengths in months and years, in digits or words', () => {
    expect(months('8 tháng')).toBe(8);
    expect(months('8')).toBe(8);
    expect(months('mười bốn tháng')).toBe(14);
    expect(months('hai năm')).toBe(24);
    expect(months('1 nam 3 thang')).toBe(15);
    expect(months('một năm rưỡi')).toBe(18);
    expect(months('1,5 năm')).toBe(18);
  });

  it('takes "năm" as five before a unit and as the unit after a number', () => {
    expect(months('năm năm')).toBe(60);
    expect(months('năm tháng')).toBe(5);
    expect(months('năm')).toBe(5);
  });

  it('counts whole months from a date to today', () => {
    expect(months('03/2026')).toBe(8);
    expect(months('11/2025')).toBe(12);
    expect(months('tháng 3 năm 2024')).toBe(32);
    expect(months('25/11/2025')).toBe(11);
    expect(months('22/11/2025')).toBe(12);
  });

  it('rejects dates to come and answers that are not durations', () => {
    expect(months('12/2026')).toBeUndefined();
    expect(months('13/2024')).toBeUndefined();
    expect(months('không nhớ')).toBeUndefined();
  });
});
