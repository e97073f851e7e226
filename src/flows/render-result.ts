import type { Reply } from '../conversation/types.ts';
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
}

/**
 * Results are packed into replies of at most this size, split between sections: a few messages
 * rather than many, each well under Telegram's 4 096 characters.
 */
const MAX_REPLY_CHARS = 3000;
const MAX_EXCERPT_CHARS = 400;

function planLine(plan: LocalPlan, context: RenderContext): string {
  const excerpt = plan.excerpt.length > MAX_EXCERPT_CHARS ? `${plan.excerpt.slice(0, MAX_EXCERPT_CHARS).trimEnd()}…` : plan.excerpt;
  const status = plan.statusNote ? ` ${context.common.messages.localPlanStatus.replace('{status}', plan.statusNote)}` : '';
  return `• ${plan.citeAs}${status}: ${excerpt}`;
}

function sectionBlock(section: ResultSection, answers: Answers, context: RenderContext, plans: LocalPlan[]): string | undefined {
  const lines: string[] = [];
  if (section.kind === 'local-plans') {
    if (plans.length === 0 && section.empty) lines.push(fillTemplate(section.empty, answers, context));
    lines.push(...plans.map((plan) => planLine(plan, context)));
  }
  for (const item of section.items) {
    if (conditionHolds(item.when, answers)) lines.push(`• ${withCitations(fillTemplate(item.text, answers, context), item.cite, context.catalog)}`);
  }
  if (lines.length === 0) return undefined;
  return [`**${fillTemplate(section.title, answers, context)}**`, ...lines].join('\n');
}

/** Blocks joined into replies of at most MAX_REPLY_CHARS, never splitting a block. */
function packReplies(blocks: string[]): Reply[] {
  const replies: Reply[] = [];
  let current = '';
  for (const block of blocks) {
    if (current !== '' && current.length + 2 + block.length > MAX_REPLY_CHARS) {
      replies.push({ text: current });
      current = block;
    } else {
      current = current === '' ? block : `${current}\n\n${block}`;
    }
  }
  if (current !== '') replies.push({ text: current });
  return replies;
}

/** Title, one line summing up the answers, the flow's note, and what does not fit the law. */
function headBlock(answers: Answers, context: RenderContext): string {
  const { flow } = context;
  const summary = flow.steps.flatMap((s) => {
    const answer = answers[answerKeyOf(s)];
    if (!s.summary || answer === undefined) return [];
    return [fillTemplate(s.summary, answers, context, { value: displayAnswer(s, answer, context.provinces) })];
  });
  const lines = [`**${flow.result.title}**`, ...(summary.length > 0 ? [summary.join(' · ')] : [])];
  if (flow.result.note) lines.push(flow.result.note);
  if (flow.result.problems) {
    const problems = flow.steps.flatMap((s) => brokenRules(s, answers)).map((b) => `• ${problemText(b, answers, context)}`);
    lines.push('', `**${flow.result.problems.title}**`, ...(problems.length > 0 ? problems : [flow.result.problems.none]));
  }
  return lines.join('\n');
}

/**
 * The result of a finished flow: the head, then the sections whose conditions hold, split into a
 * few phone-sized replies; the last carries `buttons`.
 */
export function resultReplies(answers: Answers, context: RenderContext, plans: LocalPlan[], buttons: string[]): Reply[] {
  const blocks = context.flow.result.sections
    .filter((section) => conditionHolds(section.when, answers))
    .map((section) => sectionBlock(section, answers, context, plans))
    .filter((block): block is string => block !== undefined);
  const replies = packReplies([headBlock(answers, context), ...blocks]);
  const last = replies[replies.length - 1];
  if (last && buttons.length > 0) last.buttons = buttons;
  return replies;
}
