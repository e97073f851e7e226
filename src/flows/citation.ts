import type { Catalog } from '../knowledge/catalog.ts';
import type { Citation } from './flow-definition.ts';

/** "khoản 7, 8, 21" when only khoản are cited; "điểm e, g khoản 2, khoản 4" when points are. */
function clausesText(cites: Citation[]): string {
  const byClause = new Map<number, Set<string> | 'whole'>();
  for (const c of [...cites].sort((x, y) => (x.clause ?? 0) - (y.clause ?? 0))) {
    const clause = c.clause as number;
    const points = byClause.get(clause);
    if (c.point === undefined || points === 'whole') byClause.set(clause, 'whole');
    else byClause.set(clause, new Set([...(points ?? []), c.point]));
  }
  const parts = [...byClause].map(([clause, points]) =>
    points === 'whole' ? { clause, text: `khoản ${clause}` } : { clause, text: `điểm ${[...points].sort().join(', ')} khoản ${clause}` },
  );
  if (parts.every((p) => p.text === `khoản ${p.clause}`)) return `khoản ${parts.map((p) => p.clause).join(', ')}`;
  return parts.map((p) => p.text).join(', ');
}

/** Runs of whole articles read "Điều 20, 21, 22"; others "khoản 2, 3 Điều 56". */
function articlesText(cites: Citation[]): string {
  const byArticle = new Map<number, Citation[]>();
  for (const c of cites) byArticle.set(c.article, [...(byArticle.get(c.article) ?? []), c]);
  const parts: string[] = [];
  let wholeRun: number[] = [];
  const flushWholeRun = () => {
    if (wholeRun.length > 0) parts.push(`Điều ${wholeRun.join(', ')}`);
    wholeRun = [];
  };
  for (const [article, group] of byArticle) {
    if (group.some((c) => c.clause === undefined)) {
      wholeRun.push(article);
      continue;
    }
    flushWholeRun();
    parts.push(`${clausesText(group)} Điều ${article}`);
  }
  flushWholeRun();
  return parts.join('; ');
}

/**
 * Citations as a person quotes them, grouped by document:
 * "Khoản 7, 8 Điều 4 Luật Hợp tác xã 2023 (17/2023/QH15)". A citation marked showStatus adds the
 * catalog's status note, for texts whose details may have changed since.
 */
export function formatCitations(cites: Citation[], catalog: Catalog): string {
  const byDoc = new Map<string, Citation[]>();
  for (const c of cites) byDoc.set(c.doc, [...(byDoc.get(c.doc) ?? []), c]);
  const parts = [...byDoc].map(([doc, group]) => {
    const entry = catalog.documents.find((d) => d.id === doc);
    if (!entry) throw new Error(`citation of ${doc}, which the catalog does not list`);
    // The status and, where the catalog warns of a change since (the registration office), the warning.
    const note = [entry.statusNote, entry.caution].filter(Boolean).join('. ');
    const status = group.some((c) => c.showStatus) && note ? ` — ${note}` : '';
    return `${articlesText(group)} ${entry.citeAs}${status}`;
  });
  const text = parts.join('; ');
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}
