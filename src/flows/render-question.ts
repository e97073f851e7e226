import type { Reply } from '../conversation/types.ts';
import { displayAnswer, fillTemplate, pickText, withCitations, type RenderContext } from './answer-display.ts';
import { formatCitations } from './citation.ts';
import type { Answers, BrokenRule } from './conditions.ts';
import { answerKeyOf, type Step } from './flow-definition.ts';
import { formatDecimal } from './vietnamese-number.ts';

export interface QuestionOptions {
  /** Question number shown to the user: how many answers are already given, plus one. */
  number: number;
  canGoBack: boolean;
  offerRestart: boolean;
  /** A line before the question: why it is asked again, or that the user is resuming. */
  lead?: string;
}

/** The buttons a question shows, in order: Zalo numbers them, and "2" then means the second. */
export function questionButtons(step: Step, context: RenderContext, options: Pick<QuestionOptions, 'canGoBack' | 'offerRestart'>): string[] {
  const own =
    step.kind === 'choice' ? step.options.map((o) => o.label)
    : step.kind === 'number' ? step.buttons
    : step.kind === 'text' ? step.skip.slice(0, 1)
    : [];
  return [
    ...own,
    ...(options.canGoBack ? [context.common.buttons.back] : []),
    ...(options.offerRestart ? [context.common.buttons.restart] : []),
  ];
}

/** "Câu 3. question", one line per option that needs explaining, its citations and how to answer. */
export function questionReply(step: Step, answers: Answers, context: RenderContext, options: QuestionOptions): Reply {
  const { messages } = context.common;
  const lines: string[] = [];
  if (options.lead) lines.push(options.lead);
  const number = messages.questionNumber.replace('{n}', String(options.number));
  lines.push(`**${number}** ${fillTemplate(pickText(step.question, answers), answers, context)}`);
  if (step.kind === 'choice') {
    for (const o of step.options) if (o.explain) lines.push(`• ${o.label}: ${o.explain}`);
  }
  if (step.cite.length > 0) lines.push(`${messages.citationLabel} ${formatCitations(step.cite, context.catalog)}`);
  if (step.hint) lines.push(step.hint);
  const buttons = questionButtons(step, context, options);
  return buttons.length > 0 ? { text: lines.join('\n'), buttons } : { text: lines.join('\n') };
}

/** A broken rule in words, with the answer ({value}, {percent}) and the article. */
export function problemText(broken: BrokenRule, answers: Answers, context: RenderContext): string {
  const value = answers[answerKeyOf(broken.step)];
  const extra = {
    value: value === undefined ? '' : displayAnswer(broken.step, value, context),
    percent: broken.percent === undefined ? '' : formatDecimal(Math.round(broken.percent * 10) / 10),
  };
  return withCitations(fillTemplate(broken.rule.message, answers, context, extra), broken.rule.cite, context.catalog);
}

/** Said right after the answer that breaks a rule, before the next question. */
export function problemReply(broken: BrokenRule, answers: Answers, context: RenderContext): Reply {
  const { messages } = context.common;
  return { text: `**${messages.problemPrefix}** ${problemText(broken, answers, context)}\n${messages.problemFollowUp}` };
}
