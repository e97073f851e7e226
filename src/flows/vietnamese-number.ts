import { foldDiacritics } from '../retrieval/vietnamese.ts';

/**
 * Numbers as people in Vietnam type them: digits with "." (or ",") between thousands
 * ("1.500.000"), a decimal comma ("1,5 tỷ"), number words with or without diacritics
 * ("mười hai", "hai muoi lam"), scale words ("500 triệu", "một tỷ hai trăm triệu"), the spoken
 * shortcuts "hai trăm mốt" (210), "hai nghìn ba" (2 300), "một tỷ rưỡi", and percentages
 * ("30%", "ba mươi phần trăm").
 */
export interface ParsedNumber {
  value: number;
  percent: boolean;
}

/** Larger than any charter capital or head count a co-op could mean: a typo or a test. */
const LARGEST_BELIEVABLE = 1e15;
const MAX_DIGITS = 15;

// Number words folded to ASCII: "một"/"mốt" → mot, "tư" → tu, "năm"/"lăm" → nam/lam; "mười" (ten)
// and "mươi" (tens) both fold to "muoi" and are told apart by what comes before.
const DIGIT_WORDS: Record<string, number> = {
  khong: 0,
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  tu: 4,
  nam: 5,
  lam: 5,
  nham: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
};

const SCALE_WORDS: Record<string, number> = {
  nghin: 1e3,
  ngan: 1e3,
  k: 1e3,
  trieu: 1e6,
  tr: 1e6,
  ty: 1e9,
  ti: 1e9,
};

const TENS = 'muoi';
const HUNDRED = 'tram';
const ZERO_TENS = new Set(['linh', 'le']);
const HALF = 'ruoi';
const DECIMAL_POINT = 'phay';
const NEGATIVE = new Set(['am', '-']);

/**
 * A number written with digits. Vietnamese writes "1.500.000" and "1,5"; phones and habits from
 * English give "1,500,000" and "1.5". A separator followed by groups of exactly three digits
 * separates thousands; otherwise it is the decimal mark.
 */
function parseDigits(token: string): number | undefined {
  if (token.replace(/\D/g, '').length > MAX_DIGITS) return undefined;
  const lastDot = token.lastIndexOf('.');
  const lastComma = token.lastIndexOf(',');
  if (lastDot === -1 && lastComma === -1) return Number(token);
  if (lastDot !== -1 && lastComma !== -1) {
    // Both marks: the last one is the decimal mark ("1.500,5" or "1,500.5").
    const decimalAt = Math.max(lastDot, lastComma);
    const thousandsMark = decimalAt === lastDot ? ',' : '.';
    const whole = token.slice(0, decimalAt);
    if (!thousandsGrouped(whole, thousandsMark)) return undefined;
    return Number(`${whole.split(thousandsMark).join('')}.${token.slice(decimalAt + 1)}`);
  }
  const mark = lastDot !== -1 ? '.' : ',';
  if (thousandsGrouped(token, mark)) return Number(token.split(mark).join(''));
  const [whole, fraction, extra] = token.split(mark);
  return extra === undefined ? Number(`${whole}.${fraction}`) : undefined;
}

function thousandsGrouped(digits: string, mark: string): boolean {
  const [head = '', ...groups] = digits.split(mark);
  return /^\d{1,3}$/.test(head) && groups.every((group) => /^\d{3}$/.test(group));
}

function tokensOf(text: string): string[] {
  const folded = foldDiacritics(text.normalize('NFC'))
    .replace(/phan\s+tram/g, ' % ')
    .replace(/(\d)([a-z%])/g, '$1 $2')
    .replace(/([a-z%])(\d)/g, '$1 $2');
  return folded.match(/\d+(?:[.,]\d+)*|[a-z]+|%|-/g) ?? [];
}

/** What the last word was: "hai trăm mốt" is 210 (after a hundred) but "hai trăm linh một" 201. */
type Position = 'scale' | 'hundred' | 'tens' | 'zero-tens' | 'start' | 'digit';

/**
 * The number a short answer states, or undefined when it is not one (other words left in it,
 * two digits in a row as in "hai ba", a negative, an absurd size). Callers strip words such as
 * "người" or "khoảng" first: this reads only the number itself.
 */
export function parseVietnameseNumber(text: string): ParsedNumber | undefined {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return undefined;
  let percent = false;
  if (tokens[tokens.length - 1] === '%') {
    percent = true;
    tokens.pop();
    if (tokens.length === 0) return undefined;
  }

  let total = 0;
  let largestScale = 1;
  let chunk = 0;
  let pending: number | undefined;
  let decimalPlaces: number | undefined;
  let previous: Position = 'start';
  let previousScale = 1;
  let pendingAfter: Position = 'start';

  for (const token of tokens) {
    if (NEGATIVE.has(token) || token === '%') return undefined;
    const digitWord = DIGIT_WORDS[token];
    if (digitWord !== undefined || /^\d/.test(token)) {
      if (decimalPlaces !== undefined && pending !== undefined) {
        // After "phẩy": "một phẩy năm", "1 phẩy 25".
        const digits = digitWord !== undefined ? String(digitWord) : token;
        if (!/^\d+$/.test(digits)) return undefined;
        pending += Number(`0.${digits}`) / 10 ** decimalPlaces;
        decimalPlaces += digits.length;
        continue;
      }
      const value = digitWord ?? parseDigits(token);
      if (value === undefined || Number.isNaN(value)) return undefined;
      if (pending !== undefined) return undefined;
      pending = value;
      pendingAfter = previous;
      previous = 'digit';
      continue;
    }
    decimalPlaces = undefined;
    if (token === DECIMAL_POINT) {
      if (pending === undefined) return undefined;
      decimalPlaces = 0;
      continue;
    }
    if (token === TENS) {
      if (pending === undefined) chunk += 10;
      else if (Number.isInteger(pending) && pending > 0 && pending < 10) chunk += pending * 10;
      else return undefined;
      pending = undefined;
      previous = 'tens';
      continue;
    }
    if (token === HUNDRED) {
      chunk += (pending ?? 1) * 100;
      pending = undefined;
      previous = 'hundred';
      continue;
    }
    if (ZERO_TENS.has(token)) {
      previous = 'zero-tens';
      continue;
    }
    const scale = SCALE_WORDS[token];
    if (scale !== undefined) {
      // A bare scale word opens the number ("triệu rưỡi"); an explicit zero before it is not a number.
      const bare = pending === undefined && chunk === 0;
      if (bare && total !== 0) return undefined;
      const group = bare ? 1 : chunk + (pending ?? 0);
      if (group === 0) return undefined;
      if (scale > largestScale) {
        total = (total + group) * scale;
        largestScale = scale;
      } else {
        total += group * scale;
      }
      chunk = 0;
      pending = undefined;
      previous = 'scale';
      previousScale = scale;
      continue;
    }
    if (token === HALF) {
      if (previous === 'scale' && pending === undefined && chunk === 0) total += previousScale / 2;
      else if (previous === 'hundred' && pending === undefined) chunk += 50;
      else return undefined;
      previous = 'digit';
      continue;
    }
    return undefined;
  }

  let rest = chunk;
  if (pending !== undefined) {
    // Spoken shortcuts: the last figure after a scale word counts in the next unit down.
    if (pendingAfter === 'hundred' && pending < 10) rest += pending * 10;
    else if (pendingAfter === 'scale' && pending < 10) rest += (pending * previousScale) / 10;
    else if (pendingAfter === 'scale' && pending < 1000) rest += (pending * previousScale) / 1000;
    else rest += pending;
  }
  const value = total + rest;
  if (!Number.isFinite(value) || value > LARGEST_BELIEVABLE) return undefined;
  return { value, percent };
}

/** "1,5 tỷ đồng", "500 triệu đồng", "1.234.567 đồng": money as a farmer would say it back. */
export function formatVnd(amount: number): string {
  for (const [size, word] of [[1e9, 'tỷ'], [1e6, 'triệu']] as const) {
    const inUnits = amount / size;
    if (inUnits >= 1 && Math.abs(inUnits * 1000 - Math.round(inUnits * 1000)) < 1e-6) {
      return `${formatDecimal(inUnits)} ${word} đồng`;
    }
  }
  return `${formatDecimal(Math.round(amount))} đồng`;
}

/** Thousands with ".", decimals with "," and at most three places: 1234.5 → "1.234,5". */
export function formatDecimal(value: number): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 }).format(value);
}
