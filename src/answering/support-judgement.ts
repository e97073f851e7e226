import type { RetrievalResult, ScoredLine } from '../retrieval/types.ts';
import { foldDiacritics } from '../retrieval/vietnamese.ts';

/**
 * Whether the passages found actually answer the question, or are merely the least bad matches
 * for a question the texts do not cover ("giá lúa hôm nay", "đăng ký kết hôn", the support levels
 * of a decree the bot does not hold). Measured in IDF weight, so what decides is whether the
 * question's distinctive words are there, not "hợp tác xã"; and by what the question asks for: a
 * percentage wants a line with a percentage, "quyết định nào" a line naming a document.
 */
export const SUPPORT = {
  /** Share of the question's weight the best passage (read in its context) must cover. */
  minPassageCoverage: 0.5,
  /** The same for a question that names nothing of the domain ("lương tối thiểu vùng"). */
  minCoverageOffDomain: 0.95,
  /** Share of the question's weight allowed to be words no text contains at all. */
  maxUnknownShare: 0.35,
  /** How many of the top passages may supply the best coverage. */
  consider: 3,
  /** Share of a bank question found in a long question for it to count as asked. */
  bankContained: 0.9,
} as const;

export type SupportVerdict =
  | { answerable: true }
  | {
      answerable: false;
      /** Why: nothing of the domain; a document not held; a figure or document the texts do not give; not covered. */
      reason: 'off-topic' | 'unheld-document' | 'no-figure' | 'no-document' | 'not-covered';
      inDomain: boolean;
    };

const PERCENT = /\d\s*%|phần trăm/i;
// Not `\b`, which knows only ASCII letters: it would never end the word "tỷ".
const MONEY = /\d[\d.,]*\s*(đồng|triệu|tỷ|nghìn|ngàn)(?![\p{L}\p{N}])/iu;
const DOCUMENT_NUMBER = /\d+\/\d{4}\/[A-ZĐ]|(Quyết định|Nghị định|Thông tư|Nghị quyết) (số )?\d+/;

/** Whether a folded text names a document labelled "nghi dinh 113/2024" or "nghi quyet 20". */
function mentions(folded: string, label: string): boolean {
  const number = label.split(' ').at(-1)!;
  if (number.includes('/')) return folded.includes(number);
  const type = label.slice(0, -number.length).trim();
  return new RegExp(`${type}\\s+(so\\s+)?0*${number}\\b`).test(folded);
}

/** The judgement before any line is chosen: is there anything in the texts to answer from? */
export function judgeCoverage(result: RetrievalResult): SupportVerdict {
  const { analysis, passages } = result;
  const inDomain = analysis.inDomain;
  if (analysis.totalWeight === 0 || passages.length === 0) return { answerable: false, reason: inDomain ? 'not-covered' : 'off-topic', inDomain };
  const passageCoverage = Math.max(...passages.slice(0, SUPPORT.consider).map((p) => p.coverage));
  const needed = inDomain ? SUPPORT.minPassageCoverage : SUPPORT.minCoverageOffDomain;
  if (passageCoverage >= needed && analysis.unknownShare <= SUPPORT.maxUnknownShare) return { answerable: true };
  // A question that tells a story ("tôi cùng 6 người … vậy thủ tục chia thế nào") covers little of
  // itself, yet may contain a question of the bank whole: then the bank's passage answers it.
  const contained = result.bank[0];
  if (inDomain && contained && contained.precision >= SUPPORT.bankContained && result.passages.some((p) => p.pointed?.match === contained)) {
    return { answerable: true };
  }
  return { answerable: false, reason: inDomain ? 'not-covered' : 'off-topic', inDomain };
}

/** The judgement of the chosen answer: does what it quotes give what the question asks for? */
export function judgeAnswer(result: RetrievalResult, quoted: ScoredLine[]): SupportVerdict {
  const { analysis } = result;
  const text = quoted.map((l) => l.text).join('\n');
  // A document the bot does not hold is answered only from a line that itself names it ("Nghị quyết
  // số 20-NQ/TW, ngày 16-6-2022" in a plan that carries it out); its content is not there to quote.
  const folded = foldDiacritics(text);
  if (analysis.unheldDocuments.some((d) => !mentions(folded, d))) return { answerable: false, reason: 'unheld-document', inDomain: analysis.inDomain };
  if (analysis.askedUnit === 'percent' && !PERCENT.test(text)) return { answerable: false, reason: 'no-figure', inDomain: analysis.inDomain };
  if (analysis.askedUnit === 'money' && !MONEY.test(text)) return { answerable: false, reason: 'no-figure', inDomain: analysis.inDomain };
  if (analysis.kind === 'which-document' && !DOCUMENT_NUMBER.test(text)) return { answerable: false, reason: 'no-document', inDomain: analysis.inDomain };
  return { answerable: true };
}
