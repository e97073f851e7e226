import type { QuestionAnalysis, RetrievedPassage, ScoredLine } from '../retrieval/types.ts';

/**
 * A matched bank question (retrieval keeps only close ones) names the line to quote; its lead
 * sentence opens the answer only when the match is closer still: a lead written for a neighbouring
 * question would be a wrong first sentence.
 */
/**
 * How close a bank question must be for its lead to open the answer; a lead saying yes or no closer
 * still: "Không bắt buộc." for "có bắt buộc phải có tổ trưởng không" is false of "có bắt buộc làm
 * hợp đồng không", which shares all but its object.
 */
export const BANK_TRUST = { lead: 0.8, yesNoLead: 0.9, weakLineShare: 0.8 } as const;

/** Pointed by a bank question that is only loosely the same question (an applied rule is not). */
const weaklyPointed = (passage: RetrievedPassage) => !!passage.pointed?.match && passage.pointed.match.similarity < BANK_TRUST.lead;

/**
 * A lead that opens by saying yes or no: "Có.", "Được, sau khi …", "Không bắt buộc.". Not "Có hai
 * trường hợp:" nor "Không ít hơn 03 thành viên": those answer whatever asks for them.
 */
const YES_NO_OPENING = /^(Có|Được|Không|Chưa|Phải)(\s+(được|bắt buộc|phải|cần))?[.,!;](\s|$)/u;

/** When an article's heading covers this much of a list question, its khoản are the answer. */
const LIST = { headingCoverage: 0.6, headingCoverageHow: 0.8 } as const;

/** "Chính phủ quy định chi tiết Điều này": a line that hands the matter to another text answers nothing. */
const DELEGATION = /quy định chi tiết (Điều|khoản|điểm|các điều, khoản) (này|được giao)|^(Chính phủ|Bộ trưởng[^.]*) quy định chi tiết/iu;

export const CLAUSE = /^(\d+)\.\s/;
export const POINT = /^([a-zđ])\)\s/;
const NUMBERING = /^(\d+(\.\d+)*[.)-]|[a-zđ]\)|[-+*•])\s*/;

/** The numbering of the text ("2.", "b)", "-") is not part of what a reader is told. */
export const withoutNumbering = (text: string) => text.replace(NUMBERING, '');

export interface ChosenAnswer {
  passage: RetrievedPassage;
  /** The line that answers: the khoản, the điểm, the definition, the figure. */
  direct: ScoredLine;
  /** The điểm under a lead-in ending with ":", or a few related lines. */
  supporting: ScoredLine[];
  /** Whether `supporting` is the whole list under the direct line (so a list cut short must say so). */
  listed: boolean;
  /** The list is the article's khoản, each shown by its start. */
  articleList?: true;
  /** The bank's lead sentence for this question, when a close match points to this line. */
  lead?: { text: string; basis: string };
  /** A definition answers on its own. */
  isDefinition: boolean;
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
 * Which line of the best passage answers. A close bank match says it outright (the bank was written
 * for that khoản); otherwise the line defining what "X là gì" asks, else the best-covering one, a
 * line with the figure winning for number questions.
 */
export function chooseAnswer(passage: RetrievedPassage, analysis: QuestionAnalysis, maxSupporting: number): ChosenAnswer {
  const { lines } = passage;
  // The heading restates the topic; the answer is in the body whenever there is one.
  const headingLines = passage.passage.article !== undefined ? 1 : Math.max(0, passage.passage.headingPath.length - 1);
  const body = lines.length > headingLines ? lines.slice(headingLines) : lines;
  // A bank entry for a khoản that only hands the matter to another text ("Chính phủ quy định chi
  // tiết Điều này") answers only a question about that; any other question wants the rule itself.
  const pointedLine = passage.pointed ? lines[passage.pointed.lineIndex] : undefined;
  const merit = lineMerit(body, analysis);
  const bestCoverage = Math.max(...body.map((l) => l.coverage));
  // A match barely above the threshold points to a line only when that line answers about as well
  // as the best one: a loosely similar bank question of a neighbouring điểm must not pick the quote.
  const trusted = (line: ScoredLine) => !weaklyPointed(passage) || line.coverage >= bestCoverage * BANK_TRUST.weakLineShare;
  const pointed = pointedLine && !(DELEGATION.test(pointedLine.text) && !analysis.asksDelegation) && trusted(pointedLine) ? pointedLine : undefined;
  const wholeArticle = !!passage.pointed?.match && passage.pointed.match.entry.ref !== undefined && !passage.pointed.match.entry.ref.includes('.');

  const best = pointed ?? [...body].sort((a, b) => merit(b) - merit(a) || a.index - b.index)[0]!;
  // "Những gì / gồm gì" about what an article is wholly about: its khoản are the answer, as a list
  // (unless one line already introduces the list with ":").
  const heading = lines[0];
  const clauses = body.filter((l) => CLAUSE.test(l.text));
  // A bank entry for the whole article points at it as a list too.
  // The article's own lead-in ("… bao gồm các nội dung chủ yếu sau đây:") introduces its khoản
  // in the law's words; without one, its heading does.
  const intro = lines[1] && !CLAUSE.test(lines[1].text) && lines[1].text.trimEnd().endsWith(':') ? lines[1] : heading;
  const articleList = (): ChosenAnswer => ({ passage, direct: intro!, supporting: clauses, listed: true, articleList: true, isDefinition: false });
  if (wholeArticle && pointed && heading && clauses.length >= 2) return articleList();
  const listArticle = !pointed && !best.text.trimEnd().endsWith(':') && passage.passage.article !== undefined && clauses.length >= 2;
  // "thế nào" about what the heading names wants the article too, when the heading says it all.
  // "Chính sách … là gì" that no line defines asks what the article headed so says: its khoản.
  const undefinedSubject = analysis.kind === 'definition' && !lines.some((l) => l.definesAsked);
  const wanted = analysis.asksList || undefinedSubject ? LIST.headingCoverage : analysis.kind === 'list' ? LIST.headingCoverageHow : 2;
  if (listArticle && heading && heading.ownCoverage >= wanted) return articleList();
  const direct = best;
  const children = direct.text.trimEnd().endsWith(':') ? childrenOf(lines, direct) : [];
  const isDefinition = direct.definesAsked;
  // What the bank points to is the whole answer; otherwise nearby lines covering the question help.
  // A definition, or the line giving the number asked, answers alone: the lines beside it in a
  // definitions article are other terms.
  const related =
    isDefinition || direct.countsAsked || pointed
      ? []
      : body.filter((l) => l !== direct && l.coverage >= Math.max(0.25, direct.coverage * 0.6)).sort((a, b) => b.coverage - a.coverage);
  const match = passage.pointed?.match;
  // A lead that opens with yes or no answers a yes/no question only ("ở đâu" is not answered "Được.").
  const fits = (lead: string, similarity: number) => !YES_NO_OPENING.test(lead) || (analysis.kind === 'yes-no' && similarity >= BANK_TRUST.yesNoLead);
  const lead =
    pointed && match?.entry.lead && match.entry.basis && match.similarity >= BANK_TRUST.lead && fits(match.entry.lead, match.similarity)
      ? { text: match.entry.lead, basis: match.entry.basis }
      : undefined;
  return {
    passage,
    direct,
    supporting: children.length > 0 ? children : related.slice(0, maxSupporting),
    listed: children.length > 0,
    ...(lead ? { lead } : {}),
    isDefinition,
  };
}

/** How well a line of a passage's body answers: its coverage, with the cues of what was asked. */
function lineMerit(body: ScoredLine[], analysis: QuestionAnalysis): (line: ScoredLine) => number {
  const bestCoverage = Math.max(...body.map((l) => l.coverage));
  return (l) =>
    l.coverage -
    (DELEGATION.test(l.text) ? 1 : 0) +
    (l.definesAsked ? 1 : l.exemplifiesAsked ? 0.5 : 0) +
    (l.countsAsked ? 1 : 0) +
    (analysis.asksNumber && l.carriesFigure && l.coverage >= bestCoverage * 0.8 ? 0.25 : 0);
}

/**
 * The answer from the best passage, or from another part of the same article among the passages
 * found. A long article is indexed in parts (khoản 1–3, khoản 4–6), and the part BM25 ranks first
 * is not always the one holding the line that answers: "họp thường niên trong thời hạn bao lâu"
 * ranks the part about extraordinary meetings (which repeats "triệu tập") above the khoản that says
 * "04 tháng". What a close bank match or a whole-article list picked stands.
 */
export function chooseFromArticle(passages: RetrievedPassage[], analysis: QuestionAnalysis, maxSupporting: number): ChosenAnswer {
  const top = passages[0]!;
  const first = chooseAnswer(top, analysis, maxSupporting);
  const { docId, article } = top.passage;
  if ((top.pointed && !weaklyPointed(top)) || first.listed || article === undefined) return first;
  const meritOf = (c: ChosenAnswer) => lineMerit(c.passage.lines, analysis)(c.direct);
  let chosen = first;
  for (const sibling of passages.slice(1)) {
    if (sibling.passage.docId !== docId || sibling.passage.article !== article || sibling.passage.id === top.passage.id) continue;
    const candidate = chooseAnswer(sibling, analysis, maxSupporting);
    if (!candidate.listed && meritOf(candidate) > meritOf(chosen)) chosen = candidate;
  }
  return chosen;
}

/** The sentences of a long line that answer, in order, within the length limit. */
export function trimToAnswer(line: ScoredLine, analysis: QuestionAnalysis, maxChars: number): string {
  const text = withoutNumbering(line.text);
  if (text.length <= maxChars || line.sentences.length < 2) return text;
  const sentences = line.sentences.map((s, i) => ({ ...s, i, text: i === 0 ? withoutNumbering(s.text) : s.text }));
  // A number question wants the sentence that carries the figure.
  const merit = (x: (typeof sentences)[number]) => x.coverage + (analysis.asksNumber && x.carriesFigure ? 0.25 : 0);
  const best = [...sentences].sort((a, b) => merit(b) - merit(a));
  const chosen: typeof best = [];
  let length = 0;
  for (const candidate of best) {
    if (length + candidate.text.length > maxChars && chosen.length > 0) break;
    chosen.push(candidate);
    length += candidate.text.length;
  }
  return chosen.sort((a, b) => a.i - b.i).map((c) => c.text).join(' … ');
}

/** Where a line sits in an article: "Điểm b khoản 2 Điều 30 …", for a citation as exact as the answer. */
export function preciseCitation(passage: RetrievedPassage, lineIndex: number): string {
  const { passage: p, document } = passage;
  if (p.article === undefined || !document) return p.citation;
  const lines = passage.lines.map((l) => l.text);
  const article = /^Điều\s+(\d+[a-zđ]?)/.exec(lines[0] ?? '')?.[1];
  if (!article) return p.citation;
  let clause: string | undefined;
  let point: string | undefined;
  for (const line of lines.slice(1, lineIndex + 1)) {
    const c = CLAUSE.exec(line);
    const pt = POINT.exec(line);
    if (c) [clause, point] = [c[1], undefined];
    else if (pt) point = pt[1];
  }
  // A part of a long khoản repeats only the heading: the bank's unit knows the khoản it continues.
  const unit = passage.pointed?.lineIndex === lineIndex ? (passage.pointed.unit ?? passage.pointed.match?.entry.target.unit) : undefined;
  if (unit) return `${unit} ${document.citeAs}`;
  if (!clause) return p.citation;
  return `${point ? `Điểm ${point} khoản` : 'Khoản'} ${clause} Điều ${article} ${document.citeAs}`;
}
