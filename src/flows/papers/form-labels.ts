/**
 * The official forms as imported: the appendices of a circular (Thông tư 09/2024/TT-BKHĐT), where
 * each form starts at a line holding its sign alone ("Mẫu II-1") and its table layout is flattened
 * to one cell a line. The papers take their field labels from here at run time, so they follow the
 * forms as imported; the short labels in knowledge/ are what is looked up (and what is shown when
 * the circular is not imported).
 */

/** One form's lines, compared NFC, with runs of spaces and dotted leaders ("……", "....") made plain. */
export interface FormText {
  lines: string[];
  /** All lines joined by spaces, lower case: labels spread over two lines are found here. */
  joined: string;
}

const FORM_SIGN = /^Mẫu [IVX]+-\d+$/u;
/** Dotted leaders where a form leaves room to write: "……", "....", "…./…./….". */
const LEADER = /[.…]{3,}|…/u;

function clean(line: string): string {
  return line.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function comparable(text: string): string {
  return clean(text).toLocaleLowerCase('vi');
}

/**
 * The lines of form `id` ("II-1"). The sign appears once more in the list of forms at the head of
 * the appendices, there followed by the next entry only: the longest run of lines is the form.
 */
export function formSection(circularText: string, id: string): FormText | undefined {
  const lines = circularText.split('\n').map(clean);
  let best: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i] !== `Mẫu ${id}`) continue;
    let end = i + 1;
    while (end < lines.length && !FORM_SIGN.test(lines[end] as string)) end += 1;
    if (end - i > best.length) best = lines.slice(i + 1, end);
  }
  if (best.length === 0) return undefined;
  return { lines: best, joined: comparable(best.join(' ')) };
}

/** Whether the form has the label, anywhere (table headings and titles are spread over lines). */
export function formHasLabel(form: FormText, label: string): boolean {
  return form.joined.includes(comparable(label));
}

/** Where a short label was found: the label as printed, and the line it is on. */
export interface ResolvedLabel {
  text: string;
  line: number;
}

/** The lines from `from` on, then those before it: a label repeated in a form is taken where the reading has got to. */
function linesFrom(form: FormText, from: number): Array<[number, string]> {
  const indexed = form.lines.map((line, i): [number, string] => [i, line]);
  return [...indexed.slice(from), ...indexed.slice(0, from)];
}

function withoutFootnoteMarks(text: string): string {
  return text.replace(/([\p{Ll})])\d+(?=\s|\(|:|$)/gu, '$1');
}

/**
 * The label as the form prints it: the line, from line `from` on, that starts with the short label
 * (or has it after a space: "… Fax (nếu có)"), up to where the form leaves room to write (its ":"
 * or dotted leader), without footnote marks glued to words ("hoạt động3" → "hoạt động").
 * "Tên hợp tác xã viết bằng tiếng Việt" → "Tên hợp tác xã viết bằng tiếng Việt (ghi bằng chữ in
 * hoa)". The short label itself when the form is not imported or has no such line.
 */
export function resolveLabel(form: FormText | undefined, label: string, from = 0): ResolvedLabel {
  if (!form) return { text: label, line: from };
  const wanted = comparable(label);
  for (const [index, raw] of linesFrom(form, from)) {
    const line = raw.replace(/^[-•]\s*/u, '');
    const lower = line.toLocaleLowerCase('vi');
    const at = lower.startsWith(wanted) ? 0 : lower.indexOf(` ${wanted}`) + 1;
    if (at === 0 && !lower.startsWith(wanted)) continue;
    const rest = line.slice(at);
    const leader = rest.search(LEADER);
    const upToLeader = leader === -1 ? rest : rest.slice(0, leader);
    // The first ":" after the short label ends the label.
    const colon = upToLeader.indexOf(':', wanted.length);
    const text = withoutFootnoteMarks(colon === -1 ? upToLeader : upToLeader.slice(0, colon)).replace(/[\s:;,]+$/u, '').trim();
    return { text: text.length >= label.length ? text : label, line: index };
  }
  return { text: label, line: from };
}

/**
 * A whole line of the form that starts with the short label, from line `from` on, without dotted
 * leaders: "7. Người đại diện theo pháp luật: Gửi kèm (kê khai theo Mẫu II-3)".
 */
export function resolveLine(form: FormText | undefined, label: string, from = 0): ResolvedLabel {
  if (!form) return { text: label, line: from };
  const wanted = comparable(label);
  const found = linesFrom(form, from).find(([, line]) => line.toLocaleLowerCase('vi').startsWith(wanted));
  if (!found) return { text: label, line: from };
  const text = withoutFootnoteMarks(found[1].replace(/[.…]{2,}|…/gu, ' '))
    .replace(/\s+/g, ' ')
    .replace(/\s+([.:,;)])/g, '$1')
    .trim();
  return { text, line: found[0] };
}
