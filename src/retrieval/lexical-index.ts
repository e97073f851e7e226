import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { DocumentMeta, Passage } from '../knowledge/types.ts';
import type { Lexicon } from './lexicon.ts';
import { type PairWeight, indexTerms, queryTerms } from './text-analysis.ts';

export interface LexicalHit {
  id: string;
  score: number;
}

interface IndexedPassage {
  id: string;
  /** The passage's own heading: an article's name, a plan section's title. */
  title: string;
  /** Where it sits: document name, locality, chapter and section titles. */
  context: string;
  text: string;
}

/**
 * Equal weights measured best: boosting short title fields over-rewards titles that merely contain
 * a common word ("hợp tác xã"); titles matter through the reranker's line coverage instead.
 */
const FIELD_BOOST = { title: 1, context: 1, text: 1 };

function searchOptions(termsOf: (text: string) => string[]) {
  return {
    fields: ['title', 'context', 'text'],
    tokenize: termsOf,
    processTerm: (term: string) => term,
    searchOptions: { tokenize: (q: string) => q.split(' '), processTerm: (t: string) => t, boost: FIELD_BOOST },
  };
}

/**
 * BM25 over Vietnamese syllables and syllable pairs (MiniSearch, with our own tokenizer). The
 * heading field holds the document's name and locality too, so "ở Tuần Giáo" finds the
 * Tuần Giáo plan's sections even when a section never repeats the place name.
 */
export class LexicalIndex {
  private constructor(
    private readonly search: MiniSearch<IndexedPassage>,
    private readonly lexicon: Lexicon,
  ) {}

  /** `termsOf` tokenizes a text; passing a cached one lets statistics and index share the work. */
  static build(
    passages: Passage[],
    metaById: Map<string, DocumentMeta>,
    lexicon: Lexicon,
    termsOf: (text: string) => string[] = (text) => indexTerms(text, lexicon),
  ): LexicalIndex {
    const search = new MiniSearch<IndexedPassage>(searchOptions(termsOf));
    search.addAll(
      passages.map((p) => {
        const meta = metaById.get(p.docId);
        const scope = meta && meta.scope !== 'national' ? meta.scope : '';
        return {
          id: p.id,
          title: p.headingPath.at(-1) ?? '',
          context: [meta?.citeAs ?? '', scope, ...p.headingPath.slice(0, -1)].join('\n'),
          text: p.text,
        };
      }),
    );
    return new LexicalIndex(search, lexicon);
  }

  /** A saved index: loading skips tokenizing every passage again. */
  static fromSaved(saved: AsPlainObject, lexicon: Lexicon): LexicalIndex {
    if (typeof saved !== 'object' || saved === null || !Array.isArray(saved.index)) throw new Error('not a saved lexical index');
    return new LexicalIndex(MiniSearch.loadJS<IndexedPassage>(saved, searchOptions((text) => indexTerms(text, lexicon))), lexicon);
  }

  /** A plain object, serialised once with the rest of the snapshot (a JSON string inside JSON doubles the memory). */
  toSaved(): AsPlainObject {
    return this.search.toJSON();
  }

  /**
   * Best first. `pairWeight` tells how much each syllable pair of the question is a term of its own;
   * `isCommon` which terms stand in so many passages that scoring them costs time and tells nothing
   * (they still count when the reranker measures coverage).
   */
  query(question: string, limit: number, pairWeight: PairWeight, isCommon: (term: string) => boolean): LexicalHit[] {
    const all = queryTerms(question, this.lexicon, pairWeight);
    const distinctive = all.filter((t) => !isCommon(t.term));
    const terms = distinctive.length > 0 ? distinctive : all;
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const results = this.search.search(terms.map((t) => t.term).join(' '), {
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    return results
      // MiniSearch multiplies each score by the number of query terms matched: a coordination factor
      // that measured better than plain BM25 here, so it stays.
      .map((r) => ({ id: r.id as string, score: r.score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
