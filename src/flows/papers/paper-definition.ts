import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { answerKeyOf, conditionSchema, FlowDefinitionError, type FlowDefinition } from '../flow-definition.ts';

/**
 * The shape of knowledge/flows/papers/*.yaml: the papers a flow fills in from its answers, as
 * drafts of official forms. Labels are the forms' own, short; at run time each is looked up in the
 * imported text of the circular the forms belong to (form-labels.ts). Values are templates over the
 * answers (paper-values.ts): "{name:upper}", "{charter-capital:words}", "{address:commune}".
 */

const when = conditionSchema.optional();

/** A labelled line of the form, filled with `value` or left dotted for the user to write. */
const field = z.object({ field: z.string().min(1), value: z.string().default(''), when }).strict();
/** A numbered part of the form: "2. Tên hợp tác xã". */
const heading = z.object({ heading: z.string().min(1), when }).strict();
/** A line of the form as it stands ("Danh sách thành viên gửi kèm …"). */
const line = z.object({ line: z.string().min(1), when }).strict();
/** The project's own note to the user, set apart (italics) from the form's text. */
const hint = z.object({ hint: z.string().min(1), when }).strict();
/** Boxes to tick: the first option whose `when` holds is ticked, or else the `default` one. */
const choice = z
  .object({
    choice: z
      .array(z.object({ label: z.string().min(1), when, default: z.boolean().default(false) }).strict())
      .min(2),
    when,
  })
  .strict();

const tableGroup = z
  .object({
    /** A row naming the group ("Thành viên chính thức"), with its mark in the first column ("I"). */
    label: z.string().min(1).optional(),
    mark: z.string().optional(),
    when,
    /** One row per item of this list answer; `cells` say what each column shows ({n}, {item}, {main}). */
    list: z.string().min(1).optional(),
    cells: z.array(z.string()).default([]),
    /** Blank rows added until the group has this answer's count of rows (at most MAX_PADDED_ROWS). */
    padTo: z.string().min(1).optional(),
    /** Blank rows after the others, for what the user adds by hand. */
    blank: z.number().int().min(0).default(0),
    /** Rows as given (templates), e.g. the kinds of capital. */
    rows: z.array(z.array(z.string())).default([]),
  })
  .strict();
const column = z.union([z.string().min(1), z.object({ label: z.string().min(1), when }).strict()]);
const table = z.object({ table: z.object({ columns: z.array(column).min(1), groups: z.array(tableGroup).min(1) }).strict(), when }).strict();
/** Who signs, and how: "NGƯỜI ĐƯỢC ỦY QUYỀN ĐĂNG KÝ THÀNH LẬP HỢP TÁC XÃ", "(Ký và ghi họ tên)". */
const signature = z.object({ signature: z.array(z.string().min(1)).min(1) }).strict();

/** Lines printed centred at the head of the form: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", the motto. */
const centered = z.object({ centered: z.array(z.string().min(1)).min(1) }).strict();
/** The place and date line, on the right: left for the user to write. */
const dated = z.object({ dated: z.string().min(1) }).strict();

const block = z.union([field, heading, line, hint, choice, table, signature, centered, dated]);
export type PaperBlock = z.infer<typeof block>;
export type TableGroup = z.infer<typeof tableGroup>;

const form = z
  .object({
    /** The form's sign in the circular: "II-1". */
    id: z.string().regex(/^[IVX]+-\d+$/, 'a form sign such as II-1'),
    /** What it is, in a few words, for the chat and the file: "giấy đề nghị đăng ký". */
    short: z.string().min(1),
    when,
    /** The form's title as printed (capitals): checked against the imported text. */
    title: z.string().min(1),
    /** Wide tables (the member lists) are laid out on landscape pages. */
    landscape: z.boolean().default(false),
    blocks: z.array(block).min(1),
  })
  .strict();
export type PaperForm = z.infer<typeof form>;

const paperSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** The catalog id of the circular that issues the forms. */
    doc: z.string().min(1),
    /** The file's name before ".docx"; the answer placeholders in it are written without diacritics. */
    fileName: z.string().min(1),
    title: z.string().min(1),
    intro: z.string().min(1),
    /** Which forms these are and that the registration office may ask for a newer one: {forms}, {circular}. */
    notice: z.string().min(1),
    checklistTitle: z.string().min(1),
    /** "Phần {n}. Bản nháp Mẫu {form}: {short}". */
    formTitle: z.string().min(1),
    /** What the labels of a form say instead in some cases: "liên hiệp hợp tác xã" for "hợp tác xã". */
    replace: z
      .array(z.object({ when: conditionSchema, from: z.string().min(1), to: z.string().min(1) }).strict())
      .default([]),
    forms: z.array(form).min(1),
  })
  .strict();
export type PaperSet = z.infer<typeof paperSetSchema>;

export function loadPaperSet(file: string): PaperSet {
  const parsed = paperSetSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new FlowDefinitionError(`${file}:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** Every label a paper set takes from its forms, per form: what test/flows checks against the import. */
export function formLabels(form: PaperForm): string[] {
  const labels = [form.title];
  for (const b of form.blocks) {
    if ('field' in b) labels.push(b.field);
    else if ('heading' in b) labels.push(b.heading);
    else if ('line' in b) labels.push(b.line);
    else if ('choice' in b) labels.push(...b.choice.map((o) => o.label));
    else if ('table' in b) {
      labels.push(...b.table.columns.map((c) => (typeof c === 'string' ? c : c.label)));
      for (const g of b.table.groups) if (g.label) labels.push(g.label);
    } else if ('signature' in b) labels.push(...b.signature);
    else if ('centered' in b) labels.push(...b.centered);
  }
  return labels;
}

/** The answer keys a paper set's templates and lists use, to check them against the flow's. */
export function answerKeysUsed(set: PaperSet): string[] {
  const keys = new Set<string>();
  const collect = (text: string) => {
    for (const [, key] of text.matchAll(/\{([a-z0-9-]+)(?::[a-z]+)?\}/g)) keys.add(key as string);
  };
  for (const text of [set.fileName, set.title, set.intro]) collect(text);
  for (const r of set.replace) Object.keys(r.when).forEach((k) => keys.add(k));
  for (const f of set.forms) {
    Object.keys(f.when ?? {}).forEach((k) => keys.add(k));
    for (const b of f.blocks) {
      if ('when' in b) Object.keys(b.when ?? {}).forEach((k) => keys.add(k));
      if ('field' in b) collect(b.value);
      if ('choice' in b) b.choice.forEach((o) => Object.keys(o.when ?? {}).forEach((k) => keys.add(k)));
      if ('table' in b) {
        for (const g of b.table.groups) {
          [g.list, g.padTo].forEach((k) => k && keys.add(k));
          Object.keys(g.when ?? {}).forEach((k) => keys.add(k));
          [...g.cells, ...g.rows.flat()].forEach(collect);
        }
        for (const c of b.table.columns) if (typeof c !== 'string') Object.keys(c.when ?? {}).forEach((k) => keys.add(k));
      }
    }
  }
  // Placeholders of the paper set itself, not answers.
  for (const own of ['n', 'item', 'main', 'today', 'forms', 'circular']) keys.delete(own);
  return [...keys];
}

/**
 * The paper sets of the flows that have one (result.papers: knowledge/flows/papers/<id>.yaml), by
 * flow id; throws naming every answer a paper set uses that its flow does not ask.
 */
export function loadFlowPapers(flowsDir: string, flows: FlowDefinition[]): Map<string, PaperSet> {
  const papers = new Map<string, PaperSet>();
  const errors: string[] = [];
  for (const flow of flows) {
    if (!flow.result.papers) continue;
    const set = loadPaperSet(join(flowsDir, 'papers', `${flow.result.papers}.yaml`));
    const keys = new Set(flow.steps.map(answerKeyOf));
    for (const key of answerKeysUsed(set)) if (!keys.has(key)) errors.push(`${flow.id}: papers "${set.id}" use "${key}", which the flow does not ask`);
    papers.set(flow.id, set);
  }
  if (errors.length > 0) throw new FlowDefinitionError(`papers in ${flowsDir}:\n  ${errors.join('\n  ')}`);
  return papers;
}
