import type { Answer } from '../../answering/types.ts';
import type { RetrievedPassage } from '../../retrieval/types.ts';
import type { KnowledgeIndex } from '../../retrieval/knowledge-index.ts';

/** The shapes of ../shared/CONTRACT.md: stable, measured from outside. */
export function retrieveRecord(query: string, results: RetrievedPassage[], index: KnowledgeIndex) {
  return {
    query,
    results: results.map(({ passage, score }) => ({
      docId: passage.docId,
      title: index.metaById.get(passage.docId)?.title ?? passage.docId,
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
