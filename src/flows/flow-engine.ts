import type { Catalog } from '../knowledge/catalog.ts';
import type { Reply } from '../conversation/types.ts';
import { brokenRules, conditionHolds, type Answers } from './conditions.ts';
import { formatCitations } from './citation.ts';
import {
  answerKeyOf,
  citedTexts,
  DONE_STEP,
  FlowDefinitionError,
  loadFlowLibrary,
  type FlowDefinition,
  type Step,
} from './flow-definition.ts';
import { readAnswer } from './read-answer.ts';
import { fillTemplate, type RenderContext } from './answer-display.ts';
import { problemReply, questionButtons, questionReply } from './render-question.ts';
import { resultReplies, type LocalPlan } from './render-result.ts';
import { foldAnswer, isOneOf } from './text-match.ts';
import type { FlowEngine, FlowOutput, FlowState } from './types.ts';

export type { LocalPlan } from './render-result.ts';

/** The province's own plans in the knowledge base; the province as named in provinces.yaml ("Kon Tum"). */
export type LocalPlansLookup = (province: string) => LocalPlan[] | Promise<LocalPlan[]>;

export interface FlowEngineOptions {
  /** knowledge/flows: one YAML file a flow, and shared/ (common words, provinces). */
  flowsDir: string;
  /** Renders citations ("… Luật Hợp tác xã 2023 (17/2023/QH15)") and their status notes. */
  catalog: Catalog;
  localPlansFor?: LocalPlansLookup;
  /** The clock, for answers such as "registered in 03/2024"; tests pin it. */
  now?: () => Date;
}

/** References to a numbered article ("điều 30") make a message a legal question, not a request for a flow. */
const CITES_AN_ARTICLE = /\b(dieu|khoan)\s+\d+/;

/**
 * The guided flows (founding guide, support-policy finder) as a pure function of FlowState and the
 * message: all a conversation needs between messages is in the state it returns, so the state
 * store alone gives persistence, restarts and many users at once.
 *
 * Words the engine understands in every flow: "quay lại" (back one step), "làm lại" (start over),
 * "tiếp tục" (show where the user is: the current question, or the result again, with a button to
 * start over — what /thanhlap should send for a user who already has a state), "hủy" (leave).
 */
export function createFlowEngine(options: FlowEngineOptions): FlowEngine {
  const library = loadFlowLibrary(options.flowsDir);
  const { common, provinces } = library;
  const catalogIds = new Set(options.catalog.documents.map((d) => d.id));
  const unknownDocs = library.flows
    .flatMap(citedTexts)
    .flatMap((t) => t.cites.map((c) => c.doc))
    .filter((doc) => !catalogIds.has(doc));
  if (unknownDocs.length > 0) {
    throw new FlowDefinitionError(`flows cite documents the catalog lacks: ${[...new Set(unknownDocs)].join(', ')}`);
  }

  const flows = new Map(library.flows.map((f) => [f.id, f]));
  const intents = library.flows.map((f) => ({
    id: f.id,
    patterns: f.intents.map((p) => new RegExp(p)),
    exceptions: f.notIntents.map((p) => new RegExp(p)),
  }));
  const now = options.now ?? (() => new Date());

  const contextOf = (flow: FlowDefinition): RenderContext => ({ flow, common, catalog: options.catalog, provinces });

  /** The first step after `index` that applies to these answers and is not answered yet (carried). */
  const nextStep = (flow: FlowDefinition, index: number, answers: Answers): Step | undefined =>
    flow.steps.find((step, i) => i > index && conditionHolds(step.when, answers) && answers[answerKeyOf(step)] === undefined);

  const ask = (flow: FlowDefinition, state: FlowState, extra: { lead?: string; offerRestart?: boolean } = {}): Reply => {
    const step = flow.steps.find((s) => s.id === state.stepId);
    if (!step) throw new Error(`no step ${state.stepId} in ${flow.id}`);
    return questionReply(step, state.answers, contextOf(flow), {
      number: state.history.length + 1,
      canGoBack: state.history.length > 0,
      offerRestart: extra.offerRestart ?? false,
      lead: extra.lead,
    });
  };

  const finish = async (flow: FlowDefinition, state: FlowState): Promise<Reply[]> => {
    const provinceStep = flow.steps.find((s) => s.kind === 'province' && state.answers[answerKeyOf(s)] !== undefined);
    const province = provinceStep ? state.answers[answerKeyOf(provinceStep)] : undefined;
    const wantsPlans = flow.result.sections.some((s) => s.kind === 'local-plans' && conditionHolds(s.when, state.answers));
    const plans = wantsPlans && typeof province === 'string' && options.localPlansFor ? await options.localPlansFor(province) : [];
    const buttons = [...flow.handoffs.map((h) => h.label), common.buttons.restart];
    return resultReplies(state.answers, contextOf(flow), plans, buttons);
  };

  /** Moves past the step at `index`: to the next question, or to the result when none is left. */
  const advance = async (flow: FlowDefinition, state: FlowState, index: number, lead: Reply[]): Promise<FlowOutput> => {
    const next = nextStep(flow, index, state.answers);
    if (!next) {
      const done: FlowState = { ...state, stepId: DONE_STEP, completed: true };
      return { replies: [...lead, ...(await finish(flow, done))], state: done };
    }
    const moved: FlowState = { ...state, stepId: next.id };
    return { replies: [...lead, ask(flow, moved)], state: moved };
  };

  const begin = async (flowId: string, carried: Answers = {}): Promise<FlowOutput> => {
    const flow = flows.get(flowId);
    if (!flow) throw new Error(`unknown flow: ${flowId}`);
    const state: FlowState = { flowId, stepId: DONE_STEP, answers: { ...carried }, history: [] };
    return advance(flow, state, -1, [{ text: flow.intro }]);
  };

  const back = (flow: FlowDefinition, state: FlowState): FlowOutput => {
    const previous = state.history[state.history.length - 1];
    const step = flow.steps.find((s) => s.id === previous);
    if (!previous || !step) {
      if (state.completed) return { replies: [{ text: common.messages.firstStep }], state };
      return { replies: [ask(flow, state, { lead: common.messages.firstStep })], state };
    }
    const answers = { ...state.answers };
    delete answers[answerKeyOf(step)];
    const reopened: FlowState = { flowId: state.flowId, stepId: previous, answers, history: state.history.slice(0, -1) };
    return { replies: [ask(flow, reopened)], state: reopened };
  };

  const answer = async (flow: FlowDefinition, state: FlowState, step: Step, text: string): Promise<FlowOutput> => {
    const index = flow.steps.indexOf(step);

    // A number typed on a choice question may be a numbered button (Zalo), the back button included.
    if (step.kind === 'choice' && /^\d+$/.test(foldAnswer(text))) {
      const pressed = questionButtons(step, contextOf(flow), { canGoBack: state.history.length > 0, offerRestart: false })[Number(foldAnswer(text)) - 1];
      if (pressed === common.buttons.back) return back(flow, state);
    }
    const reading = readAnswer(step, text, { answers: state.answers, provinces, now: now() });
    if (reading.kind === 'help') {
      const cite = reading.cites.length > 0 ? ` [${formatCitations(reading.cites, options.catalog)}]` : '';
      return { replies: [{ text: `${reading.text}${cite}` }, ask(flow, state)], state };
    }
    if (reading.kind === 'retry') {
      // "{whole}" in the message is the answer this one is part of ("lớn hơn vốn điều lệ 500 triệu đồng").
      const whole = step.kind === 'number' && step.partOf ? `{${step.partOf}}` : '';
      const lead = fillTemplate(common.messages[reading.reason].replace('{whole}', whole), state.answers, contextOf(flow));
      return { replies: [ask(flow, state, { lead })], state };
    }
    const answered: FlowState = {
      ...state,
      answers: { ...state.answers, [answerKeyOf(step)]: reading.value },
      history: [...state.history, step.id],
    };
    const problems = brokenRules(step, answered.answers).map((b) => problemReply(b, answered.answers, contextOf(flow)));
    return advance(flow, answered, index, problems);
  };

  const afterCompletion = async (flow: FlowDefinition, state: FlowState, text: string): Promise<FlowOutput> => {
    const handoff = flow.handoffs.find((h) => isOneOf(text, [h.label]));
    if (handoff) {
      const carried = Object.fromEntries(handoff.carry.flatMap((key) => (state.answers[key] === undefined ? [] : [[key, state.answers[key]]])));
      return begin(handoff.flow, carried as Answers);
    }
    return { replies: await finish(flow, state), state };
  };

  return {
    flowIds: () => [...flows.keys()],

    start: (flowId) => begin(flowId),

    async handle(stored, text) {
      // The stored state is never changed in place: the caller may still hold it.
      const state: FlowState = structuredClone(stored);
      const flow = flows.get(state.flowId);
      const { controls } = common;
      if (!flow || isOneOf(text, controls.leave)) return { replies: [{ text: common.messages.left }] };
      if (isOneOf(text, controls.restart)) return begin(flow.id);
      if (isOneOf(text, controls.back)) return back(flow, state);
      if (state.completed) return afterCompletion(flow, state, text);
      const step = flow.steps.find((s) => s.id === state.stepId);
      if (!step) {
        // Stored before the flow file changed and its step went away.
        const fresh = await begin(flow.id);
        return { ...fresh, replies: [{ text: common.messages.flowChanged }, ...fresh.replies] };
      }
      if (isOneOf(text, controls.resume)) {
        return { replies: [ask(flow, state, { lead: common.messages.resumed, offerRestart: true })], state };
      }
      return answer(flow, state, step, text);
    },

    detectIntent(text) {
      const folded = foldAnswer(text);
      if (CITES_AN_ARTICLE.test(folded)) return undefined;
      return intents.find((intent) => intent.patterns.some((p) => p.test(folded)) && !intent.exceptions.some((p) => p.test(folded)))?.id;
    },
  };
}
