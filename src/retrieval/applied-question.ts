import { type LegalRule, type Measure, type Organisation, isShare, meetsRule } from '../knowledge/rule-book.ts';
import { parseVietnameseNumber } from '../flows/vietnamese-number.ts';
import { foldDiacritics } from './vietnamese.ts';

/**
 * A rule applied to the user's own number: "lập HTX với 4 người được không", "con tôi 17 tuổi vào
 * HTX được không", "một người góp 40% vốn điều lệ có được không". Read from what the question says
 * (a number with its unit, the organisation, the subject it counts), decided by knowledge/rules.yaml.
 */
export interface AppliedQuestion {
  measure: Measure;
  organisation: Organisation;
  value: number;
  /** The value as the answer shows it: "4", "17 tuổi", "40%", "8 tháng". */
  shown: string;
  /** The rule that decides: the first one broken, else the first one kept. */
  rule: LegalRule;
  meets: boolean;
}

/** The question puts its own case: "được không", "có được", "đủ chưa", "có sao không"… */
const ASKS_ABOUT_OWN_CASE = /\b(duoc khong|co duoc|duoc chua|du chua|du khong|co du|co hop le|hop le khong|co sao khong|co vi pham|vi pham khong|co the|co phai|phai khong|thi sao|co qua|qua khong|vuot|co bi|hay khong|khong a|duoc phep|lieu)\b|\bkhong\s*\??\s*$/;

interface Reading {
  measure: Measure;
  /** The unit words that follow the number, folded. */
  units: RegExp;
  /** Words that must also be in the question. */
  context?: RegExp;
  /** The number as the rule counts it ("2 năm" → 24 months). */
  scale?: (unit: string) => number;
}

// Most specific first: "5 người trong hội đồng quản trị" counts the board, not the co-op's members.
const READINGS: Reading[] = [
  { measure: 'age', units: /^tuoi\b/ },
  { measure: 'foreign-share', units: /^(%|phan tram)/, context: /nuoc ngoai/ },
  { measure: 'capital-share', units: /^(%|phan tram)/, context: /\b(von|gop)\b/ },
  { measure: 'term-years', units: /^nam\b/, context: /nhiem ky/ },
  { measure: 'registered-months', units: /^(thang|nam)\b/, context: /to hop tac.*\bchuyen (thanh|len|sang)\b|\bchuyen (thanh|len|sang)\b.*to hop tac/, scale: (u) => (u.startsWith('nam') ? 12 : 1) },
  { measure: 'board-members', units: /^(nguoi|thanh vien)\b/, context: /hoi dong quan tri/ },
  { measure: 'supervisors', units: /^(nguoi|thanh vien|kiem soat vien)\b/, context: /ban kiem soat/ },
  { measure: 'cooperatives', units: /^(hop tac xa|htx)\b/, context: /lien hiep/ },
  { measure: 'members', units: /^(nguoi|thanh vien|xa vien|ho|ca nhan|tv)\b/ },
];

const ORGANISATION_OF: Array<[RegExp, Organisation]> = [
  [/lien hiep/, 'lien-hiep'],
  [/to hop tac/, 'to-hop-tac'],
  [/hop tac xa|\bhtx\b/, 'hop-tac-xa'],
];

/**
 * Number words that are nothing else once folded. "năm" (five, or year), "làm"/"lăm", "tư", "bảy"
 * (seven, or trap), "sáu", "tám", "ba", "không" read as words elsewhere ("người nước ngoài có được
 * làm thành viên"), so only digits or these count.
 */
const NUMBER_WORDS = new Set(['mot', 'hai', 'bon', 'chin', 'muoi', 'tram', 'nghin', 'ngan']);

/** The number just before `at` in folded words: digits ("4", "40%") or unambiguous number words ("bốn", "mười hai"). */
function numberBefore(words: string[], at: number): number | undefined {
  for (let from = Math.max(0, at - 3); from < at; from++) {
    const said = words.slice(from, at);
    const digits = said.every((w) => /^\d+([.,]\d+)?$/.test(w));
    if (!digits && !said.some((w) => NUMBER_WORDS.has(w))) continue;
    if (said.some((w) => w === 'khong' || w === 'lam')) continue;
    const parsed = parseVietnameseNumber(said.join(' '));
    if (parsed && !parsed.percent && parsed.value > 0) return parsed.value;
  }
  return undefined;
}

export function readAppliedQuestion(question: string, rules: readonly LegalRule[]): AppliedQuestion | undefined {
  const folded = foldDiacritics(question).replace(/(\d)\s*%/g, '$1 %').replace(/[^\p{L}\p{N}%\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (!ASKS_ABOUT_OWN_CASE.test(folded)) return undefined;
  const words = folded.split(' ');
  for (const reading of READINGS) {
    if (reading.context && !reading.context.test(folded)) continue;
    for (let i = 1; i < words.length; i++) {
      const rest = words.slice(i).join(' ');
      if (!reading.units.test(rest)) continue;
      const number = numberBefore(words, i);
      if (number === undefined) continue;
      const organisation = organisationFor(folded, reading.measure);
      const candidates = rules.filter((r) => r.measure === reading.measure && r.organisation === organisation);
      if (candidates.length === 0) continue;
      const value = number * (reading.scale?.(rest) ?? 1);
      const broken = candidates.find((r) => !meetsRule(r, value));
      const rule = broken ?? candidates[0]!;
      return { measure: reading.measure, organisation, value, shown: shown(reading.measure, value), rule, meets: !broken };
    }
  }
  return undefined;
}

/** Whose rule: the organisation named (the longest name first), a hợp tác xã when none is. */
function organisationFor(folded: string, measure: Measure): Organisation {
  // A co-op's own bodies and shares: the organisation named is the one they belong to.
  if (measure === 'registered-months') return 'to-hop-tac';
  if (measure === 'cooperatives') return 'lien-hiep';
  return ORGANISATION_OF.find(([pattern]) => pattern.test(folded))?.[1] ?? 'hop-tac-xa';
}

function shown(measure: Measure, value: number): string {
  if (isShare(measure)) return `${value}%`;
  if (measure === 'age') return `${value} tuổi`;
  if (measure === 'registered-months') return `${value} tháng`;
  if (measure === 'term-years') return `${value} năm`;
  if (measure === 'board-members' || measure === 'supervisors') return `${value} người`;
  return String(value);
}
