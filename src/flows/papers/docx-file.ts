import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { ReplyFile } from '../../conversation/types.ts';
import type { DocBlock, PaperDocument } from './paper-document.ts';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Papers are made again on request: older ones are removed when a new one is written. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** Where the form leaves room to write. */
const BLANK = '…………………………………………';
/** Font sizes in half-points: the forms' 13 pt, tables at 9 pt so that a member list fits a landscape page. */
const BODY_SIZE = 26;
const TABLE_SIZE = 18;

function run(text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, ...options });
}

function cell(text: string, bold: boolean): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [run(text, { bold, size: TABLE_SIZE })] })] });
}

function blockElements(block: DocBlock): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'title':
      return [new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [run(block.text, { bold: true })] })];
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 }, children: [run(block.text, { bold: true })] })];
    case 'subheading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 160, after: 60 }, children: [run(block.text, { bold: true })] })];
    case 'paragraph': {
      const alignment = block.align === 'center' ? AlignmentType.CENTER : block.align === 'right' ? AlignmentType.RIGHT : undefined;
      return [new Paragraph({ ...(alignment ? { alignment } : {}), children: [run(block.text, { bold: block.bold, italics: block.italic })] })];
    }
    case 'bullet':
      return [new Paragraph({ bullet: { level: 0 }, children: [run(block.text)] })];
    case 'field':
      // The user's own words stand out from the form's.
      return [new Paragraph({ children: [run(`${block.label}: `), block.value === '' ? run(BLANK) : run(block.value, { bold: true })] })];
    case 'choice':
      return block.options.map((o) => new Paragraph({ indent: { left: 360 }, children: [run(`${o.checked ? '☒' : '☐'} ${o.label}`, { bold: o.checked })] }));
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: block.columns.map((c) => cell(c, true)) }),
            ...block.rows.map((r) => new TableRow({ children: r.cells.map((c) => cell(c, r.group)) })),
          ],
        }),
        new Paragraph({ children: [] }),
      ];
    case 'signature':
      return block.lines.map(
        (line, i) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: i === 0 ? { before: 240 } : {}, children: [run(line, { bold: i === 0, italics: i > 0 })] }),
      );
  }
}

function sectionOf(section: PaperDocument['sections'][number]): ISectionOptions {
  return {
    properties: section.landscape ? { page: { size: { orientation: PageOrientation.LANDSCAPE } } } : {},
    children: section.blocks.flatMap(blockElements),
  };
}

/** The document as the bytes of a .docx file (Office Open XML, opened by Word, LibreOffice, WPS and phones). */
export async function docxBytes(document: PaperDocument): Promise<Buffer> {
  const doc = new Document({
    creator: 'htx-bot',
    title: document.title,
    styles: { default: { document: { run: { font: 'Times New Roman', size: BODY_SIZE } } } },
    sections: document.sections.map(sectionOf),
  });
  return Packer.toBuffer(doc);
}

/**
 * Writes the document under `dir`, in a folder of its own so that the file keeps its readable name
 * (Zalo shows the name of the file it uploads), and removes papers older than a week.
 */
export async function writeDocx(document: PaperDocument, dir: string): Promise<ReplyFile> {
  const root = resolve(dir);
  await removeOld(root);
  const folder = join(root, `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const name = `${document.fileName}.docx`;
  const path = join(folder, name);
  await writeFile(path, await docxBytes(document), { mode: 0o600 });
  return { name, path, mime: DOCX_MIME };
}

async function removeOld(root: string): Promise<void> {
  const entries = await readdir(root).catch(() => [] as string[]);
  const cutoff = Date.now() - KEEP_MS;
  await Promise.all(
    entries.map(async (entry) => {
      const path = join(root, entry);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(path, { recursive: true, force: true });
    }),
  );
}
