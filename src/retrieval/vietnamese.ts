/**
 * Vietnamese text as the retriever sees it. Vietnamese is written in syllables separated by spaces,
 * most words being two syllables, so the index keeps syllables and syllable pairs. Farmers often type
 * without diacritics, so every term exists in a folded form (no tone or vowel marks, đ → d); the
 * accented form is kept beside it so a question typed with accents still prefers exact matches.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Syllables repeat endlessly (a few thousand distinct ones cover the texts), and folding each means a
 * Unicode normalisation: short strings are folded once and remembered.
 */
const FOLDED = new Map<string, string>();
const FOLDED_MAX = 50_000;
const SHORT = 16;

/** "Hợp tác xã" → "hop tac xa"; "Đăng ký" → "dang ky". Lower-cases too. */
export function foldDiacritics(text: string): string {
  if (text.length > SHORT) return fold(text);
  let folded = FOLDED.get(text);
  if (folded === undefined) {
    folded = fold(text);
    if (FOLDED.size < FOLDED_MAX) FOLDED.set(text, folded);
  }
  return folded;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

export function hasDiacritics(syllable: string): boolean {
  return foldDiacritics(syllable) !== syllable.toLowerCase();
}

/**
 * Lower-case syllables of a text, in order. Digits stay tokens of their own with leading zeros
 * dropped, because the law writes "05 thành viên" and people type "5 thanh vien".
 */
export function syllables(text: string): string[] {
  const out: string[] = [];
  for (const raw of toNfc(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    out.push(/^\d+$/.test(raw) ? raw.replace(/^0+(?=\d)/, '') : raw);
  }
  return out;
}

/**
 * Whether text was typed with accents: people who type accents type most of them, so a few marked
 * syllables are enough to tell. Such text is read exactly ("hội" is not "hỏi"); other text folded.
 */
export function typedWithAccents(typedSyllables: string[]): boolean {
  const marked = typedSyllables.filter(hasDiacritics).length;
  return typedSyllables.length > 0 && marked / typedSyllables.length >= 0.2;
}
