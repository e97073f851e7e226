import type { Lexicon } from './lexicon.ts';
import { type QuestionPair, foldedPair, indexTerms } from './text-analysis.ts';

/** Every term a text is indexed under (folded and accented syllables and pairs), as a set. */
export function termSet(text: string, lexicon: Lexicon): Set<string> {
  return new Set(indexTerms(text, lexicon));
}

const COMPOUND_SHARE = 0.3;

/**
 * Document frequencies over passages, for IDF weights: a question's rare words ("kiêm", "nhãn
 * hiệu") say more about what it asks than its common ones ("hợp tác xã").
 */
export class TermStatistics {
  private constructor(
    private readonly df: Map<string, number>,
    readonly passageCount: number,
  ) {}

  /** `df`: in how many passages each term stands (LexicalIndex.textDocumentFrequencies). */
  static fromDocumentFrequencies(df: Map<string, number>, passageCount: number): TermStatistics {
    return new TermStatistics(df, passageCount);
  }

  static fromJSON(saved: { passageCount: number; df: Array<[string, number]> }): TermStatistics {
    return new TermStatistics(new Map(saved.df), saved.passageCount);
  }

  toJSON(): { passageCount: number; df: Array<[string, number]> } {
    return { passageCount: this.passageCount, df: [...this.df] };
  }

  /** Unseen terms get the highest weight: a question about something no passage mentions. */
  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (this.passageCount - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.df.has(term);
  }

  /** In more than a third of all passages: "hợp", "tác", "xã", "hợp tác". */
  readonly isCommon = (term: string): boolean => (this.df.get(term) ?? 0) > this.passageCount / 3;

  /**
   * How much a question's syllable pair is a term of its own, from 0 to 1: the share of the rarer
   * syllable's passages in which the two stand together. Compounds ("giải thể", "cho vay") score
   * high; accidents of word order ("xã | giải thể" → "xã giải") low, though rare and so high in IDF.
   * A pair with a filler word must be a strong compound ("cho vay", "dang ky" for "đăng ký").
   */
  readonly pairWeight = (pair: QuestionPair): number => {
    const together = this.df.get(foldedPair(pair)) ?? 0;
    if (together === 0) return 0;
    const first = this.df.get(pair.first.folded) ?? together;
    const second = this.df.get(pair.second.folded) ?? together;
    if (pair.stopSide) {
      const share = together / (pair.stopSide === 'first' ? second : first);
      return share >= COMPOUND_SHARE ? share : 0;
    }
    return together / Math.min(first, second);
  };
}
