import type { DocumentMeta, Passage } from '../knowledge/types.ts';
import type { KnowledgeIndex } from '../retrieval/knowledge-index.ts';
import { type QuestionAnalysis, coverage } from '../retrieval/question-analysis.ts';
import { carriesFigure, countsSubject, definedSubject } from '../retrieval/reranker.ts';
import { termSet } from '../retrieval/term-statistics.ts';
import type { RetrievedPassage } from '../retrieval/types.ts';
import { foldDiacritics } from '../retrieval/vietnamese.ts';
import { ANSWER_TEXTS } from './answer-texts.ts';
import { cautionsFor, citationOf, statusOf } from './source-notes.ts';
import { judgeSupport } from './support-judgement.ts';
import type { Answer, Citation, ExtractiveComposer } from './types.ts';

export const COMPOSITION = {
  maxChars: 1200,
  maxSupportingLines: 4,
  /** A sentence longer than this is trimmed to the part that answers. */
  maxDirectChars: 450,
  /** Other passages offered as "Xem thêm" when they score at least this share of the best. */
  seeAlsoShare: 0.6,
  seeAlsoOwnCoverage: 0.5,
  maxSeeAlso: 2,
} as const;

const CLAUSE = /^(\d+)\.\s/;
const POINT = /^([a-zđ])\)\s/;
const NUMBERING = /^(\d+(\.\d+)*[.)-]|[a-zđ]\)|[-+*•])\s*/;

interface ScoredLine {
  index: number;
  text: string;
  coverage: number;
}

/** Where a line sits in an article: "Điểm b khoản 2 Điều 30 …", for a citation as exact as the answer. */
function preciseCitation(passage: Passage, lineIndex: number, meta: DocumentMeta | undefined): string {
  if (passage.article === undefined || !meta) return passage.citation;
  const lines = passage.text.split('\n').filter((l) => l.trim());
  const article = /^Điều\s+(\d+[a-zđ]?)/.exec(lines[0] ?? '')?.[1];
  if (!article) return passage.citation;
  let clause: string | undefined;
  let point: string | undefined;
  for (const line of lines.slice(1, lineIndex + 1)) {
    const c = CLAUSE.exec(line);
    const p = POINT.exec(line);
    if (c) [clause, point] = [c[1], undefined];
    else if (p) point = p[1];
  }
  if (!clause) return passage.citation;
  return `${point ? `Điểm ${point} khoản` : 'Khoản'} ${clause} Điều ${article} ${meta.citeAs}`;
}

/** The sentences of a long line that answer, in order, within the length limit. */
function trimToAnswer(text: string, analysis: QuestionAnalysis, index: KnowledgeIndex): string {
  if (text.length <= COMPOSITION.maxDirectChars) return text;
  const sentences = text.split(/(?<=[.;:])\s+/).map((s, i) => ({ s, i, coverage: coverage(analysis, termSet(s, index.lexicon)) }));
  const top = Math.max(...sentences.map((x) => x.coverage));
  // As for lines: a number question wants the sentence that carries the figure.
  const merit = (x: (typeof sentences)[number]) => x.coverage + (analysis.asksNumber && carriesFigure({ text: x.s, coverage: x.coverage }, top) ? 0.25 : 0);
  const best = [...sentences].sort((a, b) => merit(b) - merit(a));
  const chosen: typeof best = [];
  let length = 0;
  for (const candidate of best) {
    if (length + candidate.s.length > COMPOSITION.maxDirectChars && chosen.length > 0) break;
    chosen.push(candidate);
    length += candidate.s.length;
  }
  return chosen.sort((a, b) => a.i - b.i).map((c) => c.s).join(' … ');
}

/** Lines under a lead-in ending with ":" — the điểm of a khoản, the bullets of a plan item. */
function childrenOf(lines: ScoredLine[], lead: ScoredLine): ScoredLine[] {
  const leadIsClause = CLAUSE.test(lead.text);
  const out: ScoredLine[] = [];
  for (const line of lines.filter((l) => l.index > lead.index)) {
    if (leadIsClause ? CLAUSE.test(line.text) : !NUMBERING.test(line.text) || /^\d/.test(line.text)) break;
    out.push(line);
  }
  return out;
}

/**
 * The offline answer: the line of the best passage that answers (the khoản, the definition, the
 * figure), then its supporting điểm or lines as a short list, the cautions a reader needs, and the
 * exact source with its status. Long material is offered as "Xem thêm", not pasted.
 */
export function createExtractiveComposer(index: KnowledgeIndex, options: { nationalTextsLoaded: boolean }): ExtractiveComposer {
  const abstain = (query: string, retrieved: RetrievedPassage[], inDomain: boolean): Answer => ({
    query,
    answer: [
      ANSWER_TEXTS.notFound,
      ANSWER_TEXTS.askInstead,
      ...(inDomain ? [] : [ANSWER_TEXTS.offTopicHint]),
      ...(options.nationalTextsLoaded ? [] : [ANSWER_TEXTS.nationalTextsMissing]),
    ].join('\n\n'),
    abstained: true,
    mode: 'extractive',
    citations: [],
    passages: retrieved,
  });

  return {
    compose(query, retrieved) {
      const analysis = index.analyze(query);
      const support = judgeSupport(query, analysis, retrieved, index);
      if (!support.answerable) return abstain(query, retrieved, support.inDomain);

      const best = retrieved[0]!;
      const meta = index.metaById.get(best.passage.docId);
      const lines: ScoredLine[] = index
        .rerankableOf(best.passage)
        .lines.map((l, i) => ({ index: i, text: l.text, coverage: coverage(analysis, l.terms) }));
      // The heading restates the topic; the answer is in the body whenever there is one.
      const headingLines = best.passage.article !== undefined ? 1 : Math.max(0, best.passage.headingPath.length - 1);
      const body = lines.length > headingLines ? lines.slice(headingLines) : lines;
      // The answering line: the one defining what "X là gì" asks, else the best-covering one, a
      // line with the figure winning for number questions ("mấy người", "tối đa bao nhiêu").
      const bestCoverage = Math.max(...body.map((l) => l.coverage));
      const merit = (l: ScoredLine) =>
        l.coverage +
        (analysis.definitionOf && definedSubject(foldDiacritics(l.text)) === analysis.definitionOf ? 1 : 0) +
        (analysis.quantityOf && countsSubject(foldDiacritics(l.text), analysis.quantityOf) ? 1 : 0) +
        (analysis.asksNumber && carriesFigure(l, bestCoverage) ? 0.25 : 0);
      const direct = [...body].sort((a, b) => merit(b) - merit(a) || a.index - b.index)[0]!;

      const children = direct.text.trimEnd().endsWith(':') ? childrenOf(lines, direct) : [];
      // A definition answers on its own: neighbouring definitions would only be noise.
      const isDefinition = !!analysis.definitionOf && definedSubject(foldDiacritics(direct.text)) === analysis.definitionOf;
      const related = isDefinition ? [] : body
        .filter((l) => l !== direct && l.coverage >= Math.max(0.25, direct.coverage * 0.6))
        .sort((a, b) => b.coverage - a.coverage);
      // The điểm under a lead-in are the answer itself: all of them as far as the length allows, and a
      // list cut short says where the rest is ("Xem thêm"). Related lines are context: a few at most.
      const supporting = children.length > 0 ? children : related.slice(0, COMPOSITION.maxSupportingLines);

      const directText = trimToAnswer(direct.text.replace(NUMBERING, ''), analysis, index);
      const cautions = cautionsFor(best.passage, meta);
      const citation = preciseCitation(best.passage, direct.index, meta);
      const basis = `**${ANSWER_TEXTS.basis}:** ${citation} — ${statusOf(best.passage, meta)}`;

      const parts = [directText];
      let length = directText.length + basis.length + cautions.join('\n').length;
      let omitted = false;
      for (const line of supporting.sort((a, b) => a.index - b.index)) {
        const item = `• ${line.text.replace(NUMBERING, '')}`;
        if (length + item.length > COMPOSITION.maxChars) {
          omitted = true;
          // A list with a gap reads as complete: it stops at the first điểm that does not fit.
          if (children.length > 0) break;
          continue;
        }
        parts.push(item);
        length += item.length;
      }

      const citations: Citation[] = [citationOf(best.passage, meta, citation)];
      // Offered only when it answers too: for "X là gì" another definition of X, otherwise a line of
      // its own (not merely its heading) covering at least half the question.
      const answersToo = (r: RetrievedPassage) => {
        const own = index.rerankableOf(r.passage).lines;
        return isDefinition
          ? own.some((l) => definedSubject(l.folded) === analysis.definitionOf)
          : own.some((l) => coverage(analysis, l.own) >= COMPOSITION.seeAlsoOwnCoverage);
      };
      const seeAlso = retrieved
        .slice(1)
        .filter((r) => r.score >= best.score * COMPOSITION.seeAlsoShare && r.passage.citation !== best.passage.citation)
        .filter(answersToo)
        .slice(0, COMPOSITION.maxSeeAlso);
      const seeAlsoCitations = [...(omitted ? [best.passage.citation] : []), ...seeAlso.map((r) => r.passage.citation)];
      for (const r of seeAlso) citations.push(citationOf(r.passage, index.metaById.get(r.passage.docId)));

      const answer = [
        parts.join('\n'),
        ...cautions,
        basis,
        ...(seeAlsoCitations.length > 0 ? [`${ANSWER_TEXTS.seeAlso}: ${[...new Set(seeAlsoCitations)].join('; ')}`] : []),
      ].join('\n');
      return { query, answer, abstained: false, mode: 'extractive', citations, passages: retrieved };
    },
  };
}

