import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Passage } from './types.ts';

/**
 * The question bank (knowledge/questions/*.yaml): questions people ask, written by the project in
 * their words, each pointing at the Điều/khoản/điểm (or, in texts without numbering, the line) that
 * answers it. Matching a user's question against these is what lets colloquial wording find formal
 * text, and what makes the answer quote the khoản that says it rather than a neighbour.
 */
const REF = /^(\d+[a-zđ]?)(?:\.(\d+))?(?:\.([a-zđ]))?$/;

const entrySchema = z
  .object({
    ref: z.string().regex(REF, 'ref is "Điều", "Điều.khoản" or "Điều.khoản.điểm", e.g. "30.1.a"').optional(),
    line: z.string().min(3).optional(),
    questions: z.array(z.string().min(3)).min(1),
    lead: z.string().min(3).max(300).optional(),
    basis: z.string().min(2).optional(),
  })
  .refine((e) => e.ref !== undefined || e.line !== undefined, 'an entry needs a ref or a line')
  .refine((e) => (e.lead === undefined) === (e.basis === undefined), 'a lead needs its basis, and a basis its lead');

const fileSchema = z.object({ doc: z.string().min(1), entries: z.array(entrySchema) });

export type BankEntry = z.infer<typeof entrySchema> & { doc: string; id: string };

/** Where an entry points: a passage, the line that answers in it, and the lines of the whole unit (khoản with its điểm). */
export interface BankTarget {
  passageId: string;
  lineIndex: number;
  /** The unit's text: the khoản or điểm line, with the điểm under a khoản. Checked against `basis`. */
  unitText: string;
  /** "Điểm a khoản 1 Điều 30", "Khoản 7 Điều 4", "Điều 12", or undefined for unnumbered texts. */
  unit?: string;
}

export interface ResolvedBankEntry extends BankEntry {
  target: BankTarget;
}

/** Every bank file of a folder; a file that does not parse is reported and left out, never fatal. */
export function loadQuestionBank(dir: string): { entries: BankEntry[]; problems: string[] } {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return { entries: [], problems: [] };
  }
  const entries: BankEntry[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      entries.push(...parseQuestionBank(readFileSync(join(dir, file), 'utf8'), file));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { entries, problems };
}

export function parseQuestionBank(yamlText: string, source = 'questions'): BankEntry[] {
  const parsed = fileSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { doc, entries } = parsed.data;
  return entries.map((e, i) => ({
    ...e,
    questions: e.questions.map((q) => q.normalize('NFC')),
    ...(e.lead ? { lead: e.lead.normalize('NFC').trim() } : {}),
    ...(e.basis ? { basis: e.basis.normalize('NFC') } : {}),
    ...(e.line ? { line: e.line.normalize('NFC') } : {}),
    doc,
    id: `${doc}:${e.ref ?? 'line'}:${i}`,
  }));
}

const CLAUSE = /^(\d+)\.\s/;
const POINT = /^([a-zđ])\)\s/;

interface NumberedLine {
  passageId: string;
  lineIndex: number;
  text: string;
  clause?: string;
  point?: string;
}

/**
 * The body lines of one article across its passages, each with the khoản and điểm it belongs to.
 * A long khoản split over several passages continues in the next one, so the numbering is tracked
 * across them; the article heading and a repeated lead-in are skipped.
 */
function articleLines(passages: Passage[]): NumberedLine[] {
  const out: NumberedLine[] = [];
  const seen = new Set<string>();
  let clause: string | undefined;
  let point: string | undefined;
  for (const p of passages) {
    p.text.split('\n').filter((l) => l.trim()).forEach((text, lineIndex) => {
      if (lineIndex === 0) return;
      const c = CLAUSE.exec(text)?.[1];
      const pt = POINT.exec(text)?.[1];
      if (c) [clause, point] = [c, undefined];
      else if (pt) point = pt;
      else if (seen.has(text)) return; // a lead-in repeated in every part
      seen.add(text);
      out.push({ passageId: p.id, lineIndex, text, clause, point });
    });
  }
  return out;
}

/** Resolves an entry against the passages of its document; a reason when it cannot. */
export function resolveBankEntry(entry: BankEntry, docPassages: Passage[]): ResolvedBankEntry | { error: string } {
  if (docPassages.length === 0) return { error: `document ${entry.doc} is not loaded` };
  const has = (text: string) => entry.line === undefined || text.includes(entry.line);
  if (!entry.ref) {
    for (const p of docPassages) {
      const lines = p.text.split('\n').filter((l) => l.trim());
      const lineIndex = lines.findIndex((l) => has(l));
      if (lineIndex >= 0) return withBasis(entry, { passageId: p.id, lineIndex, unitText: lines[lineIndex]! });
    }
    return { error: `line "${entry.line}" not found in ${entry.doc}` };
  }
  const [, article, clause, point] = REF.exec(entry.ref)!;
  const ofArticle = docPassages.filter((p) => new RegExp(`^Điều ${article}\\.`).test(p.text));
  if (ofArticle.length === 0) return { error: `Điều ${article} not found in ${entry.doc}` };
  const lines = articleLines(ofArticle);
  const inUnit = lines.filter((l) => (!clause || l.clause === clause) && (!point || l.point === point));
  if (inUnit.length === 0) {
    if (clause || lines.length > 0) return { error: `${entry.ref} not found in ${entry.doc}` };
    // An article that is only its heading.
    return withBasis(entry, { passageId: ofArticle[0]!.id, lineIndex: 0, unitText: ofArticle[0]!.text.split('\n')[0]!, unit: `Điều ${article}` });
  }
  const answering = inUnit.find((l) => has(l.text));
  if (!answering) return { error: `line "${entry.line}" not found in ${entry.ref} of ${entry.doc}` };
  const unit = point ? `Điểm ${point} khoản ${clause} Điều ${article}` : clause ? `Khoản ${clause} Điều ${article}` : `Điều ${article}`;
  return withBasis(entry, {
    passageId: answering.passageId,
    lineIndex: answering.lineIndex,
    unitText: inUnit.map((l) => l.text).join('\n'),
    unit,
  });
}

function withBasis(entry: BankEntry, target: BankTarget): ResolvedBankEntry | { error: string } {
  if (entry.basis && !target.unitText.includes(entry.basis)) {
    return { error: `basis "${entry.basis}" is not in ${entry.ref ?? entry.line} of ${entry.doc}` };
  }
  return { ...entry, target };
}

/** Every entry resolved against the library's passages, and the ones that could not be. */
export function resolveQuestionBank(
  entries: BankEntry[],
  passages: Passage[],
): { resolved: ResolvedBankEntry[]; unresolved: Array<{ entry: BankEntry; error: string }> } {
  const byDoc = new Map<string, Passage[]>();
  for (const p of passages) byDoc.set(p.docId, [...(byDoc.get(p.docId) ?? []), p]);
  const resolved: ResolvedBankEntry[] = [];
  const unresolved: Array<{ entry: BankEntry; error: string }> = [];
  for (const entry of entries) {
    const r = resolveBankEntry(entry, byDoc.get(entry.doc) ?? []);
    if ('error' in r) unresolved.push({ entry, error: r.error });
    else resolved.push(r);
  }
  return { resolved, unresolved };
}
