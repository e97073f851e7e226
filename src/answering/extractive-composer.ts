import type { AppliedRule, RetrievalResult, RetrievedPassage } from '../retrieval/types.ts';
import { ANSWER_TEXTS } from './answer-texts.ts';
import { type ChosenAnswer, chooseAnswer, chooseFromArticle, preciseCitation, trimToAnswer, withoutNumbering } from './answer-line.ts';
import { cautionsFor, citationOf, statusOf } from './source-notes.ts';
import { type SupportVerdict, judgeAnswer, judgeCoverage } from './support-judgement.ts';
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
  /** One item of a list: enough to recognise it, the whole in the text cited. */
  maxItemChars: 260,
  /** An article's khoản listed as its answer: the start of each, so the whole list fits a screen. */
  maxArticleItemChars: 170,
  /** The article's title named in "Căn cứ" ("…, về Ban kiểm soát"), when no longer than this. */
  maxTopicChars: 80,
} as const;

function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))} …`;
}

/**
 * The offline answer, answer first: one plain sentence that answers (the bank's lead, when a close
 * bank question points to the line), then the law's own words for it (the khoản or điểm, trimmed,
 * its điểm as a list), the cautions a reader needs, and the exact source with its status. Long
 * material is offered as "Xem thêm", not pasted. When the texts do not give what is asked, it says
 * so, what it holds nearby, and where to ask.
 */
export function createExtractiveComposer(options: { nationalTextsLoaded: boolean }): ExtractiveComposer {
  const abstain = (result: RetrievalResult, verdict: Extract<SupportVerdict, { answerable: false }>): Answer => ({
    query: result.query,
    answer: abstentionText(result, verdict, options.nationalTextsLoaded),
    abstained: true,
    mode: 'extractive',
    citations: [],
    passages: result.passages,
  });

  return {
    compose(result, options = {}) {
      const maxChars = options.maxChars ?? COMPOSITION.maxChars;
      // A rule applied to the user's own number is decided by the rule, quoting its khoản.
      if (result.applied && result.passages[0]?.passage.id === result.applied.passageId) {
        const chosen = chooseAnswer(result.passages[0], result.analysis, COMPOSITION.maxSupportingLines);
        // The rule's khoản is the whole answer: no other passages are offered beside it.
        return answerFrom({ ...result, passages: result.passages.slice(0, 1) }, { ...chosen, supporting: [], lead: { text: verdictOf(result.applied), basis: result.applied.question.rule.basis } }, maxChars);
      }
      const coverage = judgeCoverage(result);
      if (!coverage.answerable) return abstain(result, coverage);
      const readings = twoReadings(result);
      if (readings) {
        const answer = [ANSWER_TEXTS.whichOne, ...readings.map((q, i) => `${i + 1}. ${q}`)].join('\n');
        return { query: result.query, answer, abstained: false, mode: 'extractive', citations: [], passages: result.passages, choices: readings };
      }
      const chosen = chooseFromArticle(result.passages, result.analysis, COMPOSITION.maxSupportingLines);
      const answered = judgeAnswer(result, [chosen.direct, ...chosen.supporting]);
      if (!answered.answerable) return abstain(result, answered);
      return answerFrom(result, chosen, maxChars);
    },
  };
}

/** When readings count as equally close: how near their similarities, how much of the question each holds. */
export const READINGS = { margin: 0.04, minRecall: 0.9, maxPrecision: 0.85, minSimilarity: 0.6 } as const;

/**
 * Two bank questions that both contain all the user asked, each adding something of its own, at the
 * same similarity, pointing to different places: "có mấy thành viên" (of the co-op, or of its Ban
 * kiểm soát?), "đăng ký ở đâu" (a tổ hợp tác, or a hợp tác xã?). Asked back rather than guessed.
 */
function twoReadings(result: RetrievalResult): [string, string] | undefined {
  const [first, second] = result.bank;
  if (!first || !second || first.similarity - second.similarity > READINGS.margin || second.similarity < READINGS.minSimilarity) return undefined;
  const open = (m: typeof first) => m.recall >= READINGS.minRecall && m.precision <= READINGS.maxPrecision;
  const elsewhere = first.entry.target.passageId !== second.entry.target.passageId || first.entry.target.lineIndex !== second.entry.target.lineIndex;
  // The readings differ in whom they are about, and the user named neither of those.
  const own = (m: typeof first, other: typeof first) => m.subjects.filter((s) => !other.subjects.includes(s) && !result.analysis.subjects.includes(s));
  const aboutOthers = own(first, second).length > 0 || own(second, first).length > 0;
  return open(first) && open(second) && elsewhere && aboutOthers ? [capitalised(first.question), capitalised(second.question)] : undefined;
}

const capitalised = (q: string) => `${q.charAt(0).toLocaleUpperCase('vi')}${q.slice(1)}${/[?.!]$/.test(q) ? '' : '?'}`;

/** "Chưa được: …" (a minimum not reached), "Không được: …" (a limit passed), "Được: …" — then the rule in plain words. */
function verdictOf({ question }: AppliedRule): string {
  const { rule, meets, shown } = question;
  const opening = meets ? ANSWER_TEXTS.ruleMet : rule.atLeast !== undefined ? ANSWER_TEXTS.ruleNotYetMet : ANSWER_TEXTS.ruleBroken;
  return `${opening} ${(meets ? rule.meets : rule.fails).replaceAll('{value}', shown)}`;
}

function answerFrom(result: RetrievalResult, chosen: ChosenAnswer, maxChars: number): Answer {
  const { analysis, passages } = result;
  const best = chosen.passage;
  const quote = trimToAnswer(chosen.direct, analysis, Math.min(COMPOSITION.maxDirectChars, Math.round(maxChars * 0.6)));
  const cautions = cautionsFor(best.passage, best.document);
  const citation = preciseCitation(best, chosen.direct.index);
  const basis = `**${ANSWER_TEXTS.basis}:** ${citation}${articleTopic(best, chosen)} — ${statusOf(best.passage, best.document)}`;

  // With a lead sentence the law's words follow as a quotation an official can copy.
  const parts = chosen.lead ? [chosen.lead.text, `“${quote}”`] : [quote];
  let length = parts.join('\n').length + basis.length + cautions.join('\n').length;
  let omitted = false;
  for (const line of [...chosen.supporting].sort((a, b) => a.index - b.index)) {
    const itemChars = chosen.articleList ? COMPOSITION.maxArticleItemChars : COMPOSITION.maxItemChars;
    const item = `• ${shortened(withoutNumbering(line.text), itemChars)}`;
    if (length + item.length > maxChars) {
      omitted = true;
      // A list with a gap reads as complete: it stops at the first điểm that does not fit.
      if (chosen.listed) break;
      continue;
    }
    parts.push(item);
    length += item.length;
  }

  const citations: Citation[] = [citationOf(best.passage, best.document, citation)];
  const seeAlso = passages
    .filter((r) => r !== best)
    .filter((r) => r.score >= best.score * COMPOSITION.seeAlsoShare && r.passage.citation !== best.passage.citation)
    .filter((r) => answersToo(r, chosen.isDefinition))
    .slice(0, COMPOSITION.maxSeeAlso);
  const seeAlsoCitations = [...(omitted ? [best.passage.citation] : []), ...seeAlso.map((r) => r.passage.citation)];
  for (const r of seeAlso) citations.push(citationOf(r.passage, r.document));

  const answer = [
    parts.join('\n'),
    ...cautions,
    basis,
    ...(seeAlsoCitations.length > 0 ? [`${ANSWER_TEXTS.seeAlso}: ${[...new Set(seeAlsoCitations)].join('; ')}`] : []),
  ].join('\n');
  return { query: result.query, answer, abstained: false, mode: 'extractive', citations, passages };
}

/**
 * What the article quoted is about, from its heading ("Điều 20. Chính sách phát triển nguồn nhân
 * lực, …" → ", về chính sách phát triển nguồn nhân lực, …"): a khoản quoted alone does not say
 * which matter it settles, and an official quotes the article by its title. Not repeated when the
 * heading is what the answer shows.
 */
function articleTopic(best: RetrievedPassage, chosen: ChosenAnswer): string {
  const heading = best.lines[0];
  if (best.passage.article === undefined || !heading || chosen.direct.index === 0) return '';
  const title = /^Điều\s+\d+[a-zđ]?\.\s*(.+)$/u.exec(heading.text)?.[1]?.trim();
  // A heading that lists half the article's matters would take a phone line of its own.
  if (!title || title.length > COMPOSITION.maxTopicChars) return '';
  // "Ban kiểm soát …" keeps its capitals; "Chính sách …" reads on in lower case.
  const first = title.split(' ')[0]!;
  const lowered = first.length > 1 && first.slice(1) === first.slice(1).toLocaleLowerCase('vi') && !/^(Ban|Hội|Đại|Quỹ|Liên|Nhà|Chính phủ)$/u.test(first)
    ? `${title.charAt(0).toLocaleLowerCase('vi')}${title.slice(1)}`
    : title;
  return `, ${ANSWER_TEXTS.about} ${lowered}`;
}

/**
 * Offered only when it answers too: for "X là gì" another definition of X, otherwise a line of its
 * own (not merely its heading) covering at least half the question.
 */
function answersToo(r: RetrievedPassage, isDefinition: boolean): boolean {
  return isDefinition ? r.lines.some((l) => l.definesAsked) : r.lines.some((l) => l.ownCoverage >= COMPOSITION.seeAlsoOwnCoverage);
}

/** A passage is named as "nearby" only when it covers most of the question. */
const NEARBY_COVERAGE = 0.6;

function abstentionText(result: RetrievalResult, verdict: Extract<SupportVerdict, { answerable: false }>, nationalTextsLoaded: boolean): string {
  const nearby = result.passages[0];
  // Naming a text the bot does not hold is the first thing to say, whatever else is missing.
  const why =
    verdict.reason === 'unheld-document' || result.analysis.unheldDocuments.length > 0
      ? ANSWER_TEXTS.unheldDocument(result.analysis.unheldDocuments.join(', '))
      : verdict.reason === 'no-figure'
        ? ANSWER_TEXTS.noFigure
        : verdict.reason === 'no-document'
          ? ANSWER_TEXTS.noDocument
          : ANSWER_TEXTS.notFound;
  // What the bot holds on the subject, named but not presented as the answer.
  const near = verdict.reason !== 'off-topic' && verdict.reason !== 'not-covered' && nearby && nearby.coverage >= NEARBY_COVERAGE ? [ANSWER_TEXTS.nearby(nearby.passage.citation, nearby.passage.headingPath.at(-1) ?? '')] : [];
  return [
    why,
    ...near,
    ANSWER_TEXTS.askInstead,
    ...(verdict.inDomain ? [] : [ANSWER_TEXTS.offTopicHint]),
    ...(nationalTextsLoaded ? [] : [ANSWER_TEXTS.nationalTextsMissing]),
  ].join('\n\n');
}
