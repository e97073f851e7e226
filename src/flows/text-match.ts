import { foldDiacritics } from '../retrieval/vietnamese.ts';

/**
 * Answers are compared folded: lower case, no diacritics, punctuation as spaces, so "Hợp tác xã",
 * "hop tac xa" and "HỢP TÁC XÃ!" are the same answer. Digits, "%" and the "/" of "03/2024" stay.
 */
export function foldAnswer(text: string): string {
  return foldDiacritics(text.normalize('NFC'))
    .replace(/[^a-z0-9%/.,\s-]/g, ' ')
    // Punctuation around words goes; a minus sign before a digit stays, so "-5" is not read as 5.
    .replace(/(^|\s)[.,]+/g, '$1')
    .replace(/[.,-]+(?=\s|$)/g, '')
    .replace(/(^|\s)-+(?!\d)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function foldedTokens(text: string): string[] {
  const folded = foldAnswer(text);
  return folded === '' ? [] : folded.split(' ');
}

export interface PhraseMatch {
  start: number;
  end: number;
}

/** Where a phrase occurs in a text as whole words ("lap moi" in "toi muon lap moi"). */
export function findPhrase(tokens: string[], phrase: string): PhraseMatch | undefined {
  const wanted = foldedTokens(phrase);
  if (wanted.length === 0) return undefined;
  for (let start = 0; start + wanted.length <= tokens.length; start += 1) {
    if (wanted.every((word, i) => tokens[start + i] === word)) return { start, end: start + wanted.length };
  }
  return undefined;
}

/** Removes whole-word phrases, longest first, so "thành viên" goes before a lone "viên". */
export function withoutPhrases(tokens: string[], phrases: string[]): string[] {
  const sorted = phrases.map(foldedTokens).filter((p) => p.length > 0).sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  let i = 0;
  outer: while (i < tokens.length) {
    for (const phrase of sorted) {
      if (phrase.every((word, k) => tokens[i + k] === word)) {
        i += phrase.length;
        continue outer;
      }
    }
    kept.push(tokens[i] as string);
    i += 1;
  }
  return kept;
}

/** True when the whole answer is one of the phrases (a button pressed, a control word typed). */
export function isOneOf(text: string, phrases: string[]): boolean {
  const folded = foldAnswer(text);
  return phrases.some((phrase) => foldAnswer(phrase) === folded);
}
