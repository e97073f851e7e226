/**
 * Whole numbers in Vietnamese words, as forms ask for an amount "bằng chữ": 1 500 000 000 →
 * "một tỷ năm trăm triệu". Read in groups of three digits; inside a group after the first, a
 * missing hundred is "không trăm" and a missing ten "linh" ("một nghìn không trăm linh năm"), a
 * final 1 after 20 and up is "mốt", a final 5 after a ten is "lăm", and 10 is "mười".
 */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
/** Groups of three digits, smallest first; a "tỷ" repeats every nine digits (nghìn tỷ, triệu tỷ). */
const GROUP_WORDS = ['', 'nghìn', 'triệu'];

function digit(n: number): string {
  return DIGITS[n] as string;
}

/** One group of three digits; `full` when a higher group came before it, so zeros are said. */
function groupInWords(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(digit(hundreds), 'trăm');
  if (tens === 0) {
    if (ones > 0 && words.length > 0) words.push('linh');
  } else if (tens === 1) {
    words.push('mười');
  } else {
    words.push(digit(tens), 'mươi');
  }
  if (ones === 0) return words;
  if (ones === 1 && tens > 1) words.push('mốt');
  else if (ones === 5 && tens > 0) words.push('lăm');
  else words.push(digit(ones));
  return words;
}

/** Below a billion, in words. */
function belowBillion(n: number, full: boolean): string[] {
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    const group = groups[i] as number;
    if (group === 0) continue;
    words.push(...groupInWords(group, full || words.length > 0), ...(GROUP_WORDS[i] ? [GROUP_WORDS[i] as string] : []));
  }
  return words;
}

export function numberInWords(value: number): string {
  const n = Math.round(Math.abs(value));
  if (n === 0) return digit(0);
  const words: string[] = [];
  const billions = Math.floor(n / 1e9);
  const rest = n % 1e9;
  if (billions > 0) words.push(...(billions >= 1e9 ? [numberInWords(billions)] : belowBillion(billions, false)), 'tỷ');
  words.push(...belowBillion(rest, billions > 0));
  return words.join(' ');
}

/** "Năm trăm triệu đồng": an amount as the "bằng chữ" line of a form writes it. */
export function vndInWords(amount: number): string {
  const words = `${numberInWords(amount)} đồng`;
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1);
}
