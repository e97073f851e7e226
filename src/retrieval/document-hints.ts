import type { DocumentMeta } from '../knowledge/types.ts';
import { matchesAt } from './lexicon.ts';
import { foldDiacritics, syllables } from './vietnamese.ts';

/**
 * What in a question points at one document: its number ("nghị định 92", "92/2024"), its year for
 * a law ("luật 2023"), or the locality a local plan covers ("Tuần Giáo"). Folded syllable sequences.
 */
export interface DocumentHints {
  docId: string;
  references: string[][];
  localities: string[][];
}

const TYPE_WORDS: Partial<Record<DocumentMeta['type'], string>> = {
  'nghi-dinh': 'nghi dinh',
  'thong-tu': 'thong tu',
  'quyet-dinh': 'quyet dinh',
  'van-ban-hop-nhat': 'nghi dinh',
};
const ADMIN_WORDS = /^(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn|tp\.?)\s+/i;

const fold = (text: string) => syllables(text).map(foldDiacritics);

export function hintsOf(meta: DocumentMeta): DocumentHints {
  const references: string[][] = [];
  const number = /(\d+)\/(\d{4})/.exec(meta.number ?? '');
  if (number) {
    const [, n, year] = number;
    references.push([n!.replace(/^0+/, ''), year!]);
    const typeWord = TYPE_WORDS[meta.type];
    if (typeWord) references.push([...fold(typeWord), n!.replace(/^0+/, '')]);
    if (meta.type === 'luat') references.push(['luat', ...fold(meta.title).filter((s) => s !== 'luat').slice(0, 3), year!]);
  }
  const localities =
    meta.scope === 'national'
      ? []
      : meta.scope.split(',').map((part) => fold(part.trim().replace(ADMIN_WORDS, ''))).filter((s) => s.length > 0);
  return { docId: meta.id, references, localities };
}

function mentions(question: string[], sequence: string[]): boolean {
  return question.some((_, i) => matchesAt(question, sequence, i));
}

/** Documents a question names by number, and documents whose locality it names. */
export function hintedDocuments(question: string, hints: DocumentHints[]): { referenced: Set<string>; localized: Set<string> } {
  const q = fold(question);
  const referenced = new Set<string>();
  const localized = new Set<string>();
  for (const h of hints) {
    if (h.references.some((r) => mentions(q, r))) referenced.add(h.docId);
    if (h.localities.some((l) => mentions(q, l))) localized.add(h.docId);
  }
  return { referenced, localized };
}

/** "luật 2012", "luật cũ", "23/2012", "trước đây": the user asks about superseded law on purpose. */
export function asksAboutOldLaw(question: string): boolean {
  const q = ` ${fold(question).join(' ')} `;
  return / 2012 | luat cu | truoc day | truoc 2024 | luat truoc /.test(q);
}

