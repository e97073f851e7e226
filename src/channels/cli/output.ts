import type { Answer } from '../../answering/types.ts';
import type { RetrievalResult } from '../../retrieval/types.ts';

/** The shapes of ../shared/CONTRACT.md: stable, measured from outside. */
export function retrieveRecord({ query, passages }: RetrievalResult) {
  return {
    query,
    results: passages.map(({ passage, document, score }) => ({
      docId: passage.docId,
      title: document?.title ?? passage.docId,
      citation: passage.citation,
      text: passage.text,
      score: Math.round(score * 1000) / 1000,
    })),
  };
}

export function askRecord(answer: Answer) {
  return {
    query: answer.query,
    answer: plainText(answer.answer),
    abstained: answer.abstained,
    mode: answer.mode,
    citations: answer.citations.map((c) => ({ docId: c.docId, citation: c.citation })),
  };
}

/** The light chat markup as plain terminal text. */
export function plainText(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1');
}
