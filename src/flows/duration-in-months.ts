import { foldDiacritics } from '../retrieval/vietnamese.ts';
import { parseVietnameseNumber } from './vietnamese-number.ts';

const MONTH_UNIT = 'thang';
const YEAR_UNIT = 'nam';
const HALF = 'ruoi';

/** "03/2024", "3-2024", "15/03/2024", "tháng 3 năm 2024", "tháng 3/2024": a day is optional. */
const DATE = /^(?:ngay\s*)?(?:(\d{1,2})\s*[/.-]\s*)?(?:thang\s*)?(\d{1,2})\s*(?:[/.-]|\s+nam\s+|\s+)\s*(\d{4})$/;

/** Whole months from a date to `now`; undefined for a date that is not real or still to come. */
function monthsSince(day: number | undefined, month: number, year: number, now: Date): number | undefined {
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
  let months = (now.getFullYear() - year) * 12 + (now.getMonth() + 1 - month);
  if (day !== undefined && now.getDate() < day) months -= 1;
  return months >= 0 ? months : undefined;
}

/**
 * How long ago something began, in whole months: a length ("8 tháng", "hai năm", "một năm rưỡi",
 * "2 năm 3 tháng", a bare number meaning months) or the date it began ("03/2024"), counted to `now`.
 * "năm" is both "five" and "year": it is the unit only after a number ("năm năm" is five years).
 */
export function parseDurationInMonths(text: string, now: Date): number | undefined {
  const folded = foldDiacritics(text.normalize('NFC')).replace(/[,;]+$/g, '').replace(/\s+/g, ' ').trim();
  const date = DATE.exec(folded);
  if (date) {
    return monthsSince(date[1] === undefined ? undefined : Number(date[1]), Number(date[2]), Number(date[3]), now);
  }

  let months = 0;
  let figure: string[] = [];
  let lastUnit: number | undefined;
  let sawUnit = false;
  const takeFigure = (unitMonths: number): boolean => {
    const parsed = parseVietnameseNumber(figure.join(' '));
    if (!parsed || parsed.percent) return false;
    months += parsed.value * unitMonths;
    figure = [];
    lastUnit = unitMonths;
    sawUnit = true;
    return true;
  };
  for (const token of folded.split(' ')) {
    if (token === MONTH_UNIT) {
      if (!takeFigure(1)) return undefined;
    } else if (token === YEAR_UNIT && figure.length > 0) {
      if (!takeFigure(12)) return undefined;
    } else if (token === HALF && figure.length === 0 && lastUnit !== undefined) {
      months += lastUnit / 2;
      lastUnit = undefined;
    } else {
      figure.push(token);
    }
  }
  if (figure.length > 0) {
    // A bare figure counts months; one after a unit ("1 năm 3") counts months too.
    const parsed = parseVietnameseNumber(figure.join(' '));
    if (!parsed || parsed.percent) return undefined;
    months += parsed.value;
  } else if (!sawUnit) {
    return undefined;
  }
  return Math.floor(months);
}
