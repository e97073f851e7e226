import { foldDiacritics } from '../retrieval/vietnamese.ts';

export type SmallTalk = 'greeting' | 'thanks' | 'farewell';

/**
 * Messages that are only a greeting, a thank-you or a goodbye ("xin chào", "cảm ơn bot nhiều",
 * "ok cam on nhe"): a friendly word and the menu, not a search of the law. Folded, so typing
 * without diacritics reads the same. A message with anything more is a question.
 */
const PHRASES: Record<SmallTalk, string[]> = {
  greeting: ['xin chao', 'chao', 'hello', 'hi', 'helo', 'alo', 'a lo', 'hey'],
  thanks: ['cam on', 'cam ong', 'thanks', 'thank you', 'thank', 'tks', 'thanks you', 'ok cam on'],
  farewell: ['tam biet', 'bye', 'goodbye', 'hen gap lai'],
};
/** Words that may stand around them: who is spoken to, politeness, emphasis. */
const AROUND = new Set(['ban', 'bot', 'ad', 'admin', 'em', 'anh', 'chi', 'co', 'chu', 'bac', 'a', 'nhe', 'nha', 'nhieu', 'rat', 'ok', 'oke', 'vang', 'da', 'minh', 'moi', 'nguoi', 'buoi', 'sang', 'chieu', 'toi', 'luon', 'lam', 'nhat', 'the', 'roi']);

export function recognizeSmallTalk(text: string): SmallTalk | undefined {
  const words = foldDiacritics(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 8) return undefined;
  const joined = ` ${words.join(' ')} `;
  for (const kind of ['thanks', 'farewell', 'greeting'] as const) {
    const phrase = PHRASES[kind].find((p) => joined.includes(` ${p} `));
    if (!phrase) continue;
    const rest = joined.replace(` ${phrase} `, ' ').trim().split(' ').filter(Boolean);
    if (rest.every((w) => AROUND.has(w))) return kind;
  }
  return undefined;
}
