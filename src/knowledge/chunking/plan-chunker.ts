import type { KnowledgeDocument, Passage } from '../types.ts';
import { PASSAGE_MAX_CHARS, PassageBuilder, lengthOf, windows } from './passage-builder.ts';

/** "I.", "II-", "IV)" */
const ROMAN = /^([IVX]{1,5})\s*[.\-–)]\s*(.*)$/;
/** "1.", "2-", "2.1.", "1.2-" */
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})*)\s*[.\-–)]\s*(.*)$/;
/** Distribution list and signature: not content anyone asks about. */
const TRAILER = /^(Nơi nhận|T\/M\b|TM\.|KT\.|\*\*KT\.)/i;

interface Heading {
  level: number;
  label: string;
  title: string;
}

function headingOf(line: string): Heading | undefined {
  const roman = ROMAN.exec(line);
  if (roman) return { level: 1, label: roman[1]!, title: line };
  const numbered = NUMBERED.exec(line);
  if (numbered && !/^\d+\.\d{3}/.test(line)) {
    const label = numbered[1]!;
    return { level: 2 + label.split('.').length - 1, label, title: line };
  }
  return undefined;
}

/** A long numbered paragraph is content with a number; its heading is the text before a colon, if short. */
function shortTitle(line: string): string {
  if (line.length <= 120) return line;
  const colon = line.indexOf(':');
  return colon > 0 && colon <= 100 ? line.slice(0, colon) : `${line.slice(0, 90)}…`;
}

interface Section {
  path: Heading[];
  lines: string[];
}

/** "II" + "2" + "2.1" → "II.2.1": the Roman part and the deepest number, as people quote plans. */
function labelOf(path: Heading[]): string {
  const roman = path.find((h) => h.level === 1)?.label;
  const deepest = [...path].reverse().find((h) => h.level > 1)?.label;
  return [roman, deepest].filter(Boolean).join('.');
}

/**
 * Splits a plan, programme or resolution along its own headings (I., 1., 2.1, bullet groups),
 * keeping the heading path. The text before the first heading (title, purpose, often key figures)
 * is a passage too; the distribution list and signature are dropped.
 */
export function chunkPlanDocument(doc: KnowledgeDocument): Passage[] {
  const { citeAs } = doc.meta;
  const lines = doc.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const end = lines.findIndex((l) => TRAILER.test(l));
  const body = end >= 0 ? lines.slice(0, end) : lines;

  const preamble: string[] = [];
  const sections: Section[] = [];
  let path: Heading[] = [];
  for (const line of body) {
    const heading = headingOf(line);
    if (heading) {
      path = [...path.filter((h) => h.level < heading.level), heading];
      sections.push({ path, lines: [line] });
    } else if (sections.length === 0) {
      preamble.push(line);
    } else {
      sections.at(-1)!.lines.push(line);
    }
  }

  const out = new PassageBuilder(doc);
  windows(preamble).forEach((part) =>
    out.add('mo-dau', { headingPath: ['Phần mở đầu'], citation: `Phần mở đầu ${citeAs}`, lines: part }),
  );
  sections.forEach((section, at) => {
    const own = section.lines.slice(1);
    // A bare heading ("II. MỤC TIÊU") has nothing to quote; its title lives on in its children's path.
    // A short numbered line with no children ("2. UBND các huyện bố trí cán bộ …") is content, kept.
    const hasChildren = sections[at + 1]?.path.includes(section.path.at(-1)!) ?? false;
    if (own.length === 0 && section.lines[0]!.length <= 120 && hasChildren) return;
    const label = labelOf(section.path);
    const headingPath = section.path.map((h) => shortTitle(h.title));
    const context = section.path.slice(0, -1).map((h) => shortTitle(h.title));
    const parts = lengthOf(section.lines) <= PASSAGE_MAX_CHARS ? [section.lines] : windows(section.lines);
    parts.forEach((part, i) => {
      const lead = i === 0 ? [] : [shortTitle(section.lines[0]!)];
      out.add(`muc-${label}`, { headingPath, citation: `Mục ${label} ${citeAs}`, lines: [...context, ...lead, ...part] });
    });
  });
  return out.passages;
}
