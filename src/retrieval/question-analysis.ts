import type { Lexicon } from './lexicon.ts';
import type { TermStatistics } from './term-statistics.ts';
import { type QuestionTerms, conceptTerm, questionTerms, questionTokens, withoutDates } from './text-analysis.ts';
import { entriesStartingWith, fromOf, matchesAt } from './lexicon.ts';
import type { QuestionAnalysis, QuestionKind, WeightedConcept } from './types.ts';
import { foldDiacritics } from './vietnamese.ts';

export type { QuestionAnalysis, WeightedConcept } from './types.ts';

const DEFINITION = /^(.*?)\s+(la gi|la ai|nghia la gi|duoc hieu la gi|la nhu the nao)\b/;
const QUANTITY = /\b(bao nhieu|may)\s+(.+)$/;
const ASKS_NUMBER = /\b(bao nhieu|may|bao lau|toi da|toi thieu|it nhat|phan tram|ty le|bao gio|ngay nao|thoi han)\b/;

/** The part of the analysis that needs only the lexicon and statistics; the index adds what needs the library. */
export type TextualAnalysis = Omit<QuestionAnalysis, 'unheldDocuments' | 'unknownShare' | 'inDomain'>;

export function analyzeQuestion(question: string, lexicon: Lexicon, stats: TermStatistics): TextualAnalysis {
  const terms = questionTerms(question, lexicon);
  const concepts = new Map<string, number>();
  for (const word of terms.words) {
    const term = conceptTerm(terms, word);
    concepts.set(term, stats.idf(term));
  }
  for (const pair of terms.pairs) {
    const weight = stats.pairWeight(pair);
    const term = conceptTerm(terms, pair);
    if (weight > 0) concepts.set(term, stats.idf(term) * weight);
  }
  const { alternatives, bound } = synonymAlternatives(terms, lexicon, stats);
  const list = [...concepts].map(([term, idf]) => ({
    term,
    idf,
    ...(alternatives.has(term) ? { alternatives: alternatives.get(term) } : {}),
    ...(bound.has(term) ? { boundTo: bound.get(term) } : {}),
  }));

  const folded = foldDiacritics(withoutDates(question)).replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  const subject = (words: string[] | undefined) => {
    const kept = words?.filter((w) => !lexicon.stopWords.folded.has(w)).join(' ');
    return kept && kept.length > 1 ? kept : undefined;
  };
  const asksNumber = ASKS_NUMBER.test(folded);
  // The question as typed, abbreviations written out ("htx" read as "hop tac xa").
  const spelled = terms.tokens.map((t) => t.folded).join(' ');
  return {
    kind: kindOf(folded, asksNumber),
    concepts: list,
    totalWeight: list.reduce((n, c) => n + c.idf, 0),
    definitionOf: definitionSubject(DEFINITION.exec(spelled)?.[1], lexicon),
    quantityOf: countedNoun(folded, lexicon) ?? subject(QUANTITY.exec(folded)?.[2]?.split(' ').slice(0, 3)),
    asksNumber,
    asksList: ASKS_LIST.test(folded),
    asksDelegation: /\b(quy dinh chi tiet|huong dan chi tiet|huong dan thi hanh)\b/.test(folded),
    ...(PERCENT.test(folded) ? { askedUnit: 'percent' as const } : MONEY.test(folded) ? { askedUnit: 'money' as const } : {}),
    organisations: organisationsNamed(spelled),
    subjects: subjectsNamed(spelled),
  };
}

const ASKS_LIST = /\b((cac|nhung) \w+( \w+)?( \w+)? (la gi|gom|bao gom|nao)|nhung gi|gom nhung|bao gom nhung|nhung nao|cac loai|nhung loai|nhung truong hop|nhung hanh vi|nhung noi dung|nhung quyen|nhung viec|cac buoc|nhung buoc|(quyen|nghia vu|nhiem vu|quyen han|trach nhiem) (va \w+ )?gi)\b/;
const PERCENT = /\b(phan tram|bao nhieu %|(ty|ti) le (la |toi da |toi thieu )?(bao nhieu|may))\b/;
const MONEY = /\b(bao nhieu tien|muc phi|le phi|bao nhieu dong|chi phi bao nhieu|ton bao nhieu|het bao nhieu)\b/;
const WHICH_DOCUMENT = /\b(quyet dinh|van ban|nghi dinh|thong tu|nghi quyet|luat) (nao|so may|so bao nhieu)\b/;
const YES_NO = /\b(co duoc|duoc khong|co phai|phai khong|co can|can khong|co bat buoc|co the|khong a|hay khong|duoc phep|co bi|bi khong|co mat)\b|\bkhong\s*\??$/;
const WHO = /\b(ai|co quan nao|nguoi nao|cap nao|don vi nao|thuoc ve ai|do ai|tham quyen)\b/;
const WHERE = /\b(o dau|noi nao|tai dau|cho nao)\b/;
const WHEN = /\b(khi nao|luc nao|bao gio|ngay nao|tu ngay|thoi diem nao|thoi han)\b/;
const LIST = /\b(gom nhung|gom nhung gi|nhung gi|nhung nao|cac loai|bao gom|nhung noi dung|nhung truong hop|truong hop nao|the nao|nhu the nao|ra sao|thu tuc|trinh tu)\b/;

/** What kind of answer a (folded) question wants; the first cue in this order wins. */
function kindOf(folded: string, asksNumber: boolean): QuestionKind {
  if (WHICH_DOCUMENT.test(folded)) return 'which-document';
  if (DEFINITION.test(folded)) return 'definition';
  if (asksNumber && (/\bbao lau\b/.test(folded) || !/\b(khi nao|bao gio|ngay nao|tu ngay)\b/.test(folded))) return 'number';
  if (WHO.test(folded)) return 'who';
  if (WHERE.test(folded)) return 'where';
  if (WHEN.test(folded)) return 'when';
  if (YES_NO.test(folded)) return 'yes-no';
  if (LIST.test(folded)) return 'list';
  return 'other';
}

/**
 * What "X là gì" asks about, as the texts would write X before "là": the filler before it dropped
 * ("cho tôi hỏi"), the words inside kept ("đơn vị phụ thuộc"), and the organisation it belongs to
 * left out ("vốn điều lệ của hợp tác xã" is defined as "Vốn điều lệ là …").
 */
function definitionSubject(asked: string | undefined, lexicon: Lexicon): string | undefined {
  if (!asked) return undefined;
  const owner = ORGANISATIONS.map((o) => ` cua ${o}`).find((o) => ` ${asked}`.endsWith(o));
  const words = (owner ? asked.slice(0, asked.length - owner.length + 1) : asked).trim().split(' ').slice(-6);
  while (words.length > 0 && lexicon.stopWords.folded.has(words[0]!)) words.shift();
  const subject = words.join(' ');
  return subject.length > 1 ? subject : undefined;
}

/** "mấy người" counts members: the lexicon's synonym for a counting phrase names the noun. */
function countedNoun(folded: string, lexicon: Lexicon): string | undefined {
  const words = folded.split(' ');
  for (const synonym of lexicon.synonyms) {
    const [first] = synonym.from;
    if ((first !== 'bao' && first !== 'may') || !synonym.to[0]) continue;
    if (words.some((_, i) => synonym.from.every((s, j) => words[i + j] === s))) return synonym.to[0].map(foldDiacritics).join(' ');
  }
  return undefined;
}

/** Terms to look a question's concepts up in: a Set, or a view over several (reranker.ts `passageTerms`). */
export type TermLookup = Pick<ReadonlySet<string>, 'has'>;

/** The IDF-weighted share of a question's concepts found in a set of terms. */
export function coverage(analysis: Pick<QuestionAnalysis, 'concepts' | 'totalWeight'>, terms: TermLookup): number {
  if (analysis.totalWeight === 0) return 0;
  let found = 0;
  for (const c of analysis.concepts) if (covers(terms, c)) found += c.idf;
  return found / analysis.totalWeight;
}

/**
 * The organisations the texts define side by side, folded, longest first: "liên hiệp hợp tác xã" is
 * not a "hợp tác xã", and what a text says of one (a minimum of members) is not said of another.
 */
export const ORGANISATIONS = ['lien hiep hop tac xa', 'to hop tac', 'hop tac xa'] as const;

/** A co-op's bodies, folded: what a question about "mấy thành viên" or "nhiệm kỳ" may be about. */
const BODIES = ['chu tich hoi dong quan tri', 'hoi dong quan tri', 'ban kiem soat', 'kiem soat vien', 'dai hoi thanh vien', 'giam doc'] as const;

/** The organisations and bodies a folded text names ("hop tac xa", "ban kiem soat"…). */
export function subjectsNamed(folded: string): string[] {
  const text = ` ${folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return [...organisationsNamed(folded), ...BODIES.filter((b) => text.includes(` ${b} `))];
}

/**
 * Institutions whose names spell an organisation without being about one: "tổ hợp tác … trong Cơ
 * sở dữ liệu về đăng ký hợp tác xã" asks about tổ hợp tác; "Quỹ hỗ trợ phát triển hợp tác xã" is a
 * fund. Folded, as whole-word patterns.
 */
const INSTITUTIONS = [
  /\b(?:co so du lieu|he thong thong tin)(?: quoc gia)? ve dang ky hop tac xa\b/gu,
  /\bquy ho tro phat trien hop tac xa\b/gu,
  /\blien minh hop tac xa\b/gu,
];

/** The organisations a folded text names, each mention read as the longest name it spells. */
export function organisationsNamed(folded: string): string[] {
  let rest = ` ${INSTITUTIONS.reduce((t, name) => t.replace(name, ' | '), folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim())} `;
  const found: string[] = [];
  for (const name of ORGANISATIONS) {
    if (!rest.includes(` ${name} `)) continue;
    found.push(name);
    rest = rest.split(` ${name} `).join(' | ');
  }
  return found;
}

/** Whether a set of terms covers a concept: the concept itself, or one of its synonyms whole. */
export function covers(terms: TermLookup, concept: WeightedConcept): boolean {
  return terms.has(concept.boundTo ?? concept.term) || (concept.alternatives?.some((phrase) => phrase.every((t) => terms.has(t))) ?? false);
}

/**
 * Where the question says something the texts say otherwise ("qua mạng" for "trực tuyến"), the
 * lexicon's synonym covers the question's words too: each concept inside a synonym's span gets the
 * synonym's terms (its syllable pairs, or the syllable of a one-word synonym) as an alternative,
 * which covers the concept only when all of them are there.
 */
function synonymAlternatives(terms: QuestionTerms, lexicon: Lexicon, stats: TermStatistics): { alternatives: Map<string, string[][]>; bound: Map<string, string> } {
  const folded = terms.tokens.map((t) => t.folded);
  const position = new Map(terms.tokens.map((t, i) => [t, i]));
  const inside = (t: { folded: string }, from: number, to: number) => {
    const i = position.get(t as never) ?? -1;
    return i >= from && i < to;
  };
  const result = new Map<string, string[][]>();
  const bound = new Map<string, string>();
  for (let i = 0; i < folded.length; i++) {
    for (const synonym of entriesStartingWith(lexicon.synonyms, fromOf, folded[i]!)) {
      if (!matchesAt(folded, synonym.from, i)) continue;
      const end = i + synonym.from.length;
      // A syllable of a phrase the lexicon reads as a whole, one the texts never write, is that
      // phrase's, not the same syllable in another word: the "rút" of "rút vốn" is not the "rút" of
      // "quản trị rút gọn". (Where the texts write the phrase, its pair already counts for it.)
      if (end - i >= 2) {
        for (const w of terms.words) {
          const at = position.get(w) ?? -1;
          if (at < i || at >= end) continue;
          const [first, second] = at + 1 < end ? [w, terms.tokens[at + 1]!] : [terms.tokens[at - 1]!, w];
          if (stats.has(`${first.folded}_${second.folded}`)) continue;
          if (!bound.has(conceptTerm(terms, w))) bound.set(conceptTerm(terms, w), conceptTerm(terms, { first, second }));
        }
      }
      // Each synonym stands in whole: all its pairs ("chấm dứt tư cách thành viên" is not "thành viên").
      const stands = synonym.to.map((phrase) => {
        const f = phrase.map(foldDiacritics);
        return f.length === 1 ? f : f.slice(1).map((s, j) => `${f[j]}_${s}`);
      });
      const covered = [
        ...terms.words.filter((w) => inside(w, i, end)).map((w) => conceptTerm(terms, w)),
        ...terms.pairs.filter((p) => inside(p.first, i, end) && inside(p.second, i, end)).map((p) => conceptTerm(terms, p)),
      ];
      for (const term of covered) result.set(term, [...(result.get(term) ?? []), ...stands]);
    }
  }
  return { alternatives: result, bound };
}

/**
 * Whether the question names anything of the domain: co-ops, members, capital, governance… One
 * word may stand inside a term, as people say it: "góp đủ vốn" names "góp vốn".
 */
export function mentionsDomain(question: string, lexicon: Lexicon): boolean {
  const words = questionTokens(question, lexicon).map((t) => t.folded);
  // "Thành viên công ty TNHH …": members and capital, but of a company, which the texts do not govern.
  const names = (terms: string[][]) => terms.some((term) => words.some((_, i) => matchesAt(words, term, i)));
  if (names(lexicon.otherOrganisations) && organisationsNamed(words.join(' ')).length === 0) return false;
  return words.some((word, i) =>
    entriesStartingWith(lexicon.domainTerms, (term) => term, word).some((term) => matchesAt(words, term, i) || matchesWithOneInserted(words, term, i)),
  );
}

/** Whether `term` stands at `at` with one word inside it: "góp đủ vốn" for "góp vốn". */
function matchesWithOneInserted(words: string[], term: string[], at: number): boolean {
  if (at + term.length + 1 > words.length) return false;
  for (let gap = 1; gap < term.length; gap++) {
    let matches = true;
    for (let j = 0; j < term.length && matches; j++) matches = words[at + j + (j < gap ? 0 : 1)] === term[j];
    if (matches) return true;
  }
  return false;
}

/** The words that name a type of document, folded. */
const DOCUMENT_TYPE = '(nghi dinh|thong tu|quyet dinh|nghi quyet|luat|chi thi|cong van|ke hoach)';
/**
 * "113/2024/NĐ-CP", "Thông tư 71/2024": a number/year is a document when a type word stands before
 * it or a symbol after it; "từ ngày 01/7/2024" and "tháng 7/2024" are dates. (matchAll copies a
 * pattern, so one compiled here serves every question.)
 */
const NUMBER_AND_YEAR = new RegExp(`(?:\\b${DOCUMENT_TYPE}\\s+(?:so\\s+)?)?(?<![\\d/])\\b(\\d{1,4})\\/(\\d{4})(\\/[a-z]{1,4}(?:-[a-z]{1,6})?|\\b)`, 'g');
/** "nghị định 92", "Quyết định 1328/QĐ-TTg": a type word and a number with no year. */
const TYPE_AND_NUMBER = new RegExp(`\\b${DOCUMENT_TYPE}\\s+(?:so\\s+)?(\\d{1,5})(?:\\b(?!\\/)|\\/(?=[a-z]))`, 'g');

/** Document numbers a question names: "113/2024/NĐ-CP", "Thông tư 71/2024", "nghị định 113". Folded "n/yyyy" or "type n". */
export function namedDocumentNumbers(question: string): Array<{ number: string; year?: string; type?: string }> {
  const folded = foldDiacritics(question);
  const found: Array<{ number: string; year?: string; type?: string }> = [];
  for (const m of folded.matchAll(NUMBER_AND_YEAR)) {
    const [, type, number, year, symbol] = m;
    if (!type && !symbol?.startsWith('/')) continue;
    found.push({ number: number!.replace(/^0+/, ''), year: year!, ...(type ? { type } : {}) });
  }
  for (const m of folded.matchAll(TYPE_AND_NUMBER)) {
    found.push({ number: m[2]!.replace(/^0+/, ''), type: m[1]! });
  }
  return found;
}
