import type { DocumentMeta, Passage } from '../knowledge/types.ts';
import { type DocumentHints, asksAboutOldLaw, hintedDocuments } from './document-hints.ts';

/**
 * How much a passage's score is scaled for a given question. Current law comes first: a passage of
 * a superseded law sinks below the text in force on the same point, unless the question asks about
 * the old law; texts whose status was never verified sink a little. A document the question names
 * (by number, or by the locality of a local plan) rises.
 */
export const RANKING = {
  superseded: 0.3,
  supersededAskedFor: 1.3,
  unknownStatus: 0.85,
  referenced: 1.8,
  localized: 2,
  /** A local plan binds only its locality: a question naming no place is about national law first. */
  localUnasked: 0.7,
  appendix: 0.6,
} as const;

export function rankingBoost(
  question: string,
  passages: Map<string, Passage>,
  metaById: Map<string, DocumentMeta>,
  hints: DocumentHints[],
): (passageId: string) => number {
  const oldLaw = asksAboutOldLaw(question);
  const { referenced, localized } = hintedDocuments(question, hints);
  return (id) => {
    const passage = passages.get(id);
    const meta = passage && metaById.get(passage.docId);
    if (!passage || !meta) return 1;
    let boost = 1;
    if (meta.status === 'superseded') boost *= oldLaw ? RANKING.supersededAskedFor : RANKING.superseded;
    if (meta.status === 'unknown') boost *= RANKING.unknownStatus;
    if (referenced.has(meta.id)) boost *= RANKING.referenced;
    if (localized.has(meta.id)) boost *= RANKING.localized;
    else if (localized.size === 0 && meta.scope !== 'national') boost *= RANKING.localUnasked;
    if (passage.headingPath[0]?.startsWith('Phụ lục')) boost *= RANKING.appendix;
    return boost;
  };
}
