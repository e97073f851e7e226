import type { Catalog } from '../knowledge/catalog.ts';
import { formatCitations } from './citation.ts';
import { chosenValues, conditionHolds, type Answers } from './conditions.ts';
import {
  answerKeyOf,
  PLACEHOLDER,
  type Citation,
  type FlowCommon,
  type FlowDefinition,
  type Province,
  type Step,
  type VariantText,
} from './flow-definition.ts';
import { formatDecimal, formatVnd } from './vietnamese-number.ts';

/** What every piece of rendering needs: the flow, its shared words, the catalog for citations. */
export interface RenderContext {
  flow: FlowDefinition;
  common: FlowCommon;
  catalog: Catalog;
  provinces: Province[];
}

function formatMonths(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return `${rest} tháng`;
  return rest === 0 ? `${years} năm` : `${years} năm ${rest} tháng`;
}

/** "tỉnh Kon Tum". */
export function provinceName(province: Province): string {
  return `${province.kind} ${province.name}`;
}

/** The province a name stands for today: itself, or the one it was merged into in 2025. */
export function currentProvince(name: string, provinces: Province[]): Province | undefined {
  const named = provinces.find((p) => p.name === name);
  return named?.now === undefined ? named : provinces.find((p) => p.name === named.now);
}

/** The provinces merged into a current one: Kon Tum for Quảng Ngãi. */
export function formerProvincesOf(name: string, provinces: Province[]): Province[] {
  return provinces.filter((p) => p.now === name);
}

/** "tỉnh Kon Tum (nay thuộc tỉnh Quảng Ngãi)" for a former province, as common.yaml words it. */
function provinceAnswer(name: string, context: RenderContext): string {
  const named = context.provinces.find((p) => p.name === name);
  if (!named) return name;
  const now = currentProvince(name, context.provinces);
  if (!now || now === named) return provinceName(named);
  return context.common.messages.formerProvinceName.replace('{former}', provinceName(named)).replace('{current}', provinceName(now));
}

/** An answer as the user would say it: "Hợp tác xã", "500 triệu đồng", "tỉnh Kon Tum". */
export function displayAnswer(step: Step, value: Answers[string], context: RenderContext): string {
  switch (step.kind) {
    case 'choice': {
      const chosen = chosenValues(value);
      // Labels have commas of their own ("Vốn, tín dụng, bảo hiểm").
      return step.options.filter((o) => chosen.includes(o.value)).map((o) => o.label).join('; ');
    }
    case 'province':
      return provinceAnswer(String(value), context);
    case 'text':
      return String(value);
    case 'number': {
      if (typeof value !== 'number') return String(value);
      if (step.unit === 'money') return formatVnd(value);
      if (step.unit === 'months') return formatMonths(value);
      if (step.unit === 'age') return `${value} tuổi`;
      return formatDecimal(value);
    }
  }
}

/**
 * "{members}" → the members answer as displayed; "{province.now}" → the province it is today;
 * `extra` fills rule placeholders ({value}, {percent}).
 */
export function fillTemplate(text: string, answers: Answers, context: RenderContext, extra: Record<string, string> = {}): string {
  return text.replace(PLACEHOLDER, (whole, key: string, now: string | undefined) => {
    if (key in extra) return extra[key] as string;
    const step = context.flow.steps.find((s) => answerKeyOf(s) === key);
    const answer = answers[key];
    if (!step || answer === undefined) return whole;
    if (now !== undefined && step.kind === 'province') {
      const current = currentProvince(String(answer), context.provinces);
      return current ? provinceName(current) : String(answer);
    }
    return displayAnswer(step, answer, context);
  });
}

/** The first variant whose condition holds; a variant without one always does. */
export function pickText(text: VariantText, answers: Answers): string {
  if (typeof text === 'string') return text;
  const variant = text.find((v) => conditionHolds(v.when, answers));
  return variant?.text ?? (text[0] as { text: string }).text;
}

/** "… [Khoản 7 Điều 4 Luật Hợp tác xã 2023 (17/2023/QH15)]". */
export function withCitations(text: string, cites: Citation[], catalog: Catalog): string {
  return cites.length === 0 ? text : `${text} [${formatCitations(cites, catalog)}]`;
}
