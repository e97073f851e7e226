import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The limits the law sets in numbers (knowledge/rules.yaml): one set of rules for the founding
 * guide, which checks each answer against them, and for answers to applied questions ("lập HTX với
 * 4 người được không"), which decide by them.
 */
export const MEASURES = [
  'members',
  'cooperatives',
  'age',
  'capital-share',
  'foreign-share',
  'registered-months',
  'board-members',
  'supervisors',
  'term-years',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Organisation = 'hop-tac-xa' | 'lien-hiep' | 'to-hop-tac';

const REF = /^(\d+[a-zđ]?)(?:\.(\d+))?(?:\.([a-zđ]))?$/;
const source = z.object({ ref: z.string().regex(REF), basis: z.string().min(3) }).strict();

const ruleSchema = z
  .object({
    id: z.string().min(1),
    organisation: z.enum(['hop-tac-xa', 'lien-hiep', 'to-hop-tac']),
    measure: z.enum(MEASURES),
    atLeast: z.number().optional(),
    below: z.number().optional(),
    atMost: z.number().optional(),
    doc: z.string().min(1),
    ref: z.string().regex(REF),
    basis: z.string().min(3),
    also: z.array(source).default([]),
    fails: z.string().min(1),
    meets: z.string().min(1),
  })
  .strict()
  .refine((r) => [r.atLeast, r.below, r.atMost].filter((x) => x !== undefined).length === 1, 'a rule sets exactly one limit: atLeast, below or atMost');

export type LegalRule = z.infer<typeof ruleSchema>;

export function parseRuleBook(yamlText: string): LegalRule[] {
  const rules = z.object({ rules: z.array(ruleSchema) }).parse(parseYaml(yamlText)).rules;
  const ids = new Set(rules.map((r) => r.id));
  if (ids.size !== rules.length) throw new Error('rules.yaml: two rules share an id');
  return rules;
}

export function loadRuleBook(file: string): LegalRule[] {
  return parseRuleBook(readFileSync(file, 'utf8'));
}

/** Whether a value keeps the rule's limit. */
export function meetsRule(rule: LegalRule, value: number): boolean {
  if (rule.atLeast !== undefined) return value >= rule.atLeast;
  if (rule.below !== undefined) return value < rule.below;
  return value <= rule.atMost!;
}

/** A share of a whole ("30% vốn điều lệ"): the guide computes it as a percentage of another answer. */
export const isShare = (measure: Measure) => measure === 'capital-share' || measure === 'foreign-share';

/** "30.1.a" → { article: 30, clause: 1, point: "a" }, as the guide's citations name them. */
export function refParts(ref: string): { article: number; clause?: number; point?: string } {
  const [, article, clause, point] = REF.exec(ref)!;
  return { article: Number.parseInt(article!, 10), ...(clause ? { clause: Number(clause) } : {}), ...(point ? { point } : {}) };
}
