import type { DocumentMeta, Passage } from '../knowledge/types.ts';
import { type DocumentHints, asksAboutOldLaw, hintedDocuments } from './document-hints.ts';
import { foldDiacritics, syllables, typedWithAccents } from './vietnamese.ts';

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
  /** A text about something narrower (the co-op support Fund) when the question names none of it. */
  offFocus: 0.5,
  appendix: 0.6,
} as const;

export function rankingBoost(
  question: string,
  passages: Map<string, Passage>,
  metaById: Map<string, DocumentMeta>,
  hints: DocumentHints[],
): (passageId: string) => number {
  const oldLaw = asksAboutOldLaw(question);
  const names = namesAnyOf(question);
  // Whether the question names a document's focus, once per document: its passages come by the dozen.
  const namesFocus = new Map<string, boolean>();
  const focusNamed = (docId: string, focus: string[], aside?: string[]) => {
    let named = namesFocus.get(docId);
    if (named === undefined) namesFocus.set(docId, (named = names(focus, aside)));
    return named;
  };
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
    if (meta.focus && !focusNamed(meta.id, meta.focus, meta.focusAside)) boost *= RANKING.offFocus;
    return boost;
  };
}

/**
 * Whether a question names any of some words: exactly when typed with accents ("quy mô" does not
 * name "quỹ"), folded when typed without ("quy" may be either, so it counts).
 */
function namesAnyOf(question: string): (words: string[], aside?: string[]) => boolean {
  const typed = syllables(question);
  const accented = typedWithAccents(typed);
  const form = (s: string) => (accented ? s : foldDiacritics(s));
  const phrase = (w: string) => ` ${syllables(w).map(form).join(' ')} `;
  const spoken = ` ${typed.map(form).join(' ')} `;
  return (words, aside = []) => {
    const rest = aside.reduce((text, name) => text.split(phrase(name)).join(' | '), spoken);
    return words.some((w) => rest.includes(phrase(w)));
  };
}
