import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type LegalRule, isShare, loadRuleBook, refParts } from '../knowledge/rule-book.ts';

/**
 * The shape of the files under knowledge/flows/: every question, option, rule and checklist line,
 * with the article it rests on. Changing what the bot asks or requires is an edit there.
 */

const kebab = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case');

const citationSchema = z
  .object({
    /** A catalog id: luat-htx-2023, nd-92-2024, nd-77-2019… */
    doc: kebab,
    article: z.number().int().positive(),
    clause: z.number().int().positive().optional(),
    point: z.string().regex(/^[a-zđ]$/u, 'one letter: a, b, c, d, đ…').optional(),
    /** Phrases the cited passage must contain: the figure or words the bot relies on. */
    mustContain: z.array(z.string().min(1)).default([]),
    /** Adds the catalog's status note: the text holds something that may have changed since. */
    showStatus: z.boolean().default(false),
  })
  .strict();
export type Citation = z.infer<typeof citationSchema>;

const citations = z
  .union([citationSchema, z.array(citationSchema)])
  .transform((c) => (Array.isArray(c) ? c : [c]));

const range = z.object({ atLeast: z.number().optional(), below: z.number().optional() }).strict();
/** Answer key → the value(s) it must have, or a range for numbers. All must hold. */
const condition = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), range]));
export type Condition = z.infer<typeof condition>;
export const conditionSchema = condition;

const fails = z.union([
  z.object({ below: z.number() }).strict(),
  z.object({ above: z.number() }).strict(),
  z.object({ percentAbove: z.number() }).strict(),
  z.object({ percentAtLeast: z.number() }).strict(),
  z.object({ chose: z.array(z.string()).min(1) }).strict(),
]);
export type FailCondition = z.infer<typeof fails>;

const rule = z
  .object({
    when: condition.optional(),
    fails,
    /** Said at once when the answer breaks the rule; {value} and {percent} are the answer. */
    message: z.string().min(1),
    cite: citations.refine((c) => c.length > 0, 'a rule must cite the law'),
  })
  .strict();
export type Rule = z.infer<typeof rule>;

/** One text, or variants tried in order: the first whose `when` holds (or has none) is used. */
const variantText = z.union([
  z.string().min(1),
  z.array(z.object({ when: condition.optional(), text: z.string().min(1) }).strict()).min(1),
]);
export type VariantText = z.infer<typeof variantText>;

const option = z
  .object({
    value: kebab,
    /** The button text. */
    label: z.string().min(1),
    /** Other ways people type it, matched without diacritics. */
    aliases: z.array(z.string()).default([]),
    /** One line telling a user who does not know the term what it means. */
    explain: z.string().optional(),
    /** Picks every other option (multiple choice only). */
    all: z.boolean().default(false),
    /** A "not sure" option: shows this text and asks again instead of recording an answer. */
    help: z.string().optional(),
    helpCite: citations.default([]),
  })
  .strict();
export type ChoiceOption = z.infer<typeof option>;

const stepBase = {
  id: kebab,
  /** The answer key; several steps may fill one key under different conditions. Defaults to id. */
  saveAs: kebab.optional(),
  when: condition.optional(),
  question: variantText,
  /** How to answer, shown under the question and again when an answer is not understood. */
  hint: z.string().optional(),
  cite: citations.default([]),
  /** How the answer reads in the summary of the result, e.g. "{value} thành viên". */
  summary: z.string().optional(),
  rules: z.array(rule).default([]),
};

const choiceStep = z
  .object({
    ...stepBase,
    kind: z.literal('choice'),
    multiple: z.boolean().default(false),
    options: z.array(option).min(2),
  })
  .strict();

const numberStep = z
  .object({
    ...stepBase,
    kind: z.literal('number'),
    unit: z.enum(['count', 'age', 'money', 'months']),
    /** The answer is a part of an earlier answer: a percentage of it is accepted too. */
    partOf: kebab.optional(),
    /** Bounds of a believable answer (not legal limits: those are rules). */
    min: z.number().optional(),
    max: z.number().optional(),
    /** Words people put around the number ("người", "tuổi") that do not change it. */
    units: z.array(z.string()).default([]),
    buttons: z.array(z.string()).default([]),
    /** Whole answers that stand for a number, e.g. "không có" → 0. */
    aliases: z.record(z.string(), z.number()).default({}),
  })
  .strict();

const provinceStep = z.object({ ...stepBase, kind: z.literal('province') }).strict();

/** A required start of the answer, spelt out when typed short: "HTX Thành Công" → "Hợp tác xã Thành Công". */
const prefixVariant = z
  .object({ when: condition.optional(), text: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) })
  .strict();

/** Words typed as they are: a name, an address, business lines, members' names. */
const textStep = z
  .object({
    ...stepBase,
    kind: z.literal('text'),
    /** Several items ("trồng lúa, nuôi cá"): split at commas, semicolons and line breaks, stored joined by "; ". */
    list: z.boolean().default(false),
    /** Answers that skip the step (the first is its button); a skipped step is stored empty. */
    skip: z.array(z.string().min(1)).default([]),
    /** The first variant whose `when` holds (or has none) starts the answer, added when not typed. */
    prefix: z.array(prefixVariant).default([]),
    /** The longest believable answer, in characters. */
    maxLength: z.number().int().positive().default(300),
  })
  .strict();

const step = z.discriminatedUnion('kind', [choiceStep, numberStep, provinceStep, textStep]);
export type Step = z.infer<typeof step>;
export type ChoiceStep = z.infer<typeof choiceStep>;
export type NumberStep = z.infer<typeof numberStep>;
export type TextStep = z.infer<typeof textStep>;

const item = z.object({ when: condition.optional(), text: z.string().min(1), cite: citations.default([]) }).strict();

const section = z
  .object({
    when: condition.optional(),
    title: z.string().min(1),
    /** "local-plans": the province's own plans from the knowledge base come before the items. */
    kind: z.enum(['items', 'local-plans']).default('items'),
    /** Said when a local-plans section finds no plan for the province. */
    empty: z.string().optional(),
    items: z.array(item).default([]),
  })
  .strict();
export type ResultSection = z.infer<typeof section>;

const flowSchema = z
  .object({
    id: kebab,
    /**
     * Regular expressions over the message folded to ASCII lower case: "I want this flow". Flows are
     * tried in file-name order and the first that matches wins.
     */
    intents: z.array(z.string()).default([]),
    /**
     * Messages matching an intent that are nonetheless questions of fact for the answerer
     * ("thành lập HTX cần mấy người?"), not requests for the guide. Same syntax as intents.
     */
    notIntents: z.array(z.string()).default([]),
    intro: z.string().min(1),
    steps: z.array(step).min(1),
    result: z
      .object({
        title: z.string().min(1),
        /** Said under the summary, e.g. that amounts are set by the Government. */
        note: z.string().optional(),
        /** The answers that break a rule: a page of their own under this title; `none` is said when none does. */
        problems: z.object({ title: z.string().min(1), none: z.string().min(1) }).strict().optional(),
        sections: z.array(section).min(1),
        /** The papers filled in from the answers: knowledge/flows/papers/<id>.yaml. */
        papers: kebab.optional(),
      })
      .strict(),
    /** Buttons on the result that open another flow, carrying answers it would ask again. */
    handoffs: z
      .array(z.object({ label: z.string().min(1), flow: kebab, carry: z.array(kebab).default([]) }).strict())
      .default([]),
  })
  .strict();
export type FlowDefinition = z.infer<typeof flowSchema>;

const phrases = z.array(z.string().min(1)).min(1);
const commonSchema = z
  .object({
    controls: z.object({ back: phrases, restart: phrases, resume: phrases, leave: phrases }).strict(),
    buttons: z
      .object({
        back: z.string().min(1),
        restart: z.string().min(1),
        /** The pages of a result: the next one, the one before, and the papers as a file. */
        next: z.string().min(1),
        previous: z.string().min(1),
        papers: z.string().min(1),
      })
      .strict(),
    messages: z
      .object({
        questionNumber: z.string().min(1),
        citationLabel: z.string().min(1),
        notUnderstood: z.string().min(1),
        ambiguous: z.string().min(1),
        outOfRange: z.string().min(1),
        largerThanWhole: z.string().min(1),
        /** "{former} (nay thuộc {current})": a province answer that names a province merged in 2025. */
        formerProvinceName: z.string().min(1),
        firstStep: z.string().min(1),
        resumed: z.string().min(1),
        left: z.string().min(1),
        flowChanged: z.string().min(1),
        problemPrefix: z.string().min(1),
        problemFollowUp: z.string().min(1),
        localPlanStatus: z.string().min(1),
        /** Before a step asked again after a question answered in the middle of it. */
        askedAgain: z.string().min(1),
        /** Said when a province given is one merged into another in 2025: {former}, {current}. */
        formerProvince: z.string().min(1),
        /** After a plan of a province since merged into the user's: {former}, {current}. */
        formerLocalPlan: z.string().min(1),
        /** Result pages: "Phần {n}/{total}", the list of parts, how to move between them. */
        page: z.string().min(1),
        /** After the title of a part that goes on from the page before. */
        continued: z.string().min(1),
        contents: z.string().min(1),
        pagesHint: z.string().min(1),
        /** {count} problems, on the first page; their list is the next page. */
        problemsCount: z.string().min(1),
        /** On the first page when the flow has papers: {forms} names them. */
        papersHint: z.string().min(1),
        /** With the file. */
        papersReady: z.string().min(1),
        /** Shown instead when the file could not be made. */
        papersFailed: z.string().min(1),
        /** A text answer longer than the step takes. */
        tooLong: z.string().min(1),
      })
      .strict(),
  })
  .strict();
export type FlowCommon = z.infer<typeof commonSchema>;

const provincesSchema = z
  .object({
    provinces: z
      .array(
        z
          .object({
            name: z.string().min(1),
            kind: z.enum(['tỉnh', 'thành phố']),
            aliases: z.array(z.string()).default([]),
            /** A province merged into another in 2025 (Nghị quyết 202/2025/QH15): the one it belongs to now. */
            now: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Province = z.infer<typeof provincesSchema>['provinces'][number];

export interface FlowLibrary {
  flows: FlowDefinition[];
  common: FlowCommon;
  provinces: Province[];
}

export class FlowDefinitionError extends Error {}

const SHARED_DIR = 'shared';
/** The state of a finished flow points here: no step may take the name. */
export const DONE_STEP = 'done';

function readYaml<T>(file: string, schema: z.ZodType<T>, prepare: (raw: unknown) => unknown = (raw) => raw): T {
  const parsed = schema.safeParse(prepare(parseYaml(readFileSync(file, 'utf8'))));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new FlowDefinitionError(`${file}:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

export function answerKeyOf(step: Step): string {
  return step.saveAs ?? step.id;
}

/** Every text the bot may say with the citations that back it: for checks of the data. */
export interface CitedText {
  where: string;
  texts: string[];
  cites: Citation[];
}

export function citedTexts(flow: FlowDefinition): CitedText[] {
  const out: CitedText[] = [];
  for (const s of flow.steps) {
    const questions = typeof s.question === 'string' ? [s.question] : s.question.map((v) => v.text);
    const explains = s.kind === 'choice' ? s.options.flatMap((o) => (o.explain ? [o.explain] : [])) : [];
    out.push({ where: `${flow.id}/${s.id}`, texts: [...questions, ...explains], cites: s.cite });
    if (s.kind === 'choice') {
      for (const o of s.options) {
        if (o.help) out.push({ where: `${flow.id}/${s.id}/${o.value}`, texts: [o.help], cites: o.helpCite });
      }
    }
    s.rules.forEach((r, i) => out.push({ where: `${flow.id}/${s.id}/rule ${i + 1}`, texts: [r.message], cites: r.cite }));
  }
  for (const section of flow.result.sections) {
    section.items.forEach((it, i) => out.push({ where: `${flow.id}/${section.title}/${i + 1}`, texts: [it.text], cites: it.cite }));
  }
  return out;
}

/** "{members}", or "{province.now}": the province an answer stands for today. */
export const PLACEHOLDER = /\{([a-z0-9-]+)(\.now)?\}/g;
const RULE_PLACEHOLDERS = new Set(['value', 'percent']);

/** Cross-references a schema cannot see: keys used before they are asked, unknown flows, bad patterns. */
function referenceErrors(flow: FlowDefinition, flowIds: Set<string>): string[] {
  const errors: string[] = [];
  const allKeys = new Set(flow.steps.map(answerKeyOf));
  const known = new Set<string>();
  const ids = new Set<string>();
  const checkCondition = (where: string, when: Condition | undefined, keys: Set<string>) => {
    for (const key of Object.keys(when ?? {})) if (!keys.has(key)) errors.push(`${where}: condition on "${key}", not asked before`);
  };
  const checkPlaceholders = (where: string, text: string, keys: Set<string>, extra = new Set<string>()) => {
    for (const [, key] of text.matchAll(PLACEHOLDER)) {
      if (!keys.has(key as string) && !extra.has(key as string)) errors.push(`${where}: unknown placeholder {${key}}`);
    }
  };
  for (const s of flow.steps) {
    const where = `${flow.id}/${s.id}`;
    if (s.id === DONE_STEP) errors.push(`${where}: "${DONE_STEP}" is reserved`);
    if (ids.has(s.id)) errors.push(`${where}: duplicate step id`);
    ids.add(s.id);
    checkCondition(where, s.when, known);
    const questions = typeof s.question === 'string' ? [{ text: s.question }] : s.question;
    for (const q of questions) {
      checkCondition(where, 'when' in q ? q.when : undefined, known);
      checkPlaceholders(where, q.text, known);
    }
    if (s.kind === 'number' && s.partOf && !known.has(s.partOf)) errors.push(`${where}: partOf "${s.partOf}", not asked before`);
    if (s.kind === 'text' && s.rules.length > 0) errors.push(`${where}: a text step has no rules to check`);
    if (s.kind === 'text') for (const p of s.prefix) checkCondition(where, p.when, known);
    if (s.kind === 'choice') {
      const values = s.options.map((o) => o.value);
      if (new Set(values).size !== values.length) errors.push(`${where}: duplicate option values`);
      if (s.options.some((o) => o.all) && !s.multiple) errors.push(`${where}: an "all" option needs multiple: true`);
    }
    for (const r of s.rules) {
      checkCondition(where, r.when, new Set([...known, answerKeyOf(s)]));
      checkPlaceholders(where, r.message, known, RULE_PLACEHOLDERS);
      const percent = 'percentAbove' in r.fails || 'percentAtLeast' in r.fails;
      if (percent && !(s.kind === 'number' && s.partOf)) errors.push(`${where}: a percentage rule needs partOf`);
      if ('chose' in r.fails && s.kind === 'choice') {
        for (const v of r.fails.chose) if (!s.options.some((o) => o.value === v)) errors.push(`${where}: rule on unknown option "${v}"`);
      }
    }
    known.add(answerKeyOf(s));
  }
  for (const section of flow.result.sections) {
    const where = `${flow.id}/result/${section.title}`;
    checkCondition(where, section.when, allKeys);
    checkPlaceholders(where, section.title, allKeys);
    if (section.kind === 'local-plans' && !section.empty) errors.push(`${where}: a local-plans section needs "empty"`);
    for (const it of section.items) {
      checkCondition(where, it.when, allKeys);
      checkPlaceholders(where, it.text, allKeys);
    }
  }
  for (const h of flow.handoffs) if (!flowIds.has(h.flow)) errors.push(`${flow.id}: handoff to unknown flow "${h.flow}"`);
  for (const pattern of [...flow.intents, ...flow.notIntents]) {
    try {
      new RegExp(pattern);
    } catch {
      errors.push(`${flow.id}: intent pattern is not a regular expression: ${pattern}`);
    }
  }
  return errors;
}

/**
 * Reads every flow (*.yaml in flowsDir, in name order) and the shared files (shared/common.yaml,
 * shared/provinces.yaml); throws FlowDefinitionError naming each problem so a bad edit stops
 * the bot at start-up rather than in a conversation.
 */
/**
 * A step's rule may be `{ use: <id> }`: a rule of knowledge/rules.yaml, the same the answers to
 * applied questions decide by. It becomes the inline form here, before the schema checks it.
 */
function withSharedRules(rules: LegalRule[]): (raw: unknown) => unknown {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return (raw) => {
    const flow = raw as { steps?: Array<{ rules?: Array<Record<string, unknown>> }> };
    for (const step of flow?.steps ?? []) {
      step.rules = step.rules?.map((r) => {
        if (typeof r.use !== 'string') return r;
        const rule = byId.get(r.use);
        if (!rule) throw new FlowDefinitionError(`a flow uses rule "${r.use}", which knowledge/rules.yaml does not define`);
        return { ...(r.when ? { when: r.when } : {}), ...flowRule(rule) };
      });
    }
    return raw;
  };
}

/** The guide's form of a shared rule: what fails it, its message, and its citations (the basis as mustContain). */
function flowRule(rule: LegalRule): Omit<Rule, 'when'> {
  const share = isShare(rule.measure);
  if (rule.below !== undefined && !share) throw new FlowDefinitionError(`rule "${rule.id}": the guide checks "below" limits on shares only`);
  const fails: Rule['fails'] =
    rule.atLeast !== undefined
      ? { below: rule.atLeast }
      : rule.below !== undefined
        ? { percentAtLeast: rule.below }
        : share
          ? { percentAbove: rule.atMost! }
          : { above: rule.atMost! };
  const cite = [{ ref: rule.ref, basis: rule.basis }, ...rule.also].map((c) => ({ doc: rule.doc, ...refParts(c.ref), mustContain: [c.basis], showStatus: false }));
  // The guide knows a share as a percentage of another answer: {percent}, not the amount typed.
  return { fails, message: share ? rule.fails.replaceAll('{value}', '{percent}%') : rule.fails, cite };
}

export function loadFlowLibrary(flowsDir: string, rulesFile = join(flowsDir, '..', 'rules.yaml')): FlowLibrary {
  const files = readdirSync(flowsDir).filter((f) => f.endsWith('.yaml')).sort();
  // A folder of flows alone (tests, a new flow drafted apart) may have no shared rules beside it.
  const prepare = withSharedRules(existsSync(rulesFile) ? loadRuleBook(rulesFile) : []);
  const flows = files.map((f) => readYaml(join(flowsDir, f), flowSchema, prepare));
  const common = readYaml(join(flowsDir, SHARED_DIR, 'common.yaml'), commonSchema);
  const { provinces } = readYaml(join(flowsDir, SHARED_DIR, 'provinces.yaml'), provincesSchema);
  const flowIds = new Set(flows.map((f) => f.id));
  const errors = [...flows.flatMap((f) => referenceErrors(f, flowIds)), ...provinceErrors(provinces)];

  for (const from of flows) {
    for (const handoff of from.handoffs) {
      const to = flows.find((f) => f.id === handoff.flow);
      for (const key of handoff.carry) {
        const askedIn = (flow: FlowDefinition | undefined) => flow?.steps.some((s) => answerKeyOf(s) === key) ?? false;
        if (!askedIn(from) || (to && !askedIn(to))) errors.push(`${from.id}: handoff carries "${key}", not asked in both flows`);
      }
    }
  }
  if (flowIds.size !== flows.length) errors.push('two flow files share an id');
  if (errors.length > 0) throw new FlowDefinitionError(`flows in ${flowsDir}:\n  ${errors.join('\n  ')}`);
  return { flows, common, provinces };
}

/** A former province must point to a current one; no name twice. */
function provinceErrors(provinces: Province[]): string[] {
  const errors: string[] = [];
  const names = provinces.map((p) => p.name);
  for (const name of new Set(names)) if (names.indexOf(name) !== names.lastIndexOf(name)) errors.push(`provinces: "${name}" twice`);
  for (const p of provinces) {
    if (p.now !== undefined && !provinces.some((q) => q.name === p.now && q.now === undefined)) {
      errors.push(`provinces: ${p.name} is now part of "${p.now}", which is not a current province`);
    }
  }
  return errors;
}
