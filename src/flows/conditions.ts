import type { FlowState } from './types.ts';
import { answerKeyOf, type Condition, type FailCondition, type Rule, type Step } from './flow-definition.ts';

export type Answers = FlowState['answers'];

/** Multiple-choice answers are stored as "ca-nhan,ho-gia-dinh". */
export function chosenValues(answer: Answers[string] | undefined): string[] {
  return typeof answer === 'string' ? answer.split(',').filter((v) => v !== '') : [];
}

/** Every key must hold; an unanswered key never does, so steps and items of other paths stay out. */
export function conditionHolds(when: Condition | undefined, answers: Answers): boolean {
  for (const [key, expected] of Object.entries(when ?? {})) {
    const answer = answers[key];
    if (answer === undefined) return false;
    if (typeof expected === 'object' && !Array.isArray(expected)) {
      if (typeof answer !== 'number') return false;
      if (expected.atLeast !== undefined && !(answer >= expected.atLeast)) return false;
      if (expected.below !== undefined && !(answer < expected.below)) return false;
      continue;
    }
    const allowed = (Array.isArray(expected) ? expected : [expected]).map(String);
    const given = typeof answer === 'string' ? chosenValues(answer) : [String(answer)];
    if (!given.some((v) => allowed.includes(v))) return false;
  }
  return true;
}

/** The answer as a percentage of the whole it is part of (a share of charter capital, of members). */
function percentOfWhole(step: Step, answers: Answers): number | undefined {
  if (step.kind !== 'number' || !step.partOf) return undefined;
  const part = answers[answerKeyOf(step)];
  const whole = answers[step.partOf];
  if (typeof part !== 'number' || typeof whole !== 'number' || whole <= 0) return undefined;
  return (part / whole) * 100;
}

function fails(condition: FailCondition, answer: Answers[string], percent: number | undefined): boolean {
  if ('chose' in condition) return chosenValues(answer).some((v) => condition.chose.includes(v));
  if (typeof answer !== 'number') return false;
  if ('below' in condition) return answer < condition.below;
  if ('above' in condition) return answer > condition.above;
  if (percent === undefined) return false;
  if ('percentAbove' in condition) return percent > condition.percentAbove;
  return percent >= condition.percentAtLeast;
}

export interface BrokenRule {
  step: Step;
  rule: Rule;
  percent?: number;
}

/** The rules a step's recorded answer breaks, given everything answered so far. */
export function brokenRules(step: Step, answers: Answers): BrokenRule[] {
  const answer = answers[answerKeyOf(step)];
  if (answer === undefined) return [];
  const percent = percentOfWhole(step, answers);
  return step.rules
    .filter((rule) => conditionHolds(rule.when, answers) && fails(rule.fails, answer, percent))
    .map((rule) => ({ step, rule, percent }));
}
