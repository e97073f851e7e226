import { join } from 'node:path';
import { chunkLibrary } from './chunking/index.ts';
import { BANK_COVERAGE, bankCoverage } from './bank-coverage.ts';
import { loadLibrary } from './library.ts';
import { loadQuestionBank, resolveQuestionBank } from './question-bank.ts';

/**
 * `npm run knowledge -- questions`: every bank entry resolved against the texts (its target exists,
 * its basis phrase is in it), and the coverage of each national text in force. Complete when no
 * entry fails and every article and khoản is covered.
 */
export function questionBankReport(location: { knowledgeDir: string; dataDir: string }): { text: string; complete: boolean } {
  const library = loadLibrary(location);
  const passages = chunkLibrary(library.documents);
  const { entries, problems } = loadQuestionBank(join(location.knowledgeDir, 'questions'));
  const { resolved, unresolved } = resolveQuestionBank(entries, passages);
  const coverage = bankCoverage(library.documents.map((d) => d.meta), passages, resolved);
  const lines = [`Question bank: ${entries.length} entries, ${entries.reduce((n, e) => n + e.questions.length, 0)} questions, ${entries.filter((e) => e.lead).length} lead sentences`];
  for (const p of problems) lines.push(`  unreadable  ${p}`);
  for (const u of unresolved) lines.push(`  unresolved  ${u.entry.doc} ${u.entry.ref ?? u.entry.line}: ${u.error}`);
  lines.push('', `Coverage of the national texts in force (≥ ${BANK_COVERAGE.questionsPerArticle} questions an article, an entry for every khoản):`);
  for (const c of coverage) {
    const ok = c.thinArticles.length === 0 && c.uncoveredClauses.length === 0 && c.articles > 0;
    lines.push(`  ${ok ? 'complete' : 'GAPS    '}  ${c.docId.padEnd(14)} ${c.articles} articles, ${c.questions} questions, ${c.leads} leads`);
    if (c.articles === 0) lines.push('            text not imported');
    if (c.thinArticles.length > 0) lines.push(`            articles under ${BANK_COVERAGE.questionsPerArticle} questions: ${c.thinArticles.map((t) => `Điều ${t.article} (${t.questions})`).join(', ')}`);
    if (c.uncoveredClauses.length > 0) lines.push(`            khoản without an entry: ${c.uncoveredClauses.join(', ')}`);
  }
  const complete = problems.length === 0 && unresolved.length === 0 && coverage.every((c) => c.articles > 0 && c.thinArticles.length === 0 && c.uncoveredClauses.length === 0);
  return { text: lines.join('\n'), complete };
}
