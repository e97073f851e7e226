import { findPhrase, foldedTokens } from './text-match.ts';

/**
 * Phrases that make a message a question, folded (no diacritics): "có được không", "là gì",
 * "ở đâu". Whole words, so "nào" is found in "tỉnh nào" but not in "nàocó". Single words that fold
 * onto everyday answers ("mấy" and "máy", "gì" alone) are left out: a question without a question
 * mark is recognised by a phrase, or by "có … không" around it.
 */
const QUESTION_PHRASES = [
  'duoc khong', 'hay khong', 'phai khong', 'dung khong',
  'la gi', 'gi khong', 'nhung gi', 'cai gi', 'nhu the nao', 'the nao', 'ra sao', 'lam sao', 'lam the nao',
  'o dau', 'khi nao', 'bao gio', 'bao nhieu', 'bao lau', 'tai sao', 'vi sao', 'nao khong',
  'xin hoi', 'cho hoi', 'cho minh hoi', 'cho em hoi', 'cho toi hoi', 'muon hoi', 'hoi ve',
];

/** Words at the end of a yes/no question ("… có được ưu tiên không"), when "có" or "đã" came before. */
const YES_NO_ENDINGS: Record<string, string> = { khong: 'co', chua: 'da' };

/**
 * Whether a message reads as a question rather than an answer: it has a question mark, a question
 * phrase, or the "có … không" / "đã … chưa" frame of a yes/no question. A short answer such as
 * "không" or "có, nhưng chưa" never does.
 */
export function readsAsQuestion(text: string): boolean {
  if (text.includes('?')) return true;
  const tokens = foldedTokens(text.replace(/[,;]/g, ' '));
  if (QUESTION_PHRASES.some((phrase) => findPhrase(tokens, phrase))) return true;
  const last = tokens[tokens.length - 1];
  const opener = last === undefined ? undefined : YES_NO_ENDINGS[last];
  // "có … không" with something asked in between: "hộ nghèo có được ưu tiên vay vốn không".
  return opener !== undefined && tokens.length >= 4 && tokens.slice(0, -2).includes(opener);
}
