import { displayAnswer, fillTemplate, withCitations, type RenderContext } from './answer-display.ts';
import { brokenRules, conditionHolds, type Answers } from './conditions.ts';
import { answerKeyOf, type ResultSection } from './flow-definition.ts';
import { problemText } from './render-question.ts';

/** A local plan of the user's province, as the knowledge base gives it. */
export interface LocalPlan {
  docId: string;
  citeAs: string;
  statusNote?: string;
  excerpt: string;
  /** Set when the plan is of a province since merged into the one named: "tỉnh Kon Tum". */
  formerProvince?: string;
}

/** One part of a result: its title and its lines ("• …", citations included), in the chat's light markup. */
export interface ResultPart {
  title: string;
  lines: string[];
}

/**
 * The longest page of a result, in characters: one phone screen, with room under it for the
 * numbered options a plain-text channel adds.
 */
export const MAX_PAGE_CHARS = 1100;
const MAX_EXCERPT_CHARS = 400;
/** How much longer than an even share a balanced page may run, so that lines still fall where they fit. */
const BALANCE_SLACK = 120;

function planLine(plan: LocalPlan, context: RenderContext, current: string): string {
  const { messages } = context.common;
  const excerpt = plan.excerpt.length > MAX_EXCERPT_CHARS ? `${plan.excerpt.slice(0, MAX_EXCERPT_CHARS).trimEnd()}…` : plan.excerpt;
  const status = plan.statusNote ? ` ${messages.localPlanStatus.replace('{status}', plan.statusNote)}` : '';
  const former = plan.formerProvince ? ` ${messages.formerLocalPlan.replace('{former}', plan.formerProvince).replace('{current}', current)}` : '';
  return `• ${plan.citeAs}${status}${former}: ${excerpt}`;
}

function sectionPart(section: ResultSection, answers: Answers, context: RenderContext, plans: LocalPlan[]): ResultPart | undefined {
  const lines: string[] = [];
  if (section.kind === 'local-plans') {
    if (plans.length === 0 && section.empty) lines.push(fillTemplate(section.empty, answers, context));
    const current = fillTemplate('{province.now}', answers, context);
    lines.push(...plans.map((plan) => planLine(plan, context, current)));
  }
  for (const item of section.items) {
    if (conditionHolds(item.when, answers)) lines.push(`• ${withCitations(fillTemplate(item.text, answers, context), item.cite, context.catalog)}`);
  }
  return lines.length === 0 ? undefined : { title: fillTemplate(section.title, answers, context), lines };
}

/** The answers that break a rule, each with its article. */
export function problemLines(answers: Answers, context: RenderContext): string[] {
  return context.flow.steps.flatMap((s) => brokenRules(s, answers)).map((b) => `• ${problemText(b, answers, context)}`);
}

/** The line summing up the answers ("Hợp tác xã · 7 thành viên · …") and the flow's note. */
export function resultSummary(answers: Answers, context: RenderContext): string[] {
  const { flow } = context;
  const summary = flow.steps.flatMap((s) => {
    const answer = answers[answerKeyOf(s)];
    if (!s.summary || answer === undefined || answer === '') return [];
    return [fillTemplate(s.summary, answers, context, { value: displayAnswer(s, answer, context) })];
  });
  return [...(summary.length > 0 ? [summary.join(' · ')] : []), ...(flow.result.note ? [flow.result.note] : [])];
}

/** The parts of a finished flow's result: what to fix first, when anything, then each section that applies. */
export function resultParts(answers: Answers, context: RenderContext, plans: LocalPlan[]): ResultPart[] {
  const { problems } = context.flow.result;
  const toFix = problems ? problemLines(answers, context) : [];
  const sections = context.flow.result.sections
    .filter((section) => conditionHolds(section.when, answers))
    .map((section) => sectionPart(section, answers, context, plans))
    .filter((part): part is ResultPart => part !== undefined);
  return [...(problems && toFix.length > 0 ? [{ title: problems.title, lines: toFix }] : []), ...sections];
}

interface Page {
  /** The part it shows, and whether it goes on from the page before. */
  part: ResultPart;
  continued: boolean;
  lines: string[];
}

/** Lines packed greedily into pages of at most `limit` characters, heading room included; a line is never cut. */
function packLines(part: ResultPart, headingRoom: number, limit: number): Page[] {
  const pages: Page[] = [];
  let lines: string[] = [];
  let length = headingRoom;
  for (const line of part.lines) {
    if (lines.length > 0 && length + 1 + line.length > limit) {
      pages.push({ part, continued: pages.length > 0, lines });
      lines = [];
      length = headingRoom;
    }
    lines.push(line);
    length += 1 + line.length;
  }
  pages.push({ part, continued: pages.length > 0, lines });
  return pages;
}

/**
 * A part in as few pages as fit MAX_PAGE_CHARS, and when it needs more than one, pages of about
 * the same length: a part split as 1,000 characters and 150 reads worse than 580 and 570.
 */
function pagesOf(part: ResultPart, headingRoom: number): Page[] {
  const full = packLines(part, headingRoom, MAX_PAGE_CHARS);
  if (full.length === 1) return full;
  const total = part.lines.reduce((sum, line) => sum + 1 + line.length, 0);
  const even = packLines(part, headingRoom, Math.ceil(total / full.length) + headingRoom + BALANCE_SLACK);
  return even.length === full.length ? even : full;
}

export interface ResultPagesOptions {
  /** The papers the flow hands over, named for the first page ("Mẫu II-1, Mẫu II-2"); none when it has none. */
  papers?: string;
}

/**
 * A finished flow's result as pages, each one phone screen: first the overview (the summary, whether
 * the answers fit the law, the list of parts and how to move on), then each part, split where it is
 * longer than a page. Pages are numbered "Phần n/total" from the first part.
 */
export function resultPages(answers: Answers, context: RenderContext, plans: LocalPlan[], options: ResultPagesOptions = {}): string[] {
  const { flow, common } = context;
  const { messages } = common;
  const parts = resultParts(answers, context, plans);
  // Room for "**Phần 12/12 · …**": the heading's title is the part's own, counted with it.
  const pages = parts.flatMap((part) => pagesOf(part, messages.page.length + 12 + part.title.length + messages.continued.length));
  const total = pages.length;
  const heading = (n: number, page: Page) =>
    `**${messages.page.replace('{n}', String(n)).replace('{total}', String(total))} · ${page.part.title}${page.continued ? ` ${messages.continued}` : ''}**`;

  const overview = [`**${flow.result.title}**`, ...resultSummary(answers, context)];
  if (flow.result.problems) {
    const count = flow.result.problems && parts[0]?.title === flow.result.problems.title ? parts[0].lines.length : 0;
    overview.push(count > 0 ? messages.problemsCount.replace('{count}', String(count)) : flow.result.problems.none);
  }
  if (total > 0) {
    overview.push('', messages.contents.replace('{total}', String(total)));
    pages.forEach((page, i) => {
      if (!page.continued) overview.push(`${i + 1}. ${page.part.title}`);
    });
    overview.push('', messages.pagesHint);
  }
  if (options.papers) overview.push(messages.papersHint.replace('{forms}', options.papers));
  return [overview.join('\n'), ...pages.map((page, i) => [heading(i + 1, page), ...page.lines].join('\n'))];
}
