import type { Citation, ChoiceOption, ChoiceStep, NumberStep, Province, Step, TextStep } from './flow-definition.ts';
import { conditionHolds, type Answers } from './conditions.ts';
import { parseDurationInMonths } from './duration-in-months.ts';
import { readsAsQuestion } from './reads-as-question.ts';
import { findPhrase, foldAnswer, foldedTokens, isOneOf, withoutPhrases, type PhraseMatch } from './text-match.ts';
import { parseVietnameseNumber } from './vietnamese-number.ts';

/**
 * What a message means for the step being asked. `aside`: no answer to the step but a question of
 * its own ("hộ nghèo có được ưu tiên vay vốn không?"), for the conversation to answer before the
 * step is asked again.
 */
export type Reading =
  | { kind: 'answer'; value: string | number }
  | { kind: 'help'; text: string; cites: Citation[] }
  | { kind: 'aside' }
  | { kind: 'retry'; reason: 'notUnderstood' | 'ambiguous' | 'outOfRange' | 'largerThanWhole' | 'tooLong' };

export interface ReadingContext {
  answers: Answers;
  provinces: Province[];
  now: Date;
}

const notUnderstood: Reading = { kind: 'retry', reason: 'notUnderstood' };
const aside: Reading = { kind: 'aside' };

/**
 * Words around a number that do not change it ("khoảng 7 người thôi ạ"). Folded, so they must not
 * fold onto a number word: "tầm" (about) and "từ" (since) fold to "tam" (8) and "tu" (4), and are
 * removed before folding instead.
 */
const FILLERS = [
  'khoang', 'chung', 'do', 'gan', 'hon', 'co', 'la', 'gom', 'tong', 'cong', 'tong cong', 'du kien', 'uoc tinh',
  'uoc', 'chung toi', 'chung em', 'toi', 'em', 'minh', 'nhom', 'a', 'nhe', 'nha', 'thoi', 'vay', 'duoc', 'roi',
  'hien', 'hien tai', 'hien nay', 'nay', 'ca', 'thay', 'tat ca', 'chi', 'da', 'la khoang',
];
const ACCENTED_FILLERS = /(^|\s)(tầm|từ)(?=\s|$)/gu;
const MONEY_WORDS = ['dong', 'd', 'vnd', 'vn dong', 'tien'];
const INTEGER_UNITS = new Set<NumberStep['unit']>(['count', 'age', 'months']);

function numberTokens(step: NumberStep, text: string): string {
  const lower = text.normalize('NFC').toLocaleLowerCase('vi').replace(ACCENTED_FILLERS, '$1');
  const extra = step.unit === 'money' ? MONEY_WORDS : [];
  return withoutPhrases(foldedTokens(lower), [...FILLERS, ...step.units, ...extra]).join(' ');
}

function readNumber(step: NumberStep, text: string, context: ReadingContext): Reading {
  const alias = Object.entries(step.aliases).find(([phrase]) => isOneOf(text, [phrase]));
  if (alias) return { kind: 'answer', value: alias[1] };
  if (readsAsQuestion(text)) return aside;
  const figure = numberTokens(step, text);
  if (figure === '') return notUnderstood;

  let value: number;
  let fromPercent = false;
  if (step.unit === 'months') {
    const months = parseDurationInMonths(figure, context.now);
    if (months === undefined) return notUnderstood;
    value = months;
  } else {
    const parsed = parseVietnameseNumber(figure);
    if (!parsed) return notUnderstood;
    value = parsed.value;
    if (parsed.percent) {
      const whole = step.partOf ? context.answers[step.partOf] : undefined;
      if (typeof whole !== 'number') return notUnderstood;
      value = (parsed.value / 100) * whole;
      fromPercent = true;
    }
  }
  if (INTEGER_UNITS.has(step.unit)) {
    if (fromPercent) value = Math.round(value);
    else if (!Number.isInteger(value)) return notUnderstood;
  } else {
    value = Math.round(value);
  }
  if ((step.min !== undefined && value < step.min) || (step.max !== undefined && value > step.max)) {
    return { kind: 'retry', reason: 'outOfRange' };
  }
  const whole = step.partOf ? context.answers[step.partOf] : undefined;
  if (typeof whole === 'number' && value > whole) return { kind: 'retry', reason: 'largerThanWhole' };
  return { kind: 'answer', value };
}

interface Candidate<T> {
  target: T;
  match: PhraseMatch;
}

interface Named<T> {
  target: T;
  /** How many words of the message its phrases cover: "có, chưa đăng ký" names "chưa đăng ký" best. */
  coverage: number;
}

/**
 * The targets a message names, by phrase. A phrase inside a longer phrase of another target does
 * not count: "chưa đăng ký" names one option even though "đăng ký" names another.
 */
function namedTargets<T>(tokens: string[], targets: Array<{ target: T; phrases: string[] }>): Array<Named<T>> {
  const candidates: Array<Candidate<T>> = [];
  for (const { target, phrases } of targets) {
    for (const phrase of phrases) {
      const match = findPhrase(tokens, phrase);
      if (match) candidates.push({ target, match });
    }
  }
  const kept = candidates.filter(
    (c) =>
      !candidates.some(
        (other) =>
          other.target !== c.target &&
          other.match.start <= c.match.start &&
          other.match.end >= c.match.end &&
          other.match.end - other.match.start > c.match.end - c.match.start,
      ),
  );
  const covered = new Map<T, Set<number>>();
  for (const { target, match } of kept) {
    const words = covered.get(target) ?? new Set<number>();
    for (let i = match.start; i < match.end; i += 1) words.add(i);
    covered.set(target, words);
  }
  return [...covered].map(([target, words]) => ({ target, coverage: words.size }));
}

/** The one target named best, or all tied for best (ambiguous). */
function best<T>(named: Array<Named<T>>): T[] {
  const top = Math.max(0, ...named.map((n) => n.coverage));
  return named.filter((n) => n.coverage === top).map((n) => n.target);
}

function phrasesOf(option: ChoiceOption): string[] {
  return [option.label, option.value.replace(/-/g, ' '), ...option.aliases];
}

/** Option positions typed as numbers ("2", "1, 3", "1 va 3"): Zalo shows buttons as a numbered list. */
function optionsByPosition(step: ChoiceStep, tokens: string[]): ChoiceOption[] | undefined {
  const figures = tokens.filter((t) => t !== 'va');
  if (figures.length === 0 || !figures.every((t) => /^\d+$/.test(t))) return undefined;
  const picked = figures.map((t) => step.options[Number(t) - 1]);
  return picked.every((o): o is ChoiceOption => o !== undefined) ? picked : [];
}

function readChoice(step: ChoiceStep, text: string): Reading {
  const tokens = foldedTokens(text.replace(/,/g, ' '));
  if (tokens.length === 0) return notUnderstood;
  const picked =
    optionsByPosition(step, tokens) ??
    (() => {
      const exact = step.options.filter((o) => isOneOf(text, phrasesOf(o)));
      if (exact.length > 0) return exact;
      // A question naming an option ("doanh nghiệp có được vào không?") does not choose it.
      if (readsAsQuestion(text)) return undefined;
      const named = namedTargets(tokens, step.options.map((o) => ({ target: o, phrases: phrasesOf(o) })));
      return step.multiple ? named.map((n) => n.target) : best(named);
    })();
  if (picked === undefined) return aside;
  if (picked.length === 0) return notUnderstood;

  const help = picked.find((o) => o.help !== undefined);
  if (help?.help !== undefined && picked.length === 1) return { kind: 'help', text: help.help, cites: help.helpCite };
  const answers = picked.filter((o) => o.help === undefined);
  if (!step.multiple) {
    const [only] = answers;
    return answers.length === 1 && only ? { kind: 'answer', value: only.value } : { kind: 'retry', reason: 'ambiguous' };
  }
  const values = answers.some((o) => o.all)
    ? step.options.filter((o) => !o.all && o.help === undefined).map((o) => o.value)
    : step.options.filter((o) => answers.includes(o)).map((o) => o.value);
  return values.length > 0 ? { kind: 'answer', value: values.join(',') } : notUnderstood;
}

const PROVINCE_PREFIXES = ['tinh', 'thanh pho', 'tp', 'o', 'tai', 'thuoc', 'toi o', 'chung toi o', 'minh o', 'dia ban'];

function readProvince(text: string, provinces: Province[]): Reading {
  const tokens = withoutPhrases(foldedTokens(text), PROVINCE_PREFIXES);
  if (tokens.length === 0) return notUnderstood;
  const phrasesOfProvince = (p: Province) => [p.name, p.name.replace(/\s+/g, ''), ...p.aliases];
  const exact = provinces.filter((p) => phrasesOfProvince(p).some((phrase) => foldAnswer(phrase) === tokens.join(' ')));
  if (exact.length === 0 && readsAsQuestion(text)) return aside;
  const named = exact.length > 0 ? exact : best(namedTargets(tokens, provinces.map((p) => ({ target: p, phrases: phrasesOfProvince(p) }))));
  const [only] = named;
  if (named.length === 1 && only) return { kind: 'answer', value: only.name };
  return named.length === 0 ? notUnderstood : { kind: 'retry', reason: 'ambiguous' };
}

/** The items of a list answer: "lúa, cà phê; nuôi bò" → three. */
export function listItems(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((item) => item.replace(/\s+/g, ' ').trim().replace(/^(?:[-•+*]|\d{1,2}[.)])\s*/u, ''))
    .filter((item) => /[\p{L}\p{N}]/u.test(item));
}

/** The answer with the step's required start: "HTX Thành Công" → "Hợp tác xã Thành Công". */
function withPrefix(step: TextStep, text: string, answers: Answers): string {
  const prefix = step.prefix.find((p) => conditionHolds(p.when, answers));
  if (!prefix) return text;
  const words = text.split(' ');
  const typed = foldedTokens(text);
  const spellings = [prefix.text, ...prefix.aliases].map(foldedTokens).sort((a, b) => b.length - a.length);
  const spelt = spellings.find((s) => s.length > 0 && s.every((w, i) => typed[i] === w));
  const rest = spelt ? words.slice(spelt.length).join(' ') : text;
  return rest === '' ? prefix.text : `${prefix.text} ${rest}`;
}

function readText(step: TextStep, text: string, answers: Answers): Reading {
  if (step.skip.length > 0 && isOneOf(text, step.skip)) return { kind: 'answer', value: '' };
  if (readsAsQuestion(text)) return aside;
  const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(clean)) return notUnderstood;
  if ([...clean].length > step.maxLength) return { kind: 'retry', reason: 'tooLong' };
  if (step.list) {
    const items = listItems(text);
    return items.length > 0 ? { kind: 'answer', value: items.join('; ') } : notUnderstood;
  }
  return { kind: 'answer', value: withPrefix(step, clean, answers) };
}

/** Interprets a message as the answer to a step. Control words (back, cancel…) are the engine's. */
export function readAnswer(step: Step, text: string, context: ReadingContext): Reading {
  switch (step.kind) {
    case 'choice':
      return readChoice(step, text);
    case 'number':
      return readNumber(step, text, context);
    case 'province':
      return readProvince(text, context.provinces);
    case 'text':
      return readText(step, text, context.answers);
  }
}
