import type { KnowledgeIndex } from './knowledge-index.ts';
import { foldDiacritics } from './vietnamese.ts';

export interface LocalPlanExcerpt {
  docId: string;
  citeAs: string;
  statusNote?: string;
  excerpt: string;
}

const EXCERPT_CHARS = 400;
const SUPPORT_QUESTION = 'chính sách hỗ trợ phát triển hợp tác xã';

/**
 * What the knowledge base's local plans for a province say about supporting co-ops: the best
 * matching passage of each plan whose scope names that province (typed with or without accents).
 */
export function localPlansFor(index: KnowledgeIndex, province: string): LocalPlanExcerpt[] {
  const wanted = foldDiacritics(province).replace(/^(tinh|thanh pho|tp)\s+/, '').trim();
  if (wanted.length < 2) return [];
  const plans = [...index.metaById.values()].filter(
    (m) => m.scope !== 'national' && foldDiacritics(m.scope).includes(wanted),
  );
  return plans.flatMap((meta) => {
    const best = index
      .searchLexical(`${SUPPORT_QUESTION} ${meta.scope}`, 50)
      .find((r) => r.passage.docId === meta.id);
    if (!best) return [];
    const text = best.passage.text.replace(/\s+/g, ' ');
    return [{
      docId: meta.id,
      citeAs: `${best.passage.citation}`,
      statusNote: meta.statusNote,
      excerpt: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text,
    }];
  });
}
