import type { ResolvedBankEntry } from '../knowledge/question-bank.ts';
import type { AppliedQuestion } from './applied-question.ts';
import type { DocumentMeta, Passage } from '../knowledge/types.ts';

/**
 * What retrieval hands answering: what it understood of the question, and the passages found with
 * their lines scored. Answering (extractive or with a model) works from this alone.
 */
export interface RetrievalResult {
  query: string;
  analysis: QuestionAnalysis;
  /** Best first. */
  passages: RetrievedPassage[];
  /** The bank questions the question matched, best first (see knowledge/questions/). */
  bank: BankMatch[];
  /** A rule of knowledge/rules.yaml applied to the user's own number, and where the law says it. */
  applied?: AppliedRule;
}

export interface AppliedRule {
  question: AppliedQuestion;
  /** The passage and line of the rule's khoản: the first of `passages`, pointed. */
  passageId: string;
  lineIndex: number;
  /** "Khoản 7 Điều 4", for the citation. */
  unit?: string;
}

export interface Retriever {
  /** `k` passages at most, best first; defaults to 5. */
  retrieve(query: string, k?: number): Promise<RetrievalResult>;
}

export interface RetrievedPassage {
  passage: Passage;
  /** The document's facts: how to cite it, its status, cautions. */
  document?: DocumentMeta;
  /** Higher is better; comparable only within one result list. */
  score: number;
  /** Share of the question's weight the whole passage covers, read in its context. */
  coverage: number;
  /** Every non-empty line of the passage, in order, scored against the question. */
  lines: ScoredLine[];
  /** The line a matched bank question (or an applied rule) points to in this passage. */
  pointed?: { lineIndex: number; match?: BankMatch; unit?: string };
}

export interface ScoredLine {
  /** Index among the passage's non-empty lines; 0 is the heading of an article. */
  index: number;
  text: string;
  /** Share of the question covered, the line read with its heading and document name. */
  coverage: number;
  /** The same for the line alone. */
  ownCoverage: number;
  /** Defines exactly what "X là gì" asks about. */
  definesAsked: boolean;
  /** Says what is one of what "X là gì" asks about: "Chi nhánh là đơn vị phụ thuộc …". */
  exemplifiesAsked: boolean;
  /** States a number of what "bao nhiêu X" counts. */
  countsAsked: boolean;
  /** Covers as well as the passage's best line and carries a figure. */
  carriesFigure: boolean;
  /** The line's sentences with their own coverage, to trim a long line to the part that answers. */
  sentences: Array<{ text: string; coverage: number; carriesFigure: boolean }>;
}

export interface BankMatch {
  entry: ResolvedBankEntry;
  /** The bank question that matched best. */
  question: string;
  /** 0 to 1: a weighted F1 of the two questions' concepts. */
  similarity: number;
  /** Share of the bank question found in the user's: near 1 when a long question contains it. */
  precision: number;
  /** Share of the user's question found in the bank question. */
  recall: number;
  /** The organisations and bodies the bank question names, folded. */
  subjects: string[];
}

/** What a question asks for: decides what its answer must contain and how it opens. */
export type QuestionKind = 'definition' | 'number' | 'yes-no' | 'who' | 'where' | 'when' | 'which-document' | 'list' | 'other';

export interface WeightedConcept {
  term: string;
  idf: number;
  /** Synonyms of the words it is part of, each as the terms that must all be there to cover it. */
  alternatives?: string[][];
  /**
   * The pair that must be there for the syllable itself to count: it is part of a phrase the
   * lexicon reads as a whole ("rút" of "rút vốn"), and alone it would be another word ("rút gọn").
   */
  boundTo?: string;
}

/** What a question asks, as the reranker, abstention and the composers need it. */
export interface QuestionAnalysis {
  kind: QuestionKind;
  /** Content syllables and syllable pairs (exact when typed with accents), with IDF weights. */
  concepts: WeightedConcept[];
  totalWeight: number;
  /** "X là gì / là ai": the folded subject X, to find the line that defines it. */
  definitionOf?: string;
  /** "bao nhiêu X / mấy X": the folded noun counted, to find "<number> X". */
  quantityOf?: string;
  /** The answer is a figure: "bao nhiêu", "mấy", "tối đa", "bao lâu", "ít nhất"… */
  asksNumber: boolean;
  /** "Những gì", "gồm những", "các loại", "quyền hạn … gì": the answer is a list. */
  asksList: boolean;
  /** "ai quy định chi tiết …", "văn bản nào hướng dẫn …": asks which text says more. */
  asksDelegation: boolean;
  /** The unit a number question wants ("phần trăm", "tiền"), when it names one. */
  askedUnit?: 'percent' | 'money';
  /** The kinds of organisation the question names, folded ("htx" read as "hop tac xa"). */
  organisations: string[];
  /** The organisations and the co-op bodies it names, folded ("ban kiem soat"). */
  subjects: string[];
  /** Document numbers the question names ("113/2024/NĐ-CP", "Thông tư 71/2024") that no held text carries. */
  unheldDocuments: string[];
  /** Share of the question's weight in words no held text contains at all. */
  unknownShare: number;
  /** Whether the question names anything of the domain (co-ops, members, capital, governance…). */
  inDomain: boolean;
}
