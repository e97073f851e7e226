import type { Catalog } from '../knowledge/catalog.ts';
import type { Logger } from '../logger.ts';
import type { Reply, ReplyFile } from '../conversation/types.ts';
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
import { currentProvince, fillTemplate, formerProvincesOf, provinceName, type RenderContext } from './answer-display.ts';
import { problemReply, questionButtons, questionReply } from './render-question.ts';
import { problemLines, resultPages, resultParts, resultSummary, type LocalPlan } from './render-result.ts';
import { foldAnswer, isOneOf } from './text-match.ts';
import { writeDocx } from './papers/docx-file.ts';
import { formHasLabel, formSection, type FormText } from './papers/form-labels.ts';
import { formLabels, loadFlowPapers } from './papers/paper-definition.ts';
import { paperDocument } from './papers/paper-document.ts';
import type { FlowEngine, FlowOutput, FlowState } from './types.ts';

export type { LocalPlan } from './render-result.ts';

/** The province's own plans in the knowledge base; the province as named in provinces.yaml ("Kon Tum"). */
export type LocalPlansLookup = (province: string) => LocalPlan[] | Promise<LocalPlan[]>;

export interface FlowEngineOptions {
  /** knowledge/flows: one YAML file a flow, shared/ (common words, provinces) and papers/. */
  flowsDir: string;
  /** Renders citations ("… Luật Hợp tác xã 2023 (17/2023/QH15)") and their status notes. */
  catalog: Catalog;
  localPlansFor?: LocalPlansLookup;
  /** The clock, for answers such as "registered in 03/2024" and the date on the papers; tests pin it. */
  now?: () => Date;
  /** Where the papers a flow fills in are written (DATA_DIR/papers); without it none are offered. */
  papersDir?: string;
  /** The imported text of a catalog document: the papers read the forms' labels from it. */
  documentText?: (docId: string) => string | undefined;
  /** For papers that could not be written: the user is told, the operator reads why here. */
  logger?: Logger;
}

/** References to a numbered article ("điều 30") make a message a legal question, not a request for a flow. */
const CITES_AN_ARTICLE = /\b(dieu|khoan)\s+\d+/;

/**
 * The guided flows (founding guide, support-policy finder) as a pure function of FlowState and the
 * message: all a conversation needs between messages is in the state it returns, so the state
 * store alone gives persistence, restarts and many users at once. (The papers a finished flow
 * hands over are written to disk, and made again whenever asked for.)
 *
 * Words the engine understands in every flow: "quay lại" (back one step; after the result, back
 * into the questions), "làm lại" (start over), "tiếp tục" (show where the user is: the current
 * question, or the result again, with a button to start over — what /thanhlap should send for a
 * user who already has a state), "hủy" (leave). A finished flow's result comes a page at a time,
 * with buttons for the next page, the one before, and the papers.
 */
export function createFlowEngine(options: FlowEngineOptions): FlowEngine {
  const library = loadFlowLibrary(options.flowsDir);
  const { common, provinces } = library;
  const papers = loadFlowPapers(options.flowsDir, library.flows);
  const catalogIds = new Set(options.catalog.documents.map((d) => d.id));
  const unknownDocs = [
    ...library.flows.flatMap(citedTexts).flatMap((t) => t.cites.map((c) => c.doc)),
    ...[...papers.values()].map((set) => set.doc),
  ].filter((doc) => !catalogIds.has(doc));
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

  const intentOf = (text: string): string | undefined => {
    const folded = foldAnswer(text);
    if (CITES_AN_ARTICLE.test(folded)) return undefined;
    return intents.find((intent) => intent.patterns.some((p) => p.test(folded)) && !intent.exceptions.some((p) => p.test(folded)))?.id;
  };

  const contextOf = (flow: FlowDefinition): RenderContext => ({ flow, common, catalog: options.catalog, provinces });
  const papersOf = (flow: FlowDefinition) => (options.papersDir === undefined ? undefined : papers.get(flow.id));

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

  /**
   * The plans of the province the user named and, for a province formed in 2025, of those merged
   * into it, each keeping its own locality and date.
   */
  const plansFor = async (flow: FlowDefinition, answers: Answers): Promise<LocalPlan[]> => {
    const provinceStep = flow.steps.find((s) => s.kind === 'province' && answers[answerKeyOf(s)] !== undefined);
    const named = provinceStep ? answers[answerKeyOf(provinceStep)] : undefined;
    const wantsPlans = flow.result.sections.some((s) => s.kind === 'local-plans' && conditionHolds(s.when, answers));
    const lookup = options.localPlansFor;
    if (!wantsPlans || typeof named !== 'string' || !lookup) return [];
    const own = await lookup(named);
    const merged = await Promise.all(
      formerProvincesOf(named, provinces).map(async (former) =>
        (await lookup(former.name)).map((plan) => ({ ...plan, formerProvince: provinceName(former) })),
      ),
    );
    const seen = new Set<string>();
    return [...own, ...merged.flat()].filter((plan) => !seen.has(plan.docId) && seen.add(plan.docId));
  };

  /** "giấy đề nghị đăng ký (Mẫu II-1), danh sách thành viên (Mẫu II-2)", for the first page. */
  const papersNamed = (flow: FlowDefinition, answers: Answers): string | undefined => {
    const set = papersOf(flow);
    if (!set) return undefined;
    return set.forms.filter((f) => conditionHolds(f.when, answers)).map((f) => `${f.short} (Mẫu ${f.id})`).join(', ');
  };

  const pageButtons = (flow: FlowDefinition, index: number, total: number): string[] => [
    ...(index < total - 1 ? [common.buttons.next] : []),
    ...(index > 0 ? [common.buttons.previous] : []),
    ...(papersOf(flow) ? [common.buttons.papers] : []),
    ...flow.handoffs.map((h) => h.label),
    common.buttons.restart,
  ];

  /** The result page `page` asks for (kept within the pages there are), as one reply. */
  const showPage = async (flow: FlowDefinition, state: FlowState, page: number): Promise<{ reply: Reply; state: FlowState }> => {
    const plans = await plansFor(flow, state.answers);
    const pages = resultPages(state.answers, contextOf(flow), plans, { papers: papersNamed(flow, state.answers) });
    const index = Math.max(0, Math.min(page, pages.length - 1));
    return { reply: { text: pages[index] as string, buttons: pageButtons(flow, index, pages.length) }, state: { ...state, page: index } };
  };

  /** The flow's papers as a file, or undefined (logged) when they could not be written. */
  const papersFile = async (flow: FlowDefinition, answers: Answers): Promise<ReplyFile | undefined> => {
    const set = papersOf(flow);
    if (!set || options.papersDir === undefined) return undefined;
    const context = contextOf(flow);
    const entry = options.catalog.documents.find((d) => d.id === set.doc);
    const text = options.documentText?.(set.doc);
    const forms = new Map<string, FormText | undefined>();
    const formText = (id: string) => {
      if (!forms.has(id)) {
        const section = text === undefined ? undefined : formSection(text, id);
        // A newer import whose form no longer has a label: the short one is printed, and the operator told.
        const form = set.forms.find((f) => f.id === id);
        const missing = section && form ? formLabels(form).filter((label) => !formHasLabel(section, label)) : [];
        if (missing.length > 0) options.logger?.warn({ form: id, missing }, 'papers: labels not found in the imported form; printed as the papers data writes them');
        forms.set(id, section);
      }
      return forms.get(id);
    };
    const problems = flow.result.problems;
    const fits = problems && problemLines(answers, context).length === 0 ? [problems.none] : [];
    try {
      const document = paperDocument({
        set,
        answers,
        context,
        checklist: { head: [...resultSummary(answers, context), ...fits], parts: resultParts(answers, context, await plansFor(flow, answers)) },
        circular: { citeAs: entry?.citeAs ?? set.doc, notes: [entry?.caution].filter((n): n is string => n !== undefined) },
        formText,
        today: now(),
      });
      return await writeDocx(document, options.papersDir);
    } catch (error) {
      options.logger?.error({ err: error, flow: flow.id }, 'papers could not be written');
      return undefined;
    }
  };

  /** A reply handing over the papers, or saying they could not be made. */
  const withPapers = async (flow: FlowDefinition, answers: Answers, reply: Reply): Promise<Reply> => {
    if (!papersOf(flow)) return reply;
    const file = await papersFile(flow, answers);
    return file ? { ...reply, files: [file] } : { ...reply, text: `${reply.text}\n\n${common.messages.papersFailed}` };
  };

  /** Moves past the step at `index`: to the next question, or to the result (with its papers) when none is left. */
  const advance = async (flow: FlowDefinition, state: FlowState, index: number, lead: Reply[]): Promise<FlowOutput> => {
    const next = nextStep(flow, index, state.answers);
    if (!next) {
      const shown = await showPage(flow, { ...state, stepId: DONE_STEP, completed: true }, 0);
      return { replies: [...lead, await withPapers(flow, shown.state.answers, shown.reply)], state: shown.state };
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

  /** Said when a province given was merged into another in 2025: which one, and whom to ask now. */
  const provinceNote = (flow: FlowDefinition, step: Step, answers: Answers): Reply[] => {
    const named = provinces.find((p) => p.name === answers[answerKeyOf(step)]);
    const current = named ? currentProvince(named.name, provinces) : undefined;
    if (step.kind !== 'province' || !named || !current || current === named) return [];
    const text = fillTemplate(common.messages.formerProvince, answers, contextOf(flow), {
      former: provinceName(named),
      current: provinceName(current),
    });
    return [{ text }];
  };

  const answer = async (flow: FlowDefinition, state: FlowState, step: Step, text: string): Promise<FlowOutput> => {
    const index = flow.steps.indexOf(step);

    // A number typed on a choice question may be a numbered button (Zalo), the back button included.
    if (step.kind === 'choice' && /^\d+$/.test(foldAnswer(text))) {
      const pressed = questionButtons(step, contextOf(flow), { canGoBack: state.history.length > 0, offerRestart: false })[Number(foldAnswer(text)) - 1];
      if (pressed === common.buttons.back) return back(flow, state);
    }
    // A request for the other guide ("tìm chính sách hỗ trợ cho hợp tác xã") is no answer, even where it
    // names an option; words typed as they are (a name: "HTX Dịch vụ hỗ trợ nông nghiệp") may say anything.
    const elsewhere = step.kind === 'text' ? undefined : intentOf(text);
    const reading = elsewhere !== undefined && elsewhere !== flow.id ? ({ kind: 'retry', reason: 'notUnderstood' } as const) : readAnswer(step, text, { answers: state.answers, provinces, now: now() });
    if (reading.kind === 'help') {
      const cite = reading.cites.length > 0 ? ` [${formatCitations(reading.cites, options.catalog)}]` : '';
      return { replies: [{ text: `${reading.text}${cite}` }, ask(flow, state)], state };
    }
    if (reading.kind === 'aside' || (reading.kind === 'retry' && reading.reason === 'notUnderstood')) {
      return {
        replies: [ask(flow, state, { lead: common.messages.notUnderstood })],
        state,
        unanswered: { question: reading.kind === 'aside', reask: ask(flow, state, { lead: common.messages.askedAgain }) },
      };
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
    return advance(flow, answered, index, [...provinceNote(flow, step, answered.answers), ...problems]);
  };

  const afterCompletion = async (flow: FlowDefinition, state: FlowState, text: string): Promise<FlowOutput> => {
    const handoff = flow.handoffs.find((h) => isOneOf(text, [h.label]));
    if (handoff) {
      const carried = Object.fromEntries(handoff.carry.flatMap((key) => (state.answers[key] === undefined ? [] : [[key, state.answers[key]]])));
      return begin(handoff.flow, carried as Answers);
    }
    const page = state.page ?? 0;
    const { buttons } = common;
    if (papersOf(flow) && isOneOf(text, [buttons.papers])) {
      const shown = await showPage(flow, state, page);
      const reply = await withPapers(flow, state.answers, { text: common.messages.papersReady, buttons: shown.reply.buttons });
      return { replies: [reply], state: shown.state };
    }
    const step = isOneOf(text, [buttons.next]) ? 1 : isOneOf(text, [buttons.previous]) ? -1 : 0;
    const shown = await showPage(flow, state, page + step);
    return { replies: [shown.reply], state: shown.state };
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

    detectIntent: intentOf,

    takesAfterResult: (text) => {
      const { buttons } = common;
      return isOneOf(text, [...common.controls.back, buttons.next, buttons.previous, buttons.papers]);
    },
  };
}
