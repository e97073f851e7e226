import type { Passage } from '../knowledge/types.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import { foldDiacritics } from './vietnamese.ts';

export interface LocalPlanExcerpt {
  docId: string;
  citeAs: string;
  statusNote?: string;
  excerpt: string;
}

const EXCERPT_CHARS = 400;
const ABOUT_SUPPORT = /hỗ trợ|chính sách|ưu đãi|ưu tiên|vốn|đào tạo|tập huấn/i;

/**
 * What a farmer can read in a few lines: the section's content (not its headings, which the
 * citation already names), lines about support first, whole lines up to the limit.
 */
function excerptOf(passage: Passage): string {
  const lines = passage.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const content = lines.filter((l) => !passage.headingPath.includes(l) && !/^[IVX]+[.\-–]|^\d+(\.\d+)*[.\-–)]\s/.test(l));
  const ordered = [...content.filter((l) => ABOUT_SUPPORT.test(l)), ...content.filter((l) => !ABOUT_SUPPORT.test(l))];
  const picked: string[] = [];
  // A section whose heading is its whole content ("2.5. Hỗ trợ đào tạo …") is quoted by that heading.
  for (const line of ordered.length > 0 ? ordered : lines.slice(-1)) {
    if (picked.join(' ').length + line.length > EXCERPT_CHARS && picked.length > 0) break;
    picked.push(line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line);
  }
  return picked.join('\n');
}
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
    return [{ docId: meta.id, citeAs: best.passage.citation, statusNote: meta.statusNote, excerpt: excerptOf(best.passage) }];
  });
}
