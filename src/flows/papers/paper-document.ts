import type { RenderContext } from '../answer-display.ts';
import { conditionHolds, type Answers } from '../conditions.ts';
import type { ResultPart } from '../render-result.ts';
import { foldAnswer } from '../text-match.ts';
import { resolveLabel, resolveLine, type FormText } from './form-labels.ts';
import type { PaperBlock, PaperForm, PaperSet, TableGroup } from './paper-definition.ts';
import { fillPaperTemplate, listAnswer } from './paper-values.ts';

/** A document as plain data, laid out by docx-file.ts. */
export type DocBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string; align?: 'center' | 'right'; bold?: boolean; italic?: boolean }
  | { kind: 'bullet'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'choice'; options: Array<{ label: string; checked: boolean }> }
  | { kind: 'table'; columns: string[]; rows: Array<{ cells: string[]; group: boolean }> }
  | { kind: 'signature'; lines: string[] };

export interface DocSection {
  landscape: boolean;
  blocks: DocBlock[];
}

export interface PaperDocument {
  /** Without extension or diacritics: "ho-so-thanh-lap-hop-tac-xa-thanh-cong". */
  fileName: string;
  title: string;
  sections: DocSection[];
}

export interface PaperInputs {
  set: PaperSet;
  answers: Answers;
  context: RenderContext;
  /** The personal checklist, as the chat shows it, and the lines above it (summary, whether the answers fit). */
  checklist: { head: string[]; parts: ResultPart[] };
  /** How the circular is cited, and the catalog's warnings about it. */
  circular: { citeAs: string; notes: string[] };
  /** The imported text of a form ("II-1"), when the circular is imported. */
  formText: (id: string) => FormText | undefined;
  today: Date;
}

/** Labels in a table never need more rows than this: a co-op of 200 lists its members on the form itself. */
const MAX_PADDED_ROWS = 30;

/** The chat's light markup, for a document: no "**", no leading bullet. */
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/^•\s*/u, '');
}

function dateOf(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(day.getDate())}/${pad(day.getMonth() + 1)}/${day.getFullYear()}`;
}

/** "liên hiệp hợp tác xã" for "hợp tác xã", in the case the label has ("HỢP TÁC XÃ" → "LIÊN HIỆP HỢP TÁC XÃ"). */
function adapter(set: PaperSet, answers: Answers): (text: string) => string {
  const rules = set.replace.filter((r) => conditionHolds(r.when, answers));
  return (text) =>
    rules.reduce((acc, { from, to }) => {
      const pattern = new RegExp(`(?<!${escape(to.slice(0, to.length - from.length))})${escape(from)}`, 'giu');
      return acc.replace(pattern, (found) => {
        if (found === found.toLocaleUpperCase('vi')) return to.toLocaleUpperCase('vi');
        if (found[0] !== found[0]?.toLocaleLowerCase('vi')) return to.charAt(0).toLocaleUpperCase('vi') + to.slice(1);
        return to;
      });
    }, text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tableRows(groups: TableGroup[], width: number, answers: Answers, fill: (text: string, extra?: Record<string, string>) => string, adapt: (t: string) => string) {
  const rows: Array<{ cells: string[]; group: boolean }> = [];
  const sized = (cells: string[]) => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')].slice(0, width);
  for (const group of groups.filter((g) => conditionHolds(g.when, answers))) {
    if (group.label) rows.push({ cells: sized([group.mark ?? '', adapt(group.label)]), group: true });
    for (const fixed of group.rows) rows.push({ cells: sized(fixed.map((cell) => adapt(fill(cell)))), group: false });
    const items = group.list ? listAnswer(answers, group.list) : [];
    const wanted = group.padTo ? Number(answers[group.padTo] ?? 0) : 0;
    const count = Math.max(items.length, Math.min(Number.isFinite(wanted) ? wanted : 0, MAX_PADDED_ROWS)) + group.blank;
    for (let i = 0; i < count && group.cells.length > 0; i += 1) {
      const extra = { n: String(i + 1), item: items[i] ?? '', main: i === 0 && items.length > 0 ? 'X' : '' };
      rows.push({ cells: sized(group.cells.map((cell) => fill(cell, extra))), group: false });
    }
  }
  return rows;
}

function formBlocks(form: PaperForm, inputs: PaperInputs, adapt: (t: string) => string): DocBlock[] {
  const { answers, context } = inputs;
  const text = inputs.formText(form.id);
  const fill = (template: string, extra: Record<string, string> = {}) => fillPaperTemplate(template, answers, context, extra);
  // Labels are read in order: one that appears twice (the representative's "Điện thoại", then the
  // head office's) is the one after the label read before it.
  let cursor = 0;
  const read = (resolved: { text: string; line: number }) => {
    cursor = resolved.line;
    return adapt(resolved.text);
  };
  const label = (short: string) => read(resolveLabel(text, short, cursor));
  const out: DocBlock[] = [];
  const applies = (b: PaperBlock) => !('when' in b) || conditionHolds(b.when, answers);
  for (const b of form.blocks.filter(applies)) {
    if ('centered' in b) b.centered.forEach((line, i) => out.push({ kind: 'paragraph', text: adapt(line), align: 'center', bold: i === 0 }));
    else if ('dated' in b) out.push({ kind: 'paragraph', text: b.dated, align: 'right', italic: true });
    else if ('field' in b) out.push({ kind: 'field', label: label(b.field), value: fill(b.value) });
    else if ('heading' in b) out.push({ kind: 'subheading', text: label(b.heading) });
    else if ('line' in b) out.push({ kind: 'paragraph', text: read(resolveLine(text, b.line, cursor)) });
    else if ('hint' in b) out.push({ kind: 'paragraph', text: fill(b.hint), italic: true });
    else if ('choice' in b) {
      const picked = b.choice.findIndex((o) => o.when !== undefined && conditionHolds(o.when, answers));
      const chosen = picked === -1 ? b.choice.findIndex((o) => o.default) : picked;
      out.push({ kind: 'choice', options: b.choice.map((o, i) => ({ label: adapt(o.label), checked: i === chosen })) });
    } else if ('table' in b) {
      const columns = b.table.columns
        .filter((c) => typeof c === 'string' || conditionHolds(c.when, answers))
        .map((c) => adapt(typeof c === 'string' ? c : c.label));
      out.push({ kind: 'table', columns, rows: tableRows(b.table.groups, columns.length, answers, fill, adapt) });
    } else if ('signature' in b) out.push({ kind: 'signature', lines: b.signature.map(adapt) });
  }
  return out;
}

/** A file name from a template over the answers: ASCII, lower case, words joined by "-". */
function fileNameOf(template: string, inputs: PaperInputs): string {
  const filled = fillPaperTemplate(template, inputs.answers, inputs.context);
  const slug = foldAnswer(filled).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 80).replace(/-+$/, '') || 'ho-so';
}

/**
 * The papers of a finished flow: the personal checklist with every item's article, then a draft of
 * each form that applies, filled with the answers and dotted where the user must still write. The
 * head says which forms of which circular these are, and that the registration office may ask for
 * a newer form.
 */
export function paperDocument(inputs: PaperInputs): PaperDocument {
  const { set, answers, context } = inputs;
  const adapt = adapter(set, answers);
  const forms = set.forms.filter((f) => conditionHolds(f.when, answers));
  const extra = {
    today: dateOf(inputs.today),
    forms: forms.map((f) => `Mẫu ${f.id} (${f.short})`).join(', '),
    circular: inputs.circular.citeAs,
  };
  const fill = (template: string) => fillPaperTemplate(template, answers, context, extra);

  const head: DocBlock[] = [
    { kind: 'title', text: fill(set.title) },
    { kind: 'paragraph', text: fill(set.intro) },
    { kind: 'paragraph', text: [fill(set.notice), ...inputs.circular.notes].join(' '), italic: true },
    { kind: 'heading', text: fill(set.checklistTitle) },
    ...inputs.checklist.head.map((line): DocBlock => ({ kind: 'paragraph', text: plain(line) })),
    ...inputs.checklist.parts.flatMap((part): DocBlock[] => [
      { kind: 'subheading', text: plain(part.title) },
      ...part.lines.map((line): DocBlock => ({ kind: 'bullet', text: plain(line) })),
    ]),
  ];
  const sections: DocSection[] = [
    { landscape: false, blocks: head },
    ...forms.map((form, i): DocSection => ({
      landscape: form.landscape,
      blocks: [
        { kind: 'heading', text: set.formTitle.replace('{n}', String(i + 2)).replace('{form}', form.id).replace('{short}', form.short) },
        ...formBlocks(form, inputs, adapt),
      ],
    })),
  ];
  return { fileName: fileNameOf(set.fileName, inputs), title: fill(set.title), sections };
}
