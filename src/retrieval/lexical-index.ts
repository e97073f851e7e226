import type { AsPlainObject } from 'minisearch';
import type { DocumentMeta, Passage } from '../knowledge/types.ts';
import { bestFirst } from './best-first.ts';
import type { Lexicon } from './lexicon.ts';
import { indexSavedTermLines, readSavedTermLines, type SavedTermLines, type SavedTermRegion } from './saved-term-line.ts';
import { type PairWeight, indexTerms, queryTerms } from './text-analysis.ts';

export interface LexicalHit {
  id: string;
  score: number;
}

/**
 * The fields a passage is indexed under, in this order: its own heading (an article's name, a plan
 * section's title); where it sits (document name, locality, chapter and section titles); its text.
 * The heading field holds the document's name and locality too, so "ở Tuần Giáo" finds the Tuần
 * Giáo plan's sections even when a section never repeats the place name.
 */
const FIELDS = ['title', 'context', 'text'] as const;
const FIELD_COUNT = FIELDS.length;

/**
 * MiniSearch's BM25+ parameters, which this index was measured with. Equal field weights measured
 * best: boosting the short title field over-rewards titles that merely contain a common word
 * ("hợp tác xã"); titles matter through the reranker's line coverage instead.
 */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** A term's postings: field `f`'s run is `docs`/`freqs` from `at[f]` to `at[f + 1]`. */
interface TermRuns {
  at: Uint32Array;
  /** Document numbers, ascending within a run. */
  docs: Uint32Array;
  /** The term's frequency in that field of that document. */
  freqs: Uint32Array;
}

interface Postings {
  termIds: Map<string, number>;
  /** Term `t`'s postings: laid out when the index is built, or read from its saved line when first asked for. */
  runsOf(t: number): TermRuns;
  /** Distinct terms per field of each document: `doc * FIELD_COUNT + f`. */
  fieldLength: Uint32Array;
  averageFieldLength: number[];
  documentIds: string[];
}

/** Postings as flat arrays: for term `t` and field `f`, run `t * FIELD_COUNT + f` of `docs`/`freqs`. */
function flatRuns(runStart: Uint32Array, docs: Uint32Array, freqs: Uint32Array): (t: number) => TermRuns {
  return (t) => ({ at: runStart.subarray(t * FIELD_COUNT, (t + 1) * FIELD_COUNT + 1), docs, freqs });
}

/** A saved index exposes its postings term by term, so a writer can stream them instead of building `index`. */
export const SAVED_TERMS = Symbol('saved lexical terms');
/**
 * The same entries as JSON text, one string each (what `JSON.stringify` gives for each): written
 * straight from the postings, and read back without building an object per term and field.
 */
export const SAVED_TERM_LINES = Symbol('saved lexical terms as JSON');
export type SavedTerm = AsPlainObject['index'][number];
/** As a reader finds them: the entries' JSON as UTF-8 bytes, one per line (read by saved-term-line.ts). */
export const SAVED_TERM_BYTES = Symbol('saved lexical terms as JSON bytes');
export type SavedLexicalIndex = AsPlainObject & {
  [SAVED_TERMS]?: () => Iterable<SavedTerm>;
  [SAVED_TERM_LINES]?: () => Iterable<string>;
  [SAVED_TERM_BYTES]?: SavedTermRegion;
};

/**
 * BM25 over Vietnamese syllables and syllable pairs, with our own tokenizer, scored over postings
 * held in typed arrays: a question touches a few flat runs and one score array, not an object per
 * matching passage and term. Scores and order are MiniSearch's (v7, which built this index before
 * and whose serialisation it still saves): per term and field, BM25+ with the field's own document
 * frequency; per passage, the sum over terms times the number of terms matched.
 */
export class LexicalIndex {
  private readonly score: Float64Array;
  private readonly termScore: Float64Array;
  private readonly matched: Uint16Array;
  private readonly seenInTerm: Uint32Array;
  private readonly seen: Uint32Array;
  /**
   * BM25's length normalisation of each field of each passage, `k · (1 − b + b · length / average)`,
   * which depends on no question: worked out once, it leaves a division per posting, not two.
   */
  private readonly lengthNorm: Float64Array;
  private generation = 0;

  private constructor(
    private readonly postings: Postings,
    private readonly lexicon: Lexicon,
  ) {
    const n = postings.documentIds.length;
    // Reused by every query (one at a time: queries are synchronous), marked by generation.
    this.score = new Float64Array(n);
    this.termScore = new Float64Array(n);
    this.matched = new Uint16Array(n);
    this.seenInTerm = new Uint32Array(n);
    this.seen = new Uint32Array(n);
    this.lengthNorm = new Float64Array(n * FIELD_COUNT);
    for (let at = 0; at < n * FIELD_COUNT; at++) {
      const length = postings.fieldLength[at]!;
      this.lengthNorm[at] = BM25.k * (1 - BM25.b + (BM25.b * length) / postings.averageFieldLength[at % FIELD_COUNT]!);
    }
  }

  /**
   * Each field of each passage tokenized once, in one pass, and its postings laid out by a counting
   * sort. A text met again (a heading or document name shared by many passages, a copy) is counted
   * once. `onProgress` follows the tokenizing, which is most of an index build.
   */
  static build(
    passages: Passage[],
    metaById: Map<string, DocumentMeta>,
    lexicon: Lexicon,
    onProgress?: (done: number, total: number) => void,
  ): LexicalIndex {
    const fieldsOf = (p: Passage): string[] => {
      const meta = metaById.get(p.docId);
      const scope = meta && meta.scope !== 'national' ? meta.scope : '';
      return [p.headingPath.at(-1) ?? '', [meta?.citeAs ?? '', scope, ...p.headingPath.slice(0, -1)].join('\n'), p.text];
    };
    const termIds = new Map<string, number>();
    const runLength: number[] = [];
    const fieldLength = new Uint32Array(passages.length * FIELD_COUNT);
    const averageFieldLength = new Array<number>(FIELD_COUNT).fill(0);
    /** A text's distinct terms by number, in the order first met, with their counts. */
    const counted = new Map<string, { ids: Uint32Array; counts: Uint32Array; distinct: number }>();
    // Per term number, the text that last met it (by its count in `counted`) and where in its list.
    const metIn: number[] = [];
    const metAt: number[] = [];
    const countedOf = (text: string) => {
      let found = counted.get(text);
      if (!found) {
        const stamp = counted.size;
        const ids: number[] = [];
        const counts: number[] = [];
        let empty = 0;
        for (const token of indexTerms(text, lexicon)) {
          // An empty token is no term, yet MiniSearch counts it in the field's length.
          if (!token) {
            empty = 1;
            continue;
          }
          let id = termIds.get(token);
          if (id === undefined) {
            termIds.set(token, (id = termIds.size));
            for (let g = 0; g < FIELD_COUNT; g++) runLength.push(0);
            metIn.push(-1);
            metAt.push(0);
          }
          if (metIn[id] === stamp) {
            counts[metAt[id]!]! += 1;
          } else {
            metIn[id] = stamp;
            metAt[id] = ids.length;
            ids.push(id);
            counts.push(1);
          }
        }
        found = { ids: Uint32Array.from(ids), counts: Uint32Array.from(counts), distinct: ids.length + empty };
        counted.set(text, found);
      }
      return found;
    };
    // First pass: field lengths and run lengths, so the runs can be laid out in one array.
    const fields = passages.flatMap((p, doc) => {
      const texts = fieldsOf(p).map(countedOf);
      texts.forEach(({ ids, distinct }, f) => {
        fieldLength[doc * FIELD_COUNT + f] = distinct;
        // MiniSearch's running average, step by step, so scores match to the last bit.
        averageFieldLength[f] = (averageFieldLength[f]! * doc + distinct) / (doc + 1);
        for (const id of ids) runLength[id * FIELD_COUNT + f]! += 1;
      });
      if (doc % 50 === 49 || doc === passages.length - 1) onProgress?.(doc + 1, passages.length);
      return texts;
    });
    const runStart = new Uint32Array(runLength.length + 1);
    for (let r = 0; r < runLength.length; r++) runStart[r + 1] = runStart[r]! + runLength[r]!;
    const total = runStart[runLength.length]!;
    const docs = new Uint32Array(total);
    const freqs = new Uint32Array(total);
    const cursor = runStart.slice(0, runLength.length);
    fields.forEach(({ ids, counts }, at) => {
      const doc = Math.floor(at / FIELD_COUNT);
      const f = at % FIELD_COUNT;
      for (let j = 0; j < ids.length; j++) {
        const to = cursor[ids[j]! * FIELD_COUNT + f]!++;
        docs[to] = doc;
        freqs[to] = counts[j]!;
      }
    });
    const documentIds = passages.map((p) => p.id);
    return new LexicalIndex({ termIds, runsOf: flatRuns(runStart, docs, freqs), fieldLength, averageFieldLength, documentIds }, lexicon);
  }

  /** In how many passages' own text (not headings) each term stands: the document frequencies of TermStatistics. */
  textDocumentFrequencies(): Map<string, number> {
    const { termIds, runsOf } = this.postings;
    const text = FIELDS.indexOf('text');
    const df = new Map<string, number>();
    for (const [term, t] of termIds) {
      const { at } = runsOf(t);
      const count = at[text + 1]! - at[text]!;
      if (count > 0) df.set(term, count);
    }
    return df;
  }

  /**
   * A saved index (MiniSearch's serialisation): loading skips tokenizing every passage again. Its
   * terms are read from `SAVED_TERMS` when the reader streams them, else from `index`.
   */
  static fromSaved(saved: SavedLexicalIndex, lexicon: Lexicon): LexicalIndex {
    if (typeof saved !== 'object' || saved === null || !Array.isArray(saved.index)) throw new Error('not a saved lexical index');
    const fieldIds = FIELDS.map((field) => saved.fieldIds[field]);
    if (fieldIds.some((id) => id === undefined)) throw new Error('saved lexical index has other fields');
    // Short ids in ascending order are documents in the order they were added.
    const shortIds = Object.keys(saved.documentIds).map(Number).sort((a, b) => a - b);
    const documentIds = shortIds.map((shortId) => saved.documentIds[shortId]!);
    const fieldLength = new Uint32Array(shortIds.length * FIELD_COUNT);
    shortIds.forEach((shortId, doc) => {
      const lengths = saved.fieldLength[shortId] ?? [];
      fieldIds.forEach((id, f) => (fieldLength[doc * FIELD_COUNT + f] = lengths[id!] ?? 0));
    });
    const averageFieldLength = fieldIds.map((id) => saved.averageFieldLength[id!] ?? 0);
    const lines = saved[SAVED_TERM_BYTES];
    const terms = lines
      ? savedLineTerms(lines, fieldIds as number[], shortIds)
      : termEntries(saved[SAVED_TERMS]?.() ?? saved.index, fieldIds as number[], shortIds);
    return new LexicalIndex({ ...terms, fieldLength, averageFieldLength, documentIds }, lexicon);
  }

  /**
   * MiniSearch's serialisation (version 2), so a saved index stays readable by MiniSearch too. Its
   * `index` is built only if read; `SAVED_TERMS` yields the same entries one by one (index-store
   * writes them so, never holding the whole array).
   */
  toSaved(): SavedLexicalIndex {
    const { documentIds, fieldLength, averageFieldLength } = this.postings;
    const terms = () => this.savedTerms();
    const saved = {
      documentCount: documentIds.length,
      nextId: documentIds.length,
      documentIds: Object.fromEntries(documentIds.map((id, doc) => [doc, id])),
      fieldIds: Object.fromEntries(FIELDS.map((field, f) => [field, f])),
      fieldLength: Object.fromEntries(documentIds.map((_, doc) => [doc, Array.from(fieldLength.subarray(doc * FIELD_COUNT, (doc + 1) * FIELD_COUNT))])),
      averageFieldLength: [...averageFieldLength],
      storedFields: {},
      dirtCount: 0,
      index: [] as SavedTerm[],
      serializationVersion: 2,
      [SAVED_TERMS]: terms,
      [SAVED_TERM_LINES]: () => this.savedTermLines(),
    };
    Object.defineProperty(saved, 'index', { enumerable: true, get: () => [...terms()] });
    return saved;
  }

  private *savedTerms(): Generator<SavedTerm> {
    const { termIds, runsOf } = this.postings;
    for (const [term, t] of termIds) {
      const { at, docs, freqs } = runsOf(t);
      const data: SavedTerm[1] = {};
      for (let f = 0; f < FIELD_COUNT; f++) {
        const start = at[f]!;
        const end = at[f + 1]!;
        if (start === end) continue;
        const entry: Record<string, number> = {};
        for (let i = start; i < end; i++) entry[docs[i]!] = freqs[i]!;
        data[f] = entry;
      }
      yield [term, data];
    }
  }

  /** `savedTerms` as JSON text, written out from the postings: `["term",{"0":{"12":1,"40":2},"2":{…}}]`. */
  private *savedTermLines(): Generator<string> {
    const { termIds, runsOf } = this.postings;
    for (const [term, t] of termIds) {
      const { at, docs, freqs } = runsOf(t);
      let line = `[${JSON.stringify(term)},{`;
      let fields = 0;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const start = at[f]!;
        const end = at[f + 1]!;
        if (start === end) continue;
        line += `${fields++ > 0 ? ',' : ''}"${f}":{`;
        for (let i = start; i < end; i++) line += `${i > start ? ',' : ''}"${docs[i]!}":${freqs[i]!}`;
        line += '}';
      }
      yield `${line}}]`;
    }
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
    const { termIds, runsOf, documentIds } = this.postings;
    const { score, termScore, matched, seenInTerm, seen, lengthNorm } = this;
    const n = documentIds.length;
    const generation = ++this.generation;
    // Passages in the order they were first matched: ties keep MiniSearch's order.
    const order: number[] = [];
    const inTerm: number[] = [];
    for (const { term, weight } of terms) {
      const t = termIds.get(term);
      if (t === undefined) continue;
      inTerm.length = 0;
      const { at, docs, freqs } = runsOf(t);
      for (let f = 0; f < FIELD_COUNT; f++) {
        const start = at[f]!;
        const end = at[f + 1]!;
        if (start === end) continue;
        const idf = Math.log(1 + (n - (end - start) + 0.5) / (end - start + 0.5));
        for (let i = start; i < end; i++) {
          const doc = docs[i]!;
          const tf = freqs[i]!;
          const raw = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + lengthNorm[doc * FIELD_COUNT + f]!));
          const weighted = weight * raw;
          if (seenInTerm[doc] !== generation) {
            seenInTerm[doc] = generation;
            termScore[doc] = weighted;
            inTerm.push(doc);
          } else {
            termScore[doc]! += weighted;
          }
        }
      }
      for (const doc of inTerm) {
        if (seen[doc] !== generation) {
          seen[doc] = generation;
          score[doc] = termScore[doc]!;
          matched[doc] = 1;
          order.push(doc);
        } else {
          score[doc]! += termScore[doc]!;
          matched[doc]! += 1;
        }
        // The next term starts afresh.
        seenInTerm[doc] = 0;
      }
    }
    // MiniSearch multiplies each score by the number of query terms matched: a coordination factor
    // that measured better than plain BM25 here, so it stays.
    // (A loop: Float64Array.from with a mapping function goes through the iterator protocol, slowly.)
    const final = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) final[i] = score[order[i]!]! * matched[order[i]!]!;
    return bestFirst(final, limit).map((i) => ({ id: documentIds[order[i]!]!, score: final[i]! }));
  }
}

/** Terms as objects (MiniSearch's own `index`, or a reader's parsed entries), laid out flat. */
function termEntries(entries: Iterable<SavedTerm>, fieldIds: number[], shortIds: number[]): Pick<Postings, 'termIds' | 'runsOf'> {
  const termIds = new Map<string, number>();
  const runStart = new GrowingUint32Array();
  const docs = new GrowingUint32Array();
  const freqs = new GrowingUint32Array();
  const dense = new Map(shortIds.map((shortId, doc) => [String(shortId), doc]));
  for (const [term, data] of entries) {
    if (termIds.has(term)) throw new Error('saved lexical index lists a term twice');
    termIds.set(term, termIds.size);
    for (const id of fieldIds) {
      runStart.push(docs.length);
      // Integer keys enumerate in ascending order: the run stays sorted by document.
      for (const [shortId, freq] of Object.entries(data[id] ?? {})) {
        const doc = dense.get(shortId);
        if (doc === undefined || !Number.isInteger(freq)) throw new Error('saved lexical index holds an unknown document or a bad count');
        docs.push(doc);
        freqs.push(freq);
      }
    }
  }
  runStart.push(docs.length);
  return { termIds, runsOf: flatRuns(runStart.done(), docs.done(), freqs.done()) };
}

/**
 * Terms as the JSON lines the index wrote (saved-term-line.ts): every line's form is checked now,
 * its postings read the first time a question asks for the term, and kept.
 */
function savedLineTerms(region: SavedTermRegion, fieldIds: number[], shortIds: number[]): Pick<Postings, 'termIds' | 'runsOf'> {
  const lines: SavedTermLines = indexSavedTermLines(region);
  const termIds = new Map<string, number>();
  for (const term of lines.terms) {
    if (termIds.has(term)) throw new Error('saved lexical index lists a term twice');
    termIds.set(term, termIds.size);
  }
  // Short id → document, and saved field id → ours, by array where the ids are small (as written).
  const docOf = new Int32Array((shortIds.at(-1) ?? -1) + 1).fill(-1);
  shortIds.forEach((shortId, doc) => (docOf[shortId] = doc));
  const fieldOf = new Int32Array(Math.max(...fieldIds) + 1).fill(-1);
  fieldIds.forEach((id, f) => (fieldOf[id] = f));
  const read: Array<TermRuns | undefined> = [];
  const runsOf = (t: number): TermRuns => {
    let runs = read[t];
    if (runs) return runs;
    readSavedTermLines({ bytes: region.bytes, start: lines.lineStart[t]!, end: lines.lineStop[t]! }, {
      fieldOf,
      docOf,
      fieldCount: FIELD_COUNT,
      onTerm(_term, runDocs, runFreqs, runLength) {
        const at = new Uint32Array(FIELD_COUNT + 1);
        for (let f = 0; f < FIELD_COUNT; f++) at[f + 1] = at[f]! + runLength[f]!;
        const docs = new Uint32Array(at[FIELD_COUNT]!);
        const freqs = new Uint32Array(at[FIELD_COUNT]!);
        for (let f = 0; f < FIELD_COUNT; f++) {
          docs.set(runDocs[f]!.subarray(0, runLength[f]!), at[f]!);
          freqs.set(runFreqs[f]!.subarray(0, runLength[f]!), at[f]!);
        }
        runs = { at, docs, freqs };
      },
    });
    return (read[t] = runs!);
  };
  return { termIds, runsOf };
}

/** A Uint32Array filled one value at a time, its room doubled as it goes (the count is not known before). */
class GrowingUint32Array {
  private values = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const larger = new Uint32Array(this.values.length * 2);
      larger.set(this.values);
      this.values = larger;
    }
    this.values[this.length++] = value;
  }

  /** The values, in an array of their own size. */
  done(): Uint32Array {
    return this.values.slice(0, this.length);
  }
}
