import type { ResolvedBankEntry } from './question-bank.ts';
import type { DocumentMeta, Passage } from './types.ts';

/** What the bank must reach for every national text in force. */
export const BANK_COVERAGE = { questionsPerArticle: 3 } as const;

export interface DocumentCoverage {
  docId: string;
  articles: number;
  questions: number;
  leads: number;
  /** Articles with fewer questions than required, with how many they have. */
  thinArticles: Array<{ article: string; questions: number }>;
  /** Khoản ("30.2") no entry points into. */
  uncoveredClauses: string[];
}

const ARTICLE = /^Điều (\d+[a-zđ]?)\./;
const CLAUSE = /^(\d+)\.\s/;

/**
 * Coverage of the bank over the national texts in force: every article has at least three
 * questions, every khoản at least one entry pointing into it (to the khoản or one of its điểm).
 */
export function bankCoverage(metas: DocumentMeta[], passages: Passage[], entries: ResolvedBankEntry[]): DocumentCoverage[] {
  const required = metas.filter((m) => m.status === 'in_force' && m.scope === 'national');
  return required.map((meta) => {
    const articles = new Map<string, Set<string>>();
    // "… gồm các nội dung sau đây:" then khoản: the khoản are items of one list, not rules of their own.
    const lists = new Set<string>();
    for (const p of passages.filter((x) => x.docId === meta.id)) {
      const article = ARTICLE.exec(p.text)?.[1];
      if (!article) continue;
      const opening = p.text.split('\n')[1]?.trim() ?? '';
      if (!CLAUSE.test(opening) && opening.endsWith(':')) lists.add(article);
      const clauses = articles.get(article) ?? new Set<string>();
      for (const line of p.text.split('\n').slice(1)) {
        const clause = CLAUSE.exec(line)?.[1];
        if (clause) clauses.add(clause);
      }
      articles.set(article, clauses);
    }
    const mine = entries.filter((e) => e.doc === meta.id);
    const questionsOf = new Map<string, number>();
    const covered = new Set<string>();
    const listed = new Set<string>();
    for (const e of mine) {
      if (!e.ref) continue;
      const [article, clause] = e.ref.split('.');
      questionsOf.set(article!, (questionsOf.get(article!) ?? 0) + e.questions.length);
      if (clause) covered.add(`${article}.${clause}`);
      else if (lists.has(article!)) listed.add(article!);
    }
    const thinArticles: DocumentCoverage['thinArticles'] = [];
    const uncoveredClauses: string[] = [];
    for (const [article, clauses] of articles) {
      const n = questionsOf.get(article) ?? 0;
      if (n < BANK_COVERAGE.questionsPerArticle) thinArticles.push({ article, questions: n });
      if (listed.has(article)) continue;
      for (const clause of clauses) if (!covered.has(`${article}.${clause}`)) uncoveredClauses.push(`${article}.${clause}`);
    }
    return {
      docId: meta.id,
      articles: articles.size,
      questions: mine.reduce((n, e) => n + e.questions.length, 0),
      leads: mine.filter((e) => e.lead).length,
      thinArticles,
      uncoveredClauses,
    };
  });
}
