import { type Lexicon, entriesStartingWith, fromOf, matchesAt } from './lexicon.ts';
import { foldDiacritics, syllables, typedWithAccents } from './vietnamese.ts';

/** A syllable with its folded form and the punctuation-free run it belongs to (pairs never cross runs). */
export interface Token {
  accented: string;
  folded: string;
  run: number;
  /** Written out from an abbreviation ("htx" → hợp tác xã): its marks are not the user's typing. */
  expanded?: true;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

/** Accented terms are marked so they never collide with a folded term spelled the same. */
const ACCENTED = '~';

// Punctuation that ends a phrase; "/" and "-" stay inside document numbers like 92/2024/NĐ-CP.
const RUN_BREAK = /[.,;:!?()[\]{}"“”‘’'…\n\r\t•*+]+/;

function expandAbbreviations(words: string[], lexicon: Lexicon): Array<{ word: string; expanded: boolean }> {
  const foldedWords = words.map(foldDiacritics);
  const out: Array<{ word: string; expanded: boolean }> = [];
  for (let i = 0; i < words.length; ) {
    const hit = entriesStartingWith(lexicon.abbreviations, fromOf, foldedWords[i]!).find((a) => matchesAt(foldedWords, a.from, i));
    if (hit) {
      out.push(...hit.to.map((word) => ({ word, expanded: true })));
      i += hit.from.length;
    } else {
      out.push({ word: words[i]!, expanded: false });
      i += 1;
    }
  }
  return out;
}

/** Splits text into tokens, abbreviations written out ("HTX" → hợp tác xã). */
export function analyzeText(text: string, lexicon: Lexicon): Token[] {
  const tokens: Token[] = [];
  text.split(RUN_BREAK).forEach((part, run) => {
    for (const { word: accented, expanded } of expandAbbreviations(syllables(part), lexicon)) {
      tokens.push({ accented, folded: foldDiacritics(accented), run, ...(expanded ? { expanded: true as const } : {}) });
    }
  });
  return tokens;
}

const exactTerm = (t: Token) => (t.accented === t.folded ? t.folded : ACCENTED + t.accented);
const exactPair = (a: Token, b: Token) =>
  a.accented === a.folded && b.accented === b.folded ? `${a.folded}_${b.folded}` : `${ACCENTED}${a.accented}_${b.accented}`;

/** The terms a passage is indexed under: syllables and adjacent pairs, folded and (when different) accented. */
export function indexTerms(text: string, lexicon: Lexicon): string[] {
  const tokens = analyzeText(text, lexicon);
  const terms: string[] = [];
  tokens.forEach((t, i) => {
    terms.push(t.folded);
    if (t.accented !== t.folded) terms.push(exactTerm(t));
    const next = tokens[i + 1];
    if (next && next.run === t.run) {
      terms.push(`${t.folded}_${next.folded}`);
      const exact = exactPair(t, next);
      if (exact.startsWith(ACCENTED)) terms.push(exact);
    }
  });
  return terms;
}

/**
 * A question typed with accents is read exactly ("hội" is not "hỏi"); one typed without is read
 * folded, since "hoi" may be either. A few marks are enough to tell: people who type accents type
 * most of them. Only what the user typed counts: "htx" written out as "hợp tác xã" is not a sign of
 * accented typing ("htx can bao nhieu thanh vien" is an unaccented question).
 */
export function isAccentedQuestion(tokens: Token[]): boolean {
  return typedWithAccents(tokens.filter((t) => !t.expanded).map((t) => t.accented));
}

export interface QuestionPair {
  first: Token;
  second: Token;
  /** Which side is a stop word, if any: such a pair is kept only if it is a real compound ("cho vay"). */
  stopSide?: 'first' | 'second';
}

/** How much a pair of question syllables is a term worth searching for, 0 (not at all) to 1. */
export type PairWeight = (pair: QuestionPair) => number;

export interface QuestionTerms {
  accented: boolean;
  /** Every syllable as typed (abbreviations written out), filler included. */
  tokens: Token[];
  /** Content syllables (filler dropped), in order. */
  words: Token[];
  /** Adjacent syllable pairs of the question as typed, filler phrases and stop-word pairs excluded. */
  pairs: QuestionPair[];
}

/**
 * "Từ ngày 01/7/2024, …" dates a question rather than saying what it asks: its digits would pull
 * towards any passage with the same numbers. A date is left out of the search (a punctuation break).
 */
const DATE = /((kể\s+)?(từ|đến|trước|sau)\s+)?(ngày\s+)?\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b/giu;
export const withoutDates = (question: string) => question.replace(DATE, ',');

/**
 * Splits a question into content syllables and syllable pairs. Stop phrases ("cho tôi hỏi",
 * "như thế nào") go entirely; single stop words ("là", "có") are dropped as syllables but may still
 * form pairs — "cho vay", "đăng ký" typed "dang ky" — which the caller keeps only when the texts
 * contain them.
 */
export function questionTerms(question: string, lexicon: Lexicon): QuestionTerms {
  return recentlyRead(TERMS, question, lexicon, readQuestionTerms);
}

/** A question's tokens (analyzeText), for the readers of a question: each reads it once per retrieval. */
export function questionTokens(question: string, lexicon: Lexicon): readonly Token[] {
  return recentlyRead(TOKENS, question, lexicon, analyzeText);
}

/**
 * One question is read by the analysis, the bank matcher and BM25, each from its own entry point,
 * and by some of them in the same form: the readings of the last few questions are kept (per
 * lexicon), so a question is tokenized once per retrieval, not three times. Only questions pass
 * here; passages are read once, when the index is built. Readings are shared: never changed.
 */
const RECENT_QUESTIONS = 8;
const TERMS = new WeakMap<Lexicon, Map<string, QuestionTerms>>();
const TOKENS = new WeakMap<Lexicon, Map<string, readonly Token[]>>();

function recentlyRead<T>(memory: WeakMap<Lexicon, Map<string, T>>, question: string, lexicon: Lexicon, read: (question: string, lexicon: Lexicon) => T): T {
  let recent = memory.get(lexicon);
  if (!recent) memory.set(lexicon, (recent = new Map()));
  let reading = recent.get(question);
  if (reading === undefined) {
    reading = read(question, lexicon);
    if (recent.size >= RECENT_QUESTIONS) recent.delete(recent.keys().next().value!);
    recent.set(question, reading);
  }
  return reading;
}

function readQuestionTerms(question: string, lexicon: Lexicon): QuestionTerms {
  const tokens = analyzeText(withoutDates(question), lexicon);
  const accented = isAccentedQuestion(tokens);
  const folded = tokens.map((t) => t.folded);
  const typed = tokens.map((t) => t.accented);
  const inPhrase = new Array<boolean>(tokens.length).fill(false);
  // Without accents, the closing particles the question ends with ("… thi sao vay a").
  let closingFrom = tokens.length;
  while (!accented) {
    const particle = lexicon.stopPhrases.find((p) => p.closing && matchesAt(folded, p.folded, closingFrom - p.folded.length));
    if (!particle) break;
    closingFrom -= particle.folded.length;
  }
  for (let i = 0; i < tokens.length; i++) {
    const phrase = entriesStartingWith(lexicon.stopPhrases, (p) => p.folded, folded[i]!).find(
      (p) => matchesAt(folded, p.folded, i) && (accented ? matchesAt(typed, p.accented, i) : !p.closing || i >= closingFrom),
    );
    if (phrase) phrase.folded.forEach((_, j) => (inPhrase[i + j] = true));
  }
  const isStopWord = (t: Token) => (accented ? lexicon.stopWords.accented.has(t.accented) : lexicon.stopWords.folded.has(t.folded));
  const words = tokens.filter((t, i) => !inPhrase[i] && !isStopWord(t));
  const pairs: QuestionPair[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (!next || next.run !== t.run || inPhrase[i] || inPhrase[i + 1]) return;
    const firstStop = isStopWord(t);
    const secondStop = isStopWord(next);
    if (firstStop && secondStop) return;
    pairs.push({ first: t, second: next, ...(firstStop ? { stopSide: 'first' } : secondStop ? { stopSide: 'second' } : {}) });
  });
  return { accented, tokens, words, pairs };
}

/** The term a question's syllable or pair is matched as: exact when typed with accents, else folded. */
export function conceptTerm(terms: QuestionTerms, unit: Token | QuestionPair): string {
  if ('first' in unit) return terms.accented ? exactPair(unit.first, unit.second) : foldedPair(unit);
  return terms.accented ? exactTerm(unit) : unit.folded;
}

export const foldedPair = (pair: QuestionPair) => `${pair.first.folded}_${pair.second.folded}`;

const WEIGHT = { base: 1, exact: 0.35, synonym: 0.4 } as const;

/**
 * The weighted terms of a question for BM25. Folded terms always (people mix accented and
 * unaccented typing); exact accented terms too when the question was typed with accents, so a
 * passage spelled the same is preferred. Pairs the texts never contain are left out by the caller's
 * `pairWeight`. Synonyms from the lexicon are added at a lower weight.
 */
export function queryTerms(question: string, lexicon: Lexicon, pairWeight: PairWeight = () => 1): WeightedTerm[] {
  const terms = questionTerms(question, lexicon);
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));

  const loose = looseInPhrase(terms, lexicon, pairWeight);
  for (const t of terms.words) {
    const share = loose.has(t) ? WEIGHT.synonym : WEIGHT.base;
    add(t.folded, share);
    if (terms.accented && t.accented !== t.folded) add(exactTerm(t), WEIGHT.exact * share);
  }
  for (const pair of terms.pairs) {
    const weight = pairWeight(pair);
    if (weight === 0) continue;
    add(foldedPair(pair), WEIGHT.base * weight);
    const exact = exactPair(pair.first, pair.second);
    if (terms.accented && exact.startsWith(ACCENTED)) add(exact, WEIGHT.exact * weight);
  }

  // Synonyms match the question as typed: "mấy người" is filler word by word, yet means members.
  const folded = questionTokens(question, lexicon).map((t) => t.folded);
  for (let i = 0; i < folded.length; i++) {
    for (const synonym of entriesStartingWith(lexicon.synonyms, fromOf, folded[i]!)) {
      if (!matchesAt(folded, synonym.from, i)) continue;
      for (const phrase of synonym.to) {
        const f = phrase.map(foldDiacritics);
        f.forEach((s, j) => {
          if (!lexicon.stopWords.folded.has(s) && !weights.has(s)) add(s, WEIGHT.synonym);
          const next = f[j + 1];
          if (next && !weights.has(`${s}_${next}`)) add(`${s}_${next}`, WEIGHT.synonym);
        });
      }
    }
  }
  return [...weights].map(([term, weight]) => ({ term, weight }));
}

/**
 * The syllables of a phrase the lexicon reads as a whole ("rút vốn", "mấy người") that the texts
 * never write as that phrase: alone in a text they are another word ("rút gọn"), so they search at
 * a synonym's weight and the phrase's synonyms ("trả lại vốn góp") carry the question.
 */
function looseInPhrase(terms: QuestionTerms, lexicon: Lexicon, pairWeight: PairWeight): Set<Token> {
  const folded = terms.tokens.map((t) => t.folded);
  const loose = new Set<Token>();
  for (let i = 0; i < folded.length; i++) {
    for (const synonym of lexicon.synonyms) {
      if (synonym.from.length < 2 || !matchesAt(folded, synonym.from, i)) continue;
      const span = terms.tokens.slice(i, i + synonym.from.length);
      const written = span.slice(1).some((second, j) => pairWeight({ first: span[j]!, second }) > 0);
      if (!written) for (const t of span) loose.add(t);
    }
  }
  return loose;
}
